"""In real browsers, two editors change the same role at once: the second save is refused with
what changed and who saved it, the second editor's input stays on screen merged with the first
editor's change, and saving again keeps both. Nothing is lost."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from roles.models import Role
from tests.browser import chromium_page
from tests.conftest import make_role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "a-long-editor-password"
FIRST_SUMMARY = "Runs the paperwork of a law office so lawyers can spend their time on cases."
SECOND_FOCUS = "Documents and deadlines for lawyers"


@pytest.fixture
def editors(django_user_model):
    for name in ("maria", "bea"):
        user = django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")


def test_two_editors_on_one_role_lose_nothing(live_server, editors):
    role = make_role(
        "Legal secretary",
        summary="Keeps a lawyer's office running: documents, diaries and court filings on time.",
    )
    url = f"{live_server.url}/admin/roles/role/{role.pk}/change/"
    with chromium_page() as maria:
        # A second browser context: its own cookies, so its own editor's session.
        bea = maria.context.browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        for page, name in ((maria, "maria"), (bea, "bea")):
            sign_in(page, live_server.url, name)
            page.goto(url)

        maria.locator("#id_summary").fill(FIRST_SUMMARY)
        maria.get_by_role("button", name="Save and continue editing").click()
        maria.wait_for_url(url)

        bea.locator("#id_primary_focus").fill(SECOND_FOCUS)
        bea.get_by_role("button", name="Save and continue editing").click()
        bea.wait_for_load_state()

        message = bea.locator(".errornote, .errorlist.nonfield").all_inner_texts()
        assert any("changed by someone else after you opened it" in m for m in message), message
        assert any("last saved by maria" in m for m in message), message
        assert bea.locator("#id_primary_focus").input_value() == SECOND_FOCUS
        assert bea.locator("#id_summary").input_value() == FIRST_SUMMARY
        saved = Role.objects.get(pk=role.pk)
        assert saved.summary == FIRST_SUMMARY and saved.primary_focus != SECOND_FOCUS

        bea.get_by_role("button", name="Save and continue editing").click()
        bea.wait_for_url(url)

    saved = Role.objects.get(pk=role.pk)
    assert (saved.summary, saved.primary_focus) == (FIRST_SUMMARY, SECOND_FOCUS)
    page = Client().get(saved.get_absolute_url()).content.decode()
    assert FIRST_SUMMARY in page
