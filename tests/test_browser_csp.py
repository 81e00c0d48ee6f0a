"""In a real browser, under the site's Content-Security-Policy: readers' pages and the admin (the
Markdown editor's live preview and image upload included) work, and nothing is refused."""

import base64
import re
from io import BytesIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.urls import path
from PIL import Image

from roles.importers.content import load_content
from roles.models import Role
from tests.browser import chromium_page
from tests.catalogue import load_test_catalogue
from tests.conftest import add_move, make_field, make_role
from tests.test_security_headers import PUBLIC_PAGES

pytestmark = [
    pytest.mark.browser,
    # The Editors group comes from a migration; keep it for later tests after this test's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-editor-password"

# Runs before any of the page's own code: keeps every violation the browser reports.
WATCH_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"}` +
    ` at ${event.sourceFile}:${event.lineNumber}`
  );
}, true);
"""


class PolicyWatch:
    """What the Content-Security-Policy refused on a page: its events and console reports."""

    def __init__(self, page):
        self.page = page
        self.reports = []
        page.add_init_script(WATCH_FOR_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.reports.append(message.text)

    def refused(self):
        """Everything refused on the current page since it loaded (or since the last call)."""
        self.page.wait_for_timeout(100)  # reports are queued as tasks: let them arrive
        found = self.page.evaluate("window.cspViolations.splice(0)") + self.reports
        self.reports = []
        return found


@pytest.fixture
def guide():
    load_test_catalogue()
    load_content()


@pytest.fixture
def maria(django_user_model):
    user = django_user_model.objects.create_user("maria", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(page, base_url, username="maria"):
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")


def png_bytes():
    image = Image.new("RGB", (12, 8), (11, 92, 173))
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_readers_pages_raise_no_violation_on_a_phone_and_a_desktop(live_server, guide):
    problems = []
    with chromium_page() as page:
        watch = PolicyWatch(page)
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            for path in PUBLIC_PAGES:
                page.goto(f"{live_server.url}{path}")
                problems += [f"{width}px {path}: {v}" for v in watch.refused()]

        # The picker's suggestions are built by script as the reader types.
        page.goto(f"{live_server.url}/compare/")
        page.get_by_role("combobox", name="Job title or another name for it").press_sequentially(
            "parale"
        )
        page.get_by_role("option", name="Paralegal (Guide role)").click()
        assert page.get_by_label("Paralegal (Guide role, Legal support)").is_checked()
        problems += [f"picker: {v}" for v in watch.refused()]

        assert problems == []
        # The watch does see a refusal when there is one.
        page.evaluate("document.body.setAttribute('style', 'outline: 1px solid red')")
        assert any("style-src" in v for v in watch.refused())


def diagram_box(page):
    return page.evaluate(
        """() => {
        const svg = document.querySelector(".career-paths-svg").getBoundingClientRect();
        const scroll = document.querySelector(".career-paths-scroll");
        return {width: svg.width, height: svg.height, room: scroll.clientWidth,
                scrolls: scroll.scrollWidth > scroll.clientWidth,
                page: document.documentElement.scrollWidth};
    }"""
    )


def test_the_career_paths_diagram_fills_the_column_and_scrolls_sideways_on_a_phone(
    live_server, guide
):
    with chromium_page() as page:
        watch = PolicyWatch(page)
        # The legal support diagram has six columns: 1,272 by 516 at full size.
        page.goto(f"{live_server.url}/fields/legal-support/")
        desktop = diagram_box(page)
        assert desktop["width"] == desktop["room"] and not desktop["scrolls"]
        assert desktop["height"] == pytest.approx(desktop["width"] * 516 / 1272, abs=1)

        # On a phone it shrinks no further than three quarters, and scrolls inside its own box.
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(f"{live_server.url}/fields/legal-support/")
        phone = diagram_box(page)
        assert phone["width"] == 954 and phone["height"] == pytest.approx(387, abs=1)
        assert phone["scrolls"] and phone["page"] == 320
        assert watch.refused() == []


def test_a_small_career_paths_diagram_is_drawn_at_its_own_size_not_stretched(live_server, db):
    career_field = make_field(name="Court support", slug="court-support")
    clerk = make_role("Court clerk", field=career_field)
    add_move(clerk, to_role=make_role("Court manager", field=career_field))

    with chromium_page() as page:
        watch = PolicyWatch(page)
        page.goto(f"{live_server.url}/fields/court-support/")
        box = diagram_box(page)
        # Two columns: 408 user units wide, in a column 1,118 pixels wide.
        assert box["width"] == 408 and box["room"] > 1000
        assert watch.refused() == []


def test_the_admin_raises_no_violation_while_an_editor_works(live_server, guide, maria):
    role = Role.objects.get(slug="legal-assistant")
    problems = []
    with chromium_page() as page:
        watch = PolicyWatch(page)
        page.goto(f"{live_server.url}/admin/login/")
        problems += [f"login: {v}" for v in watch.refused()]
        sign_in(page, live_server.url)
        problems += [f"index: {v}" for v in watch.refused()]

        for path in [
            "/admin/roles/role/",
            "/admin/roles/role/?status__exact=published&q=legal",
            "/admin/roles/occupation/",
            "/admin/roles/careerfield/1/change/",
            "/admin/roles/comparison/add/",
            f"/admin/roles/role/{role.pk}/history/",
            "/admin/password_change/",
        ]:
            page.goto(f"{live_server.url}{path}")
            problems += [f"{path}: {v}" for v in watch.refused()]

        # The change list's select-all and action bar.
        page.goto(f"{live_server.url}/admin/roles/role/")
        page.locator("#action-toggle").check()
        page.locator(".action-counter").filter(has_text="8 of 8 selected").wait_for()
        problems += [f"change list actions: {v}" for v in watch.refused()]

        # The add form fills in the slug from the title as the editor types.
        page.goto(f"{live_server.url}/admin/roles/role/add/")
        page.get_by_label("Title:", exact=True).press_sequentially("Court runner")
        assert page.get_by_label("Slug:", exact=True).input_value() == "court-runner"
        problems += [f"add form: {v}" for v in watch.refused()]

        page.goto(f"{live_server.url}/admin/roles/role/{role.pk}/change/")
        # Search-as-you-type for the occupation (select2).
        page.locator(".field-occupation .select2-selection").click()
        page.locator(".select2-search__field").fill("paraleg")
        page.locator(".select2-results__option", has_text="Paralegals").first.click()
        assert "Paralegals" in page.locator(".field-occupation .select2-selection").inner_text()
        # The two-box chooser for work settings.
        page.locator("#id_work_settings_from option").first.dblclick()
        assert page.locator("#id_work_settings_to option").count() >= 1
        # A new empty row in the first inline table.
        group = page.locator(".inline-group").first
        rows = group.locator("tr.form-row:not(.empty-form)")
        before = rows.count()
        group.locator(".add-row a").click()
        assert rows.count() == before + 1
        problems += [f"change form: {v}" for v in watch.refused()]

        # Logging out is a form sent to the admin.
        page.get_by_role("button", name="Log out").click()
        page.get_by_text("Logged out").first.wait_for()
        problems += [f"logged out: {v}" for v in watch.refused()]

    assert problems == []


def test_the_markdown_editor_previews_uploads_and_saves_under_the_policy(live_server, guide, maria):
    role = Role.objects.get(slug="legal-assistant")
    with chromium_page() as page:
        watch = PolicyWatch(page)
        sign_in(page, live_server.url)
        page.goto(f"{live_server.url}/admin/roles/role/{role.pk}/change/")
        editor = page.locator("textarea.markdownx-editor[name='overview']")
        preview = editor.locator("xpath=..").locator(".markdownx-preview")

        editor.fill("")
        editor.press_sequentially("## Busy mornings\n\nMostly **court deadlines** and filings.")
        preview.locator("strong", has_text="court deadlines").wait_for()
        assert preview.locator("h3", has_text="Busy mornings").count() == 1

        # An image dropped on the editor is uploaded and its Markdown inserted where the cursor is.
        page.evaluate(
            """([field, png]) => {
            const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "office.png", {type: "image/png"}));
            document.querySelector(`textarea[name="${field}"]`).dispatchEvent(
                new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
            ["overview", base64.b64encode(png_bytes()).decode()],
        )
        image = preview.locator("img[src^='/media/markdownx/']")
        image.wait_for(state="attached")
        src = image.get_attribute("src")
        assert re.fullmatch(r"/media/markdownx/[0-9a-f]{32}\.png", src)
        assert f"![Describe this image]({src})" in editor.input_value()  # until described
        assert default_storage.exists(src.removeprefix("/media/"))
        # The preview shows the stored image itself (12 pixels wide), allowed by img-src 'self'.
        assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") == 12
        assert watch.refused() == []

        page.get_by_role("button", name="Save and continue editing").click()
        page.get_by_text("was changed successfully").wait_for()
        assert watch.refused() == []

    role.refresh_from_db()
    assert "**court deadlines**" in role.overview and src in role.overview


