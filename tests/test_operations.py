"""What operators rely on: uploads served in production from any storage, request size limits,
request ids in responses and logs, and a production start that refuses missing static files."""

import logging
import re

import pytest
from django.core.files.storage import InMemoryStorage
from django.test import Client

from careerguide.middleware import RequestIdFilter
from roles.serving.checks import missing_static_manifest
from tests.test_markdown_safety import png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory_storage(settings):
    """Uploads kept in memory: proves they go through Django's storage API, not a folder path.
    (Changing STORAGES makes Django drop its storage instances, so the next use sees this.)"""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    from django.core.files.storage import default_storage

    return default_storage


def test_an_uploaded_image_is_stored_through_the_storage_and_served_with_debug_off(
    editor_client, memory_storage, settings
):
    assert settings.DEBUG is False  # the test runner's default: production behaviour
    response = upload(editor_client, "chart.png", png_bytes(), "image/png")
    assert response.status_code == 200
    address = re.search(r"\((/media/[^)]+)\)", response.json()["image_code"]).group(1)
    assert isinstance(memory_storage._wrapped, InMemoryStorage)
    assert memory_storage.exists(address.removeprefix("/media/"))

    served = Client().get(address)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert "immutable" in served["Cache-Control"]


@pytest.mark.parametrize(
    "address",
    ["/media/markdownx/missing.png", "/media/../careerguide/settings.py", "/media/notes.txt"],
)
def test_missing_or_odd_upload_addresses_are_404(client, address):
    assert client.get(address).status_code == 404


def test_a_request_body_over_the_limit_is_refused_unread(editor_client, settings):
    settings.MAX_REQUEST_BODY = 1024 * 1024
    response = editor_client.post(
        "/markdownx/upload/",
        data=b"x" * (1024 * 1024 + 1),
        content_type="application/octet-stream",
    )
    assert response.status_code == 413
    assert "at most 1 MB" in response.content.decode()


def test_a_form_with_too_much_text_is_refused_with_400_not_500(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = editor_client.post("/admin/roles/role/add/", {"summary": "x" * 5000})
    assert response.status_code == 400


def test_each_response_carries_a_request_id_and_a_proxys_id_is_kept(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert forged != "<script>"


def test_an_error_logged_while_serving_names_the_request(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/roles/no-such-role/", HTTP_X_REQUEST_ID="trace-0042abcd")
    assert response.status_code == 404
    assert [r.request_id for r in caplog.records if r.name == "django.request"] == [
        "trace-0042abcd"
    ]


def test_production_refuses_to_start_without_the_static_manifest(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    assert "run `manage.py collectstatic" in missing_static_manifest()
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    assert missing_static_manifest() is None
