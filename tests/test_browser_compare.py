"""In a real browser: a reader picks jobs with the picker, with and without JavaScript."""

import pytest

from roles.importers.content import load_content
from tests.browser import chromium_page
from tests.catalogue import load_test_catalogue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def guide():
    load_test_catalogue()
    load_content()


def test_without_javascript_a_reader_browses_a_field_ticks_three_roles_and_compares(
    live_server, guide
):
    with chromium_page(javascript=False) as page:
        page.goto(f"{live_server.url}/compare/")
        page.get_by_label("Or browse a field").select_option(label="Legal support")
        page.get_by_role("button", name="Find jobs").click()
        for title in ["Paralegal", "Legal secretary", "Legal assistant"]:
            page.get_by_label(f"{title} (Guide role)", exact=True).check()
        page.get_by_role("button", name="Compare the chosen jobs").click()
        page.wait_for_url("**/compare/legal-assistant-vs-legal-secretary-vs-paralegal/")

        summary = page.locator("section.overlap:not(.shared-work) .overlap-summary").inner_text()
        assert summary.startswith("Legal assistants, legal secretaries and paralegals all share")
        headers = (
            page.locator("#chart-caption").locator("xpath=..").locator("thead th").all_inner_texts()
        )
        assert headers == ["Legal assistant", "Legal secretary", "Paralegal"]


def test_with_javascript_a_reader_types_to_find_jobs_and_compares_a_role_with_an_occupation(
    live_server, guide
):
    with chromium_page() as page:
        page.goto(f"{live_server.url}/compare/")
        search = page.get_by_role("combobox", name="Job title or another name for it")
        search.press_sequentially("parale")
        page.get_by_role("option", name="Paralegal (Guide role)").click()
        assert page.get_by_label("Paralegal (Guide role, Legal support)").is_checked()
        # By keyboard alone: the arrow keys choose a suggestion and Enter adds it.
        search.press_sequentially("lawy")
        page.get_by_role("option", name="Lawyers (Occupation 23-1011.00)").wait_for()
        search.press("ArrowDown")
        search.press("Enter")
        assert page.get_by_label("Lawyers (Occupation 23-1011.00, Legal Occupations)").is_checked()
        assert page.url.endswith("/compare/")  # Enter chose a suggestion; it sent no form
        assert page.locator("#picker-count").inner_text() == "Your choice: 2 of 4 jobs"
        # Untick a job, then choose it again: it is ticked again, not listed twice.
        paralegal = page.get_by_label("Paralegal (Guide role, Legal support)")
        paralegal.uncheck()
        assert page.locator("#picker-count").inner_text() == "Your choice: 1 of 4 jobs"
        search.press_sequentially("parale")
        page.get_by_role("option", name="Paralegal (Guide role)").click()
        assert paralegal.is_checked()
        assert page.locator('input[name="roles"][value="paralegal"]').count() == 1
        page.get_by_role("button", name="Compare the chosen jobs").click()
        page.wait_for_url("**/compare/lawyers-vs-paralegal/")
        rows = (
            page.locator("#chart-caption").locator("xpath=..").locator("tbody th").all_inner_texts()
        )
        assert any(row.startswith("Main tasks") for row in rows)
        assert any(row.startswith("Preparation (O*NET Job Zone)") for row in rows)
