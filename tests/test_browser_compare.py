"""In a real browser: a reader picks three roles with the picker and reads what they share."""

import pytest

from roles.models import Duty
from tests.browser import chromium_page
from tests.conftest import add_duty, make_duty, make_field, make_role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_picks_three_roles_and_reads_the_overlap_summary(live_server):
    field = make_field(name="Legal support", slug="legal-support")
    roles = {
        title: make_role(title, field=field)
        for title in ["Legal secretary", "Legal assistant", "Paralegal", "Legal transcriptionist"]
    }
    filing = make_duty("Keep case files", kind=Duty.Kind.ADMINISTRATIVE)
    for title in ["Legal secretary", "Legal assistant", "Paralegal"]:
        add_duty(roles[title], filing)
    add_duty(roles["Paralegal"], make_duty("Research case law", kind=Duty.Kind.RESEARCH))

    with chromium_page() as page:
        page.goto(f"{live_server.url}/compare/")
        page.get_by_label("Role 1").select_option(label="Paralegal")
        page.get_by_label("Role 2").select_option(label="Legal secretary")
        page.get_by_label("Role 3").select_option(label="Legal assistant")
        page.get_by_role("button", name="Compare").click()
        page.wait_for_url("**/compare/legal-assistant-vs-legal-secretary-vs-paralegal/")

        summary = page.locator(".overlap-summary").inner_text()
        assert summary == (
            "Legal assistants, legal secretaries and paralegals all share 1 of their 2 duties."
        )
        headers = page.locator("table.chart thead th").all_inner_texts()
        assert headers == ["Legal assistant", "Legal secretary", "Paralegal"]
