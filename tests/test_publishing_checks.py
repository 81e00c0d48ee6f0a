"""Publishing runs the content audit: a role or comparison that falls short is refused with the
reasons (in its form, keeping what the editor typed, and in bulk), unless a senior editor publishes
it anyway, which the history records. A comparison's list shows what it lacks, and one set of roles
has one comparison."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Revision

from roles.editorial.audit import role_gaps
from roles.models import Comparison, Role, Status
from tests.app_servers import read_form
from tests.conftest import add_duty, make_comparison, make_duty, make_role

pytestmark = pytest.mark.django_db


def fields_of(client, url, form_id, **changes):
    return read_form(client.get(url).content.decode(), form_id).post_data(**changes)


@pytest.fixture
def thin_draft(db):
    role = make_role("Court runner", status=Status.DRAFT, overview="Runs papers to court.")
    add_duty(role, make_duty("File papers at the clerk's office"))
    return role


def test_publishing_a_thin_role_in_its_form_is_refused_with_the_reasons(editor_client, thin_draft):
    url = reverse("admin:roles_role_change", args=[thin_draft.pk])
    data = fields_of(
        editor_client,
        url,
        "role_form",
        status="published",
        primary_focus="Papers between the office and the courthouse",
    )

    response = editor_client.post(url, data)
    page = response.content.decode()

    assert response.status_code == 200
    assert "“Court runner” was not published" in page
    assert "1 duties; 8 or more needed." in page
    assert "Publish even though it falls short" not in page  # not offered to a plain editor
    # Nothing was saved, and what the editor typed is still in the form.
    thin_draft.refresh_from_db()
    assert thin_draft.status == Status.DRAFT
    assert thin_draft.primary_focus != "Papers between the office and the courthouse"
    again = read_form(page, "role_form")
    assert again.get("primary_focus") == "Papers between the office and the courthouse"
    assert Client().get(thin_draft.get_absolute_url()).status_code == 404


def test_a_senior_editor_publishes_a_thin_role_anyway_and_the_history_says_why(
    senior_editor_client, senior_editor, thin_draft
):
    url = reverse("admin:roles_role_change", args=[thin_draft.pk])
    refused = senior_editor_client.post(
        url, fields_of(senior_editor_client, url, "role_form", status="published")
    )
    assert "You may also tick" in refused.content.decode()

    data = fields_of(
        senior_editor_client, url, "role_form", status="published", publish_anyway="on"
    )
    response = senior_editor_client.post(url, data)

    assert response.status_code == 302
    assert Client().get(thin_draft.get_absolute_url()).status_code == 200
    revision = Revision.objects.latest("pk")
    assert revision.user == senior_editor
    assert revision.comment.startswith("Published although it falls short:")
    assert "1 duties; 8 or more needed." in revision.comment


def test_bulk_publishing_publishes_complete_pages_and_names_the_rest(
    editor_client, shipped_content, thin_draft
):
    complete = Role.objects.get(slug="legal-secretary")
    Role.objects.filter(pk=complete.pk).update(status=Status.DRAFT)
    assert role_gaps(Role.objects.with_profile().get(pk=complete.pk)) == []

    response = editor_client.post(
        reverse("admin:roles_role_changelist"),
        {"action": "publish_selected", "_selected_action": [complete.pk, thin_draft.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "Published 1." in page
    assert "“Court runner” was not published" in page
    assert set(Role.objects.filter(status=Status.PUBLISHED).values_list("slug", flat=True)) >= {
        "legal-secretary"
    }
    assert Role.objects.get(pk=thin_draft.pk).status == Status.DRAFT
    # The override is not even offered to a plain editor.
    changelist = editor_client.get(reverse("admin:roles_role_changelist")).content.decode()
    assert "publish_selected_anyway" not in changelist


def test_a_thin_comparison_cannot_be_published_and_its_list_says_what_it_lacks(editor_client):
    first, second = make_role("Court runner"), make_role("Process server")
    comparison = make_comparison([first, second], status=Status.DRAFT, title="Runner or server?")

    listing = editor_client.get(reverse("admin:roles_comparison_changelist")).content.decode()
    assert "No row notes." in listing

    editor_client.post(
        reverse("admin:roles_comparison_changelist"),
        {"action": "publish_selected", "_selected_action": [comparison.pk]},
    )
    assert Comparison.objects.get(pk=comparison.pk).status == Status.DRAFT


def test_a_second_comparison_of_the_same_roles_is_refused(editor_client):
    first, second = make_role("Court runner"), make_role("Process server")
    make_comparison([first, second], title="Runner or server?")
    data = {
        "title": "Server or runner?",
        "slug": "server-or-runner",
        "status": "draft",
        "introduction": "",
        "advice": "",
        "comparisonrole_set-TOTAL_FORMS": "2",
        "comparisonrole_set-INITIAL_FORMS": "0",
        "comparisonrole_set-0-role": str(second.pk),
        "comparisonrole_set-1-role": str(first.pk),
        "row_notes-TOTAL_FORMS": "0",
        "row_notes-INITIAL_FORMS": "0",
    }

    response = editor_client.post(reverse("admin:roles_comparison_add"), data)

    assert response.status_code == 200
    assert "“Runner or server?” already compares exactly these roles" in response.content.decode()
    assert Comparison.objects.count() == 1


def test_an_image_without_a_description_is_a_gap():
    role = make_role("Court runner", overview="A day at court.\n\n![Describe this image](/a.png)")
    add_duty(role, make_duty())

    gaps = role_gaps(Role.objects.with_profile().get(pk=role.pk))

    assert "Overview: 1 image(s) without a description for readers who cannot see them." in gaps


def test_create_editor_senior_makes_an_editor_who_may_publish_anyway(
    monkeypatch, django_user_model
):
    monkeypatch.setenv("EDITOR_PASSWORD", "a-long-senior-password-7")
    call_command("create_editor", "sam", "--senior", stdout=StringIO())
    call_command("create_editor", "eve", stdout=StringIO())

    assert django_user_model.objects.get(username="sam").has_perm("roles.publish_incomplete")
    assert not django_user_model.objects.get(username="eve").has_perm("roles.publish_incomplete")
    assert django_user_model.objects.get(username="eve").has_perm("roles.change_role")
