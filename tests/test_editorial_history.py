"""Editors can trust the admin: a save based on a stale copy is refused and nothing is lost, a save
that changes nothing changes nothing, and every change is in the history, where any version can be
compared with another and restored (a deleted role recovered)."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from reversion.models import Revision, Version

from roles.editorial import publishing
from roles.models import Role, RoleDuty, Status
from tests.app_servers import form_errors, read_form
from tests.conftest import add_duty, make_duty, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor_client(editor, django_user_model):
    other = django_user_model.objects.create_user("bea", password="not-used", is_staff=True)
    other.groups.set(editor.groups.all())
    client = Client()
    client.force_login(other)
    return client


@pytest.fixture
def role(db):
    role = make_role(
        "Legal secretary",
        summary="Keeps a lawyer's office running: documents, diaries and court filings on time.",
        primary_focus="Office administration for lawyers",
    )
    add_duty(role, make_duty("Draft routine letters"), order=1)
    add_duty(role, make_duty("Keep the court calendar"), order=2)
    return role


def change_url(role):
    return reverse("admin:roles_role_change", args=[role.pk])


def open_form(client, url):
    """The change form as the editor's browser would submit it, CRLF line endings included."""
    page = client.get(url)
    assert page.status_code == 200
    form = read_form(page.content.decode(), "role_form")
    return {name: value.replace("\n", "\r\n") for name, value in form.fields}


def post(client, url, fields):
    data = {}
    for name, value in fields.items() if isinstance(fields, dict) else fields:
        data.setdefault(name, []).append(value)
    return client.post(url, data)


def test_two_editors_saving_the_same_role_lose_nothing(editor_client, second_editor_client, role):
    url = change_url(role)
    mine = open_form(editor_client, url)
    theirs = open_form(second_editor_client, url)

    mine["summary"] = "Runs the paperwork of a law office so lawyers can spend their time on cases."
    assert post(editor_client, url, mine).status_code == 302

    theirs["primary_focus"] = "Documents and deadlines for lawyers"
    refused = post(second_editor_client, url, theirs)
    page = refused.content.decode()

    assert refused.status_code == 200
    assert "changed by someone else after you opened it" in page
    assert "last saved by" in page and "editor" in page  # who saved it first
    assert "<strong>Summary</strong>: the form now holds the saved version" in page
    role.refresh_from_db()
    assert role.summary.startswith("Runs the paperwork")  # the first save stands
    assert role.primary_focus == "Office administration for lawyers"  # the second is not saved
    # The second editor's input is still on screen, merged with the first editor's summary.
    again = read_form(page, "role_form")
    assert again.get("primary_focus") == "Documents and deadlines for lawyers"
    assert again.get("summary").startswith("Runs the paperwork")

    assert post(second_editor_client, url, again.fields).status_code == 302
    role.refresh_from_db()
    assert role.summary.startswith("Runs the paperwork")
    assert role.primary_focus == "Documents and deadlines for lawyers"


def test_when_both_editors_change_one_field_the_form_keeps_yours_and_shows_theirs(
    editor_client, second_editor_client, role
):
    url = change_url(role)
    mine = open_form(editor_client, url)
    theirs = open_form(second_editor_client, url)
    mine["summary"] = "First editor's summary of the legal secretary's everyday work in an office."
    post(editor_client, url, mine)
    theirs["summary"] = "Second editor's summary of what a legal secretary does for the lawyers."

    page = post(second_editor_client, url, theirs).content.decode()

    assert "you changed it too" in page
    assert "First editor&#x27;s summary" in page or "First editor's summary" in page
    assert read_form(page, "role_form").get("summary").startswith("Second editor's")
    role.refresh_from_db()
    assert role.summary.startswith("First editor's")


def test_a_row_deleted_by_another_editor_is_named_and_not_lost(
    editor_client, second_editor_client, role
):
    url = change_url(role)
    theirs = open_form(second_editor_client, url)
    RoleDuty.objects.filter(role=role, duty__name="Keep the court calendar").delete()
    theirs["primary_focus"] = "Documents and deadlines for lawyers"

    page = post(second_editor_client, url, theirs).content.decode()

    assert "Please correct the error below." in page
    assert "removed “" in page and "Keep the court calendar" in page
    # Saving again keeps the editor's copy of the row, as the message says.
    response = post(second_editor_client, url, read_form(page, "role_form").fields)
    assert response.status_code == 302, form_errors(response.content.decode())
    assert set(role.role_duties.values_list("duty__name", flat=True)) == {
        "Draft routine letters",
        "Keep the court calendar",
    }


def test_a_form_without_its_version_is_refused(editor_client, role):
    url = change_url(role)
    fields = open_form(editor_client, url)
    fields["editing_version"] = "forged"
    fields["summary"] = "A summary sent by something that never opened the form at all, really."

    response = post(editor_client, url, fields)

    assert response.status_code == 200
    role.refresh_from_db()
    assert not role.summary.startswith("A summary sent")


