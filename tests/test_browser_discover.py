"""In a real browser: a reader finds a job by a name people use, compares it with an occupation
from another field, and reads the work the two share."""

import pytest

from tests.browser import chromium_page
from tests.catalogue import load_test_catalogue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def catalogue_only():
    load_test_catalogue()


def test_a_reader_searches_by_an_alternate_title_and_compares_across_fields(
    live_server, catalogue_only
):
    with chromium_page() as page:
        page.goto(f"{live_server.url}/")
        page.get_by_label("Search the guide").fill("attorney")
        page.get_by_label("Search the guide").press("Enter")
        page.wait_for_url("**/search/?q=attorney")
        result = page.get_by_role("link", name="Lawyers", exact=True)
        result.wait_for()
        # The result says why it matched: O*NET lists "Attorney" as another name for lawyers.
        assert "Attorney" in page.locator("main").inner_text()
        result.click()
        page.wait_for_url("**/occupations/lawyers/")

        page.get_by_role("link", name="Compare lawyers with any job").click()
        search = page.get_by_role("combobox", name="Job title or another name for it")
        search.press_sequentially("court, mun")
        page.get_by_role(
            "option", name="Court, Municipal, and License Clerks (Occupation 43-4031.00)"
        ).click()
        page.get_by_role("button", name="Compare the chosen jobs").click()
        page.wait_for_url("**/compare/court-municipal-and-license-clerks-vs-lawyers/")

        shared = page.locator("section.shared-work")
        summary = shared.locator(".overlap-summary").inner_text()
        assert summary.startswith("Court, Municipal, and License Clerks and Lawyers share")
        both = shared.locator("h3", has_text="Activities both do").locator("xpath=..").inner_text()
        assert "Prepare legal documents" in both
        assert shared.get_by_role("region", name="Top skills side by side").is_visible()