def test_the_locked_out_page_reads_clearly_under_the_policy(live_server, maria):
    with chromium_page() as page:
        watch = PolicyWatch(page)
        for _ in range(5):
            page.goto(f"{live_server.url}/admin/login/?next=/admin/")
            page.get_by_label("Username").fill("maria")
            page.get_by_label("Password").fill("not-her-password")
            page.get_by_role("button", name="Log in").click()

        heading = page.get_by_role("heading", name="Too many failed sign-ins", level=1)
        assert heading.is_visible()
        assert page.get_by_text("Please wait 15 minutes, then try again.").is_visible()
        # The admin's own look: its stylesheet applied, the message in the sign-in box.
        assert page.locator("#header").is_visible()
        assert page.locator(".errornote").evaluate("e => getComputedStyle(e).borderStyle") != "none"
        assert watch.refused() == []
        violations = Axe().run(page).response["violations"]
        assert [violation["id"] for violation in violations] == []


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view)]
handler500 = "roles.serving.views.server_error"  # as careerguide/urls.py


@pytest.mark.urls(__name__)
def test_the_server_error_page_is_styled_under_the_policy(live_server):
    with chromium_page() as page:
        watch = PolicyWatch(page)
        response = page.goto(f"{live_server.url}/broken/")

        assert response.status == 500
        body = page.locator("body").evaluate(
            "b => [getComputedStyle(b).maxWidth, getComputedStyle(b).marginTop]"
        )
        assert body == ["640px", "48px"]  # 40rem wide at most, 3rem from the top
        assert watch.refused() == []
