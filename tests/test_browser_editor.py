"""In a real browser: an editor writes Markdown, sees the live preview, saves, and readers see it."""

import pytest
from django.contrib.auth.models import Group

from tests.browser import chromium_page
from tests.conftest import make_role

pytestmark = [
    pytest.mark.browser,
    # The Editors group comes from a migration; keep it for later tests after this test's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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