def test_saving_an_unchanged_role_changes_and_records_nothing(editor_client, role):
    role.overview = "## The work\n\nLetters, calendars and filings.\n"
    role.save()
    before = Role.objects.get(pk=role.pk)
    versions = Version.objects.count()
    entries = LogEntry.objects.count()

    response = post(editor_client, change_url(role), open_form(editor_client, change_url(role)))

    assert response.status_code == 302
    after = Role.objects.get(pk=role.pk)
    assert after.updated_at == before.updated_at
    assert after.overview == before.overview  # no CRLF line endings
    assert Version.objects.count() == versions
    assert LogEntry.objects.count() == entries
    page = editor_client.get(response.url).content.decode()
    assert "Nothing was changed" in page


def test_every_save_is_in_the_history_with_a_readable_diff(editor_client, role, editor):
    url = change_url(role)
    fields = open_form(editor_client, url)
    fields["summary"] = (
        "Runs the paperwork of a law office so lawyers can spend their time on cases."
    )
    post(editor_client, url, fields)

    versions = Version.objects.get_for_object(role).order_by("pk")
    assert versions.count() == 1
    assert versions[0].revision.user == editor
    fields = open_form(editor_client, url)
    fields["summary"] = "Keeps a lawyer's office running: letters, calendars and filings, on time."
    post(editor_client, url, fields)
    first, second = Version.objects.get_for_object(role).order_by("pk")

    history = editor_client.get(reverse("admin:roles_role_history", args=[role.pk]))
    assert history.status_code == 200
    assert "Changed Summary." in history.content.decode()
    assert 'style="' not in history.content.decode()  # the CSP would refuse it
    compare = editor_client.get(
        reverse("admin:roles_role_compare", args=[role.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    diff = compare.content.decode()
    assert compare.status_code == 200
    assert re.search(r"<del>[^<]*paperwork", diff) and re.search(r"<ins>Keeps", diff)


def test_restoring_a_version_brings_its_text_back_on_the_public_page(editor_client, role):
    url = change_url(role)
    fields = open_form(editor_client, url)
    fields["summary"] = "The first wording, kept in the history when the second replaces it later."
    post(editor_client, url, fields)
    fields = open_form(editor_client, url)
    fields["summary"] = "The second wording, which an editor will decide to undo in a moment."
    post(editor_client, url, fields)
    first = Version.objects.get_for_object(role).order_by("pk").first()

    revision_url = reverse("admin:roles_role_revision", args=[role.pk, first.pk])
    restored = post(editor_client, revision_url, open_form(editor_client, revision_url))

    assert restored.status_code == 302
    assert "The first wording" in Client().get(role.get_absolute_url()).content.decode()
    latest = Version.objects.get_for_object(role).order_by("-pk").first()
    assert "Reverted" in latest.revision.comment  # a restore is itself a revision


def test_a_deleted_role_can_be_recovered_with_its_duties(editor_client, role):
    url = change_url(role)
    fields = open_form(editor_client, url)
    fields["primary_focus"] = "Documents and deadlines for lawyers"
    post(editor_client, url, fields)
    delete_url = reverse("admin:roles_role_delete", args=[role.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    deleted_pk = str(role.pk)

    recover_list = editor_client.get(reverse("admin:roles_role_recoverlist"))
    assert "Legal secretary" in recover_list.content.decode()
    version = Version.objects.get_deleted(Role).get(object_id=deleted_pk)
    recover_url = reverse("admin:roles_role_recover", args=[version.pk])
    response = post(editor_client, recover_url, open_form(editor_client, recover_url))

    assert response.status_code == 302
    recovered = Role.objects.get(slug="legal-secretary")
    assert recovered.primary_focus == "Documents and deadlines for lawyers"
    assert recovered.role_duties.count() == 2


def test_bulk_publishing_is_recorded_with_who_did_it_and_why(senior_editor, role):
    Role.objects.filter(pk=role.pk).update(status=Status.DRAFT)

    outcome = publishing.publish(Role.objects.filter(pk=role.pk), senior_editor, anyway=True)

    assert outcome.published == 1
    revision = Revision.objects.latest("pk")
    assert revision.user == senior_editor
    assert "Published although they fall short" in revision.comment
    assert "2 duties; 8 or more needed." in revision.comment
    version = revision.version_set.get(content_type__model="role")
    assert version.field_dict["status"] == Status.PUBLISHED


def test_loading_the_shipped_content_is_recorded(shipped_content):
    revision = Revision.objects.filter(comment__icontains="content").latest("pk")
    slugs = {
        version.field_dict["slug"]
        for version in revision.version_set.filter(content_type__model="role")
    }
    assert "legal-secretary" in slugs and "paralegal" in slugs


def test_an_import_records_the_occupations_it_wrote(catalogue):
    revision = Revision.objects.filter(comment__startswith="Imported O*NET").latest("pk")
    codes = {
        version.field_dict["code"]
        for version in revision.version_set.filter(content_type__model="occupation")
    }
    assert "23-2011.00" in codes
