"""Deleting or unpublishing a role never leaves a published page that 404s: a deletion that would
break a published comparison or another role's career move is refused with the list of what uses
the role; a role moved back to draft takes its published comparisons to draft, said plainly."""

import pytest
from django.test import Client
from django.urls import reverse

from roles.models import CareerMove, Comparison, Role, Status
from tests.app_servers import read_form
from tests.conftest import add_move, make_comparison, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(db):
    runner, server = make_role("Court runner"), make_role("Process server")
    comparison = make_comparison([runner, server], title="Runner or server?")
    return runner, server, comparison


def test_deleting_a_role_a_published_comparison_uses_is_refused_with_what_uses_it(
    editor_client, pair
):
    runner, server, _ = pair
    add_move(server, to_role=runner)
    url = reverse("admin:roles_role_delete", args=[runner.pk])

    page = editor_client.get(url).content.decode()
    response = editor_client.post(url, {"post": "yes"})

    assert "Cannot delete role" in page
    assert "The published comparison “Runner or server?” compares it" in page
    assert "Process server's career move to Court runner leads to it" in page
    assert "Yes, I’m sure" not in page  # no button to confirm the deletion
    assert response.status_code == 200
    assert Role.objects.filter(pk=runner.pk).exists()
    assert Client().get("/compare/court-runner-vs-process-server/").status_code == 200


def test_the_bulk_delete_action_refuses_the_same_way(editor_client, pair):
    runner, _, _ = pair
    editor_client.post(
        reverse("admin:roles_role_changelist"),
        {"action": "delete_selected", "_selected_action": [runner.pk], "post": "yes"},
    )
    assert Role.objects.filter(pk=runner.pk).exists()


def test_a_role_only_a_draft_comparison_uses_can_be_deleted(editor_client, pair):
    runner, _, comparison = pair
    Comparison.objects.filter(pk=comparison.pk).update(status=Status.DRAFT)

    response = editor_client.post(
        reverse("admin:roles_role_delete", args=[runner.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Role.objects.filter(pk=runner.pk).exists()


def test_a_move_from_the_role_itself_does_not_stop_its_deletion(editor_client):
    runner, server = make_role("Court runner"), make_role("Process server")
    add_move(runner, to_role=server)

    editor_client.post(reverse("admin:roles_role_delete", args=[runner.pk]), {"post": "yes"})

    assert not Role.objects.filter(pk=runner.pk).exists()
    assert not CareerMove.objects.exists()


def test_moving_a_role_to_draft_takes_its_comparisons_with_it_and_says_so(editor_client, pair):
    runner, _, comparison = pair

    response = editor_client.post(
        reverse("admin:roles_role_changelist"),
        {"action": "unpublish_selected", "_selected_action": [runner.pk]},
        follow=True,
    )

    assert "Also moved to draft, because readers could no longer see them" in (
        response.content.decode()
    )
    assert Comparison.objects.get(pk=comparison.pk).status == Status.DRAFT


def test_moving_a_role_to_draft_in_its_form_does_the_same(editor_client, pair):
    runner, _, comparison = pair
    url = reverse("admin:roles_role_change", args=[runner.pk])
    form = read_form(editor_client.get(url).content.decode(), "role_form")
    form.replace("status", "draft")
    data = form.post_data()

    response = editor_client.post(url, data, follow=True)

    assert "the comparison “Runner or server?”" in response.content.decode()
    assert Comparison.objects.get(pk=comparison.pk).status == Status.DRAFT
