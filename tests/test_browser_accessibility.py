"""In a real browser, axe-core finds no accessibility violations on the guide's pages, in the light
and the dark theme."""

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


# Each theme at the widths where its layout or colours could break: the light one on the
# smallest phone, a common phone and a desktop; the dark one (same layout, other colours) on the
# smallest phone and a desktop. Kept short: each pass over PAGES adds about 15 seconds.
VIEWS = [("light", 320), ("light", 390), ("light", 1280), ("dark", 320), ("dark", 1280)]


def test_pages_have_no_accessibility_violations_on_phones_and_a_desktop_in_both_themes(
    live_server,
):
    load_test_catalogue()
    load_content()
    axe = Axe()
    problems = []
    with chromium_page() as page:
        for scheme, width in VIEWS:
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size({"width": width, "height": 900})
            for path in PAGES:
                page.goto(f"{live_server.url}{path}")
                results = axe.run(page)
                for violation in results.response["violations"]:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{scheme} {width}px {path}: {violation['id']} {targets}")
    assert problems == [], "\n".join(problems)
