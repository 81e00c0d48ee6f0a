"""In a real browser, axe-core finds no accessibility violations on the guide's pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from roles.importers.content import load_content
from tests.browser import chromium_page
from tests.catalogue import load_test_catalogue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = [
    "/",
    "/roles/",
    "/roles/legal-assistant/",
    "/compare/",
    "/compare/legal-assistant-vs-legal-secretary/",
    "/compare/legal-assistant-vs-legal-secretary-vs-paralegal/?differences=only",
    "/compare/paralegal/",
    "/sources/",
    "/fields/legal-support/",
    "/search/?q=legal+research",
    "/roles/?sort=pay&pay=40000-59999",
    "/roles/?page=2",
    "/fit/?work=legal&education=associate&pay=high",
    "/roles/no-such-role/",
    "/occupations/paralegals-and-legal-assistants/",
    "/occupations/actors/",
    "/occupations/computer-systems-engineers-architects/",
    "/occupations/lawyers/titles/",
    "/fields/legal-occupations/",
    "/compare/?field=legal-occupations&browse=1",
    "/compare/?roles=paralegal&q=nurse&browse=1",
    "/compare/lawyers-vs-paralegal-vs-paralegals-and-legal-assistants/",
    "/compare/actors-vs-cardiologists/",
    "/compare/court-municipal-and-license-clerks-vs-paralegals-and-legal-assistants/",
    "/next-moves/",
    "/next-moves/?job=legal",
    "/next-moves/legal-secretary/",
    "/occupations/medical-assistants/",
]


def test_pages_have_no_accessibility_violations_on_a_phone_and_a_desktop(live_server):
    load_test_catalogue()
    load_content()
    axe = Axe()
    problems = []
    with chromium_page() as page:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            for path in PAGES:
                page.goto(f"{live_server.url}{path}")
                results = axe.run(page)
                for violation in results.response["violations"]:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{width}px {path}: {violation['id']} {targets}")
    assert problems == [], "\n".join(problems)
