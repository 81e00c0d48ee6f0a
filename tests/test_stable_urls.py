"""Renaming a published role's slug keeps every address readers may have saved or shared: the
role's page, its JSON, and every chart and chart download that named it redirect (301)."""

import pytest
from django.test import Client
from django.urls import reverse

from roles.models import FormerSlug, Role, Status
from tests.app_servers import read_form
from tests.conftest import make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed(editor_client):
    """A published role an editor renamed from court-runner to court-messenger in the admin."""
    role = make_role("Court runner")
    make_role("Process server")
    url = reverse("admin:roles_role_change", args=[role.pk])
    form = read_form(editor_client.get(url).content.decode(), "role_form")
    form.replace("title", "Court messenger")
    form.replace("slug", "court-messenger")
    data = form.post_data()
    assert editor_client.post(url, data).status_code == 302
    return Role.objects.get(pk=role.pk)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/roles/court-runner/", "/roles/court-messenger/"),
        ("/roles/court-runner.json", "/roles/court-messenger.json"),
        (
            "/compare/court-runner-vs-process-server/",
            "/compare/court-messenger-vs-process-server/",
        ),
        (
            "/compare/court-runner-vs-process-server/?differences=only",
            "/compare/court-messenger-vs-process-server/?differences=only",
        ),
        (
            "/compare/court-runner-vs-process-server.csv",
            "/compare/court-messenger-vs-process-server.csv",
        ),
        (
            "/compare/court-runner-vs-process-server.json",
            "/compare/court-messenger-vs-process-server.json",
        ),
    ],
)
def test_the_old_addresses_redirect_permanently_to_the_new_ones(renamed, old, new):
    response = Client().get(old)

    assert response.status_code == 301
    assert response["Location"] == new
    assert Client().get(new).status_code == 200


def test_a_draft_roles_rename_leaves_no_redirect(editor_client):
    role = make_role("Court runner", status=Status.DRAFT)
    role.slug = "court-messenger"
    role.save()

    assert not FormerSlug.objects.exists()
    assert Client().get("/roles/court-runner/").status_code == 404


def test_a_role_that_takes_a_former_address_ends_its_redirect(renamed):
    newcomer = make_role("Court runner", slug="court-runner")

    assert Client().get("/roles/court-runner/").status_code == 200
    assert newcomer.title in Client().get("/roles/court-runner/").content.decode()
    assert not FormerSlug.objects.filter(slug="court-runner").exists()


def test_an_unpublished_renamed_role_is_not_revealed_by_its_old_address(renamed):
    Role.objects.filter(pk=renamed.pk).update(status=Status.DRAFT)

    assert Client().get("/roles/court-runner/").status_code == 404
    assert Client().get("/compare/court-runner-vs-process-server/").status_code == 404
