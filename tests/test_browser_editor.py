"""In a real browser: an editor writes Markdown, sees the live preview, saves, and readers see it;
the editor lets the keyboard out, indents on request, explains a refused upload and asks each
uploaded image for a description; and it fits a phone."""

import base64
import re
from contextlib import contextmanager
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from PIL import Image

from tests.browser import chromium_page
from tests.conftest import make_role
from tests.test_browser_csp import PolicyWatch

pytestmark = [
    pytest.mark.browser,
    # The Editors group comes from a migration; keep it for later tests after this test's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-editor-password"
UPLOADED = r"/media/markdownx/[0-9a-f]{32}\.png"


@pytest.fixture
def maria(django_user_model):
    user = django_user_model.objects.create_user("maria", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(page, base_url):
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")


@contextmanager
def editing(live_server, role, width=1280):
    """A signed-in editor's browser on `role`'s change page, watched for policy violations."""
    with chromium_page() as page:
        watch = PolicyWatch(page)
        page.set_viewport_size({"width": width, "height": 900})
        sign_in(page, live_server.url)
        page.goto(f"{live_server.url}/admin/roles/role/{role.pk}/change/")
        yield page
        assert watch.refused() == []


def png_bytes(size=(12, 8)):
    buffer = BytesIO()
    Image.new("RGB", size, (11, 92, 173)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_file(name):
    return {"name": name, "mimeType": "image/png", "buffer": png_bytes()}


def active_element(page):
    return page.evaluate("document.activeElement.id || document.activeElement.textContent")


def stored_uploads():
    return default_storage.listdir("markdownx")[1] if default_storage.exists("markdownx") else []


def test_editor_writes_markdown_sees_preview_saves_and_readers_see_it(
    live_server, django_user_model
):
    role = make_role("Legal secretary", overview="Old text.")
    user = django_user_model.objects.create_user(
        "maria", password="a-long-editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))

    with chromium_page() as page:
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.get_by_label("Username").fill("maria")
        page.get_by_label("Password").fill("a-long-editor-password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/admin/")

        page.goto(f"{live_server.url}/admin/roles/role/{role.pk}/change/")
        editor = page.locator("textarea.markdownx-editor[name='overview']")
        editor.fill("")
        editor.press_sequentially("## Busy mornings\n\nMostly **court deadlines** and filings.")
        preview = page.locator(".markdownx-preview").first
        preview.locator("strong", has_text="court deadlines").wait_for()
        assert preview.locator("h3", has_text="Busy mornings").count() == 1

        page.get_by_role("button", name="Save and continue editing").click()
        page.get_by_text("was changed successfully").wait_for()

        page.goto(f"{live_server.url}{role.get_absolute_url()}")
        overview = page.locator("section", has=page.locator("#overview-heading"))
        assert overview.locator("strong").inner_text() == "court deadlines"
        assert overview.locator("h3").inner_text() == "Busy mornings"


def test_tab_and_shift_tab_move_focus_out_of_the_markdown_field_and_leave_the_text(
    live_server, maria
):
    role = make_role("Legal secretary", overview="Files papers.")
    with editing(live_server, role) as page:
        editor = page.locator("#id_overview")
        editor.click()
        editor.press("End")

        editor.press("Tab")
        assert active_element(page) != "id_overview"
        # Focus went on to a control after the field, not back to the page's top.
        assert page.evaluate(
            """() => document.getElementById("id_overview").compareDocumentPosition(
                document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING"""
        )
        page.keyboard.press("Shift+Tab")
        assert active_element(page) == "id_overview"
        page.keyboard.press("Shift+Tab")
        assert active_element(page) == "Add an image…"  # the field's own tools, before it
        assert editor.input_value() == "Files papers."

        # The hint says how to indent instead, and the field points to it.
        hint = page.locator("#id_overview-editor-hint")
        assert "Ctrl+]" in hint.inner_text() and hint.is_visible()
        assert "id_overview-editor-hint" in editor.get_attribute("aria-describedby").split()


def test_ctrl_brackets_and_the_buttons_indent_and_outdent_the_selected_lines(live_server, maria):
    role = make_role("Legal secretary", overview="")
    text = "- Filing\n- Research\n- Drafting"
    with editing(live_server, role) as page:
        field = page.locator(".field-overview")
        editor = page.locator("#id_overview")
        preview = field.locator(".markdownx-preview")
        editor.fill(text)
        # From the middle of "Research" to the middle of "Drafting".
        editor.evaluate("(e) => e.setSelectionRange(14, 24)")

        editor.press("Control+]")
        assert editor.input_value() == "- Filing\n    - Research\n    - Drafting"
        assert editor.evaluate("(e) => [e.selectionStart, e.selectionEnd]") == [18, 32]
        # markdownx sees the change: the preview nests the two items.
        preview.locator("li ul li", has_text="Drafting").wait_for()

        editor.press("Control+[")
        assert editor.input_value() == text
        editor.press("Control+z")  # each change can be undone like typing
        assert editor.input_value() == "- Filing\n    - Research\n    - Drafting"

        editor.evaluate("(e) => e.setSelectionRange(3, 3)")
        field.get_by_role("button", name="Indent", exact=True).click()
        assert editor.input_value().startswith("    - Filing\n")
        assert active_element(page) == "id_overview"
        field.get_by_role("button", name="Outdent", exact=True).click()
        assert editor.input_value().startswith("- Filing\n")


def test_a_refused_upload_shows_the_servers_message_and_inserts_nothing(
    live_server, maria, settings
):
    settings.MAX_REQUEST_BODY = 1024 * 1024
    role = make_role("Legal secretary", overview="Files papers.")
    with editing(live_server, role) as page:
        field = page.locator(".field-overview")
        editor = page.locator("#id_overview")
        alert = field.get_by_role("alert")

        field.locator("input[type=file]").set_input_files(
            {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
        )
        alert.filter(has_text="cv.pdf was not added").wait_for()
        assert alert.inner_text() == (
            "cv.pdf was not added: That file is not an image we can read. "
            "Upload a JPEG, PNG, GIF or WebP."
        )
        assert editor.input_value() == "Files papers."

        # Dropped, and over the size the server reads at all: its plain-text answer is shown.
        page.evaluate(
            """() => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(1100 * 1024)], "scan.png",
                                        {type: "image/png"}));
            document.getElementById("id_overview").dispatchEvent(
                new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }"""
        )
        alert.filter(has_text="scan.png was not added").wait_for()
        assert alert.inner_text() == (
            "scan.png was not added: The request is too large: at most 1 MB can be sent at once."
        )
        assert editor.input_value() == "Files papers."
        assert stored_uploads() == []


def test_an_uploaded_image_asks_for_a_description_and_uses_it(live_server, maria):
    role = make_role("Legal secretary", overview="Our office.")
    with editing(live_server, role) as page:
        field = page.locator(".field-overview")
        editor = page.locator("#id_overview")
        preview = field.locator(".markdownx-preview")
        describe = field.get_by_label("Describe this image for readers who cannot see it")

        # Chosen before the cursor was ever in the field: it goes after the text.
        field.locator("input[type=file]").set_input_files(png_file("office.png"))
        describe.wait_for()
        page.wait_for_function("document.activeElement.id === 'id_overview-alt-text'")
        # Until described, the image carries a placeholder the content check can find.
        assert re.fullmatch(
            rf"Our office\.\n\n!\[Describe this image\]\({UPLOADED}\)", editor.input_value()
        )
        describe.fill("Desk [left] by the window")
        describe.press("Enter")  # describes the image; does not send the form

        first = re.fullmatch(
            rf"Our office\.\n\n!\[Desk \\\[left\\\] by the window\]\(({UPLOADED})\)",
            editor.input_value(),
        )
        assert first
        assert describe.is_hidden() and active_element(page) == "id_overview"
        image = preview.locator(f"img[src='{first[1]}']")
        image.wait_for(state="attached")
        assert image.get_attribute("alt") == "Desk [left] by the window"
        assert page.get_by_text("was changed successfully").count() == 0

        # An editor who skips the question keeps the visible placeholder.
        editor.press("End")
        page.evaluate(
            """(png) => {
            const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "chart.png", {type: "image/png"}));
            document.getElementById("id_overview").dispatchEvent(
                new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
            base64.b64encode(png_bytes()).decode(),
        )
        describe.wait_for()
        describe.press("Escape")
        assert describe.is_hidden()
        assert re.search(rf"!\[Describe this image\]\({UPLOADED}\)$", editor.input_value())

        page.get_by_role("button", name="Save and continue editing").click()
        page.get_by_text("was changed successfully").wait_for()

    role.refresh_from_db()
    assert f"![Desk \\[left\\] by the window]({first[1]})" in role.overview
    assert "![Describe this image](/media/markdownx/" in role.overview
    assert len(stored_uploads()) == 2


def test_the_markdown_editor_and_its_preview_fit_a_390px_screen(live_server, maria):
    role = make_role(
        "Legal secretary",
        overview="A very long address: https://www.example.org/" + "court-filings-" * 20 + "\n\n"
        "![The guide's share card](/static/img/share-card.png)\n\n"
        "    code " + "x" * 120 + "\n",
    )
    with editing(live_server, role, width=390) as page:
        field = page.locator(".field-overview")
        image = field.locator(".markdownx-preview img")
        image.wait_for(state="attached")
        assert image.evaluate("(img) => img.decode().then(() => img.naturalWidth)") == 1200

        sticking_out = field.evaluate(
            """(field) => [field, ...field.querySelectorAll("*")]
                .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
                .map((e) => e.tagName + "." + e.className)"""
        )
        assert sticking_out == []
        preview = field.locator(".markdownx-preview")
        assert preview.evaluate("(p) => p.scrollWidth <= p.clientWidth")
        assert image.evaluate("(img) => img.getBoundingClientRect().width") < 390
