"""Draft changes to a published page: an editor saves changes without them going live, previews
exactly what readers will see, edits the draft further, and publishes or discards it; readers keep
the published version meanwhile."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from roles.models import DraftChange, Duty, Role, RoleDuty
from tests.app_servers import read_form
from tests.conftest import add_duty, make_comparison, make_duty, make_role

pytestmark = pytest.mark.django_db
DRAFT_SUMMARY = "Runs the paperwork of a law office so lawyers can spend their time on cases."


@pytest.fixture
def role(_shipped_guide, db):
    """A complete published role of the shipped guide (publishing it passes the audit)."""
    return Role.objects.get(slug="legal-secretary")


@pytest.fixture
def PUBLISHED_SUMMARY(role):
    return role.summary


def submit(client, url, button="_save", **changes):
    form = read_form(client.get(url).content.decode(), "role_form")
    return client.post(url, form.post_data(**changes, **{button: "Save"}))


def with_new_duty(data, role):
    """`data` (a role form's fields) with one more duty row: one of its field's duties it lacks."""
    duty = Duty.objects.filter(kind__field=role.field).exclude(role_duties__role=role).first()
    index = int(data["role_duties-TOTAL_FORMS"][0])
    data.update(
        {
            "role_duties-TOTAL_FORMS": [str(index + 1)],
            f"role_duties-{index}-duty": [str(duty.pk)],
            f"role_duties-{index}-emphasis": ["core"],
            f"role_duties-{index}-order": [str(index)],
        }
    )
    return duty


def admin_url(name, role):
    return reverse(f"admin:roles_role_{name}", args=[role.pk])


def reader_sees(role):
    return Client().get(role.get_absolute_url()).content.decode()


@pytest.fixture
def drafted(editor_client, role):
    response = submit(
        editor_client, admin_url("change", role), "_save_draft", summary=DRAFT_SUMMARY
    )
    assert response.status_code == 302
    return role


def test_a_draft_change_does_not_reach_readers(editor_client, drafted, PUBLISHED_SUMMARY):
    assert PUBLISHED_SUMMARY in reader_sees(drafted)
    assert DRAFT_SUMMARY not in reader_sees(drafted)
    assert Role.objects.get(pk=drafted.pk).summary == PUBLISHED_SUMMARY
    page = editor_client.get(admin_url("change", drafted)).content.decode()
    assert "saved draft changes to this page" in page
    assert "Save as draft change" in page


def test_the_preview_is_the_public_page_with_the_draft_and_nothing_else_changes(
    editor_client, drafted, PUBLISHED_SUMMARY
):
    response = editor_client.get(admin_url("draft_preview", drafted))

    page = response.content.decode()
    assert response.status_code == 200
    assert DRAFT_SUMMARY in page
    assert "Preview of draft changes" in page
    assert response["X-Robots-Tag"] == "noindex"
    assert "Log out" not in page  # the page as a reader gets it, not an editor's view
    assert Role.objects.get(pk=drafted.pk).summary == PUBLISHED_SUMMARY
    assert DRAFT_SUMMARY not in reader_sees(drafted)


def test_publishing_the_draft_shows_it_to_readers_and_records_it(editor_client, drafted, editor):
    confirm = editor_client.get(admin_url("draft_publish", drafted))
    assert "Publish the draft changes" in confirm.content.decode()

    response = editor_client.post(admin_url("draft_publish", drafted))

    assert response.status_code == 302
    assert DRAFT_SUMMARY in reader_sees(drafted)
    assert not DraftChange.objects.exists()
    latest = Version.objects.get_for_object(drafted).order_by("-pk").first()
    assert latest.revision.comment == "Published the draft changes."
    assert latest.revision.user == editor


def test_discarding_the_draft_keeps_the_published_page(editor_client, drafted, PUBLISHED_SUMMARY):
    editor_client.post(admin_url("draft_discard", drafted))

    assert not DraftChange.objects.exists()
    assert PUBLISHED_SUMMARY in reader_sees(drafted)


def test_editing_the_draft_starts_from_it_and_can_keep_it_as_a_draft(editor_client, drafted):
    edit_url = admin_url("draft_edit", drafted)
    form = read_form(editor_client.get(edit_url).content.decode(), "role_form")
    assert form.get("summary") == DRAFT_SUMMARY

    response = submit(
        editor_client, edit_url, "_save_draft", primary_focus="Documents and deadlines"
    )

    assert response.status_code == 302
    assert Role.objects.get(pk=drafted.pk).primary_focus != "Documents and deadlines"
    preview = editor_client.get(admin_url("draft_preview", drafted)).content.decode()
    assert DRAFT_SUMMARY in preview


def test_saving_the_edited_draft_publishes_it_with_its_rows(editor_client, drafted):
    edit_url = admin_url("draft_edit", drafted)
    form = read_form(editor_client.get(edit_url).content.decode(), "role_form")
    data = form.post_data()
    duty = with_new_duty(data, drafted)

    response = editor_client.post(edit_url, data)

    assert response.status_code == 302
    assert DRAFT_SUMMARY in reader_sees(drafted)
    assert RoleDuty.objects.filter(role=drafted, duty=duty).exists()
    assert not DraftChange.objects.exists()


def test_a_draft_that_adds_a_row_publishes_it_without_touching_other_pages(editor_client, role):
    rows = RoleDuty.objects.filter(role=role).count()
    url = admin_url("change", role)
    form = read_form(editor_client.get(url).content.decode(), "role_form")
    data = form.post_data()
    duty = with_new_duty(data, role)
    data["_save_draft"] = ["Save"]
    assert editor_client.post(url, data).status_code == 302
    # Another page gets a row in the meantime, possibly under the number the draft's row had.
    other = make_role("Court runner")
    add_duty(other, make_duty("Research case law"), order=1)

    editor_client.post(admin_url("draft_publish", role))

    assert RoleDuty.objects.filter(role=role).count() == rows + 1
    assert RoleDuty.objects.filter(role=role, duty=duty).exists()
    assert list(RoleDuty.objects.filter(role=other).values_list("duty__name", flat=True)) == [
        "Research case law"
    ]


def test_a_draft_page_has_no_draft_changes_button(editor_client):
    draft = make_role("Court runner", status="draft")
    page = editor_client.get(admin_url("change", draft)).content.decode()
    assert "Save as draft change" not in page


def test_a_comparison_draft_previews_on_its_chart(editor_client):
    first, second = make_role("Court runner"), make_role("Process server")
    comparison = make_comparison([first, second], title="Runner or server?")
    url = reverse("admin:roles_comparison_change", args=[comparison.pk])
    form = read_form(editor_client.get(url).content.decode(), "comparison_form")
    data = form.post_data()
    data["introduction"] = ["Our **draft** introduction for the chart."]
    data["_save_draft"] = ["Save"]

    assert editor_client.post(url, data).status_code == 302

    preview = editor_client.get(
        reverse("admin:roles_comparison_draft_preview", args=[comparison.pk])
    ).content.decode()
    assert "<strong>draft</strong> introduction" in preview
    chart = Client().get("/compare/court-runner-vs-process-server/").content.decode()
    assert "draft</strong> introduction" not in chart


def test_publishing_a_draft_older_than_the_published_page_asks_first(editor_client, drafted):
    live = Role.objects.get(pk=drafted.pk)
    live.primary_focus = "A change made after the draft was saved"
    live.save()

    asked = editor_client.post(admin_url("draft_publish", drafted))

    assert asked.status_code == 200
    assert "those later changes would be lost" in asked.content.decode()
    assert DRAFT_SUMMARY not in reader_sees(drafted)
    response = editor_client.post(admin_url("draft_publish", drafted), {"replace_newer": "on"})
    assert response.status_code == 302
    assert DRAFT_SUMMARY in reader_sees(drafted)
