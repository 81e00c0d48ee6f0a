"""Readers' pages come from the cache, and no change of any kind leaves a stale copy behind."""

import gzip
import shutil

import pytest
from django.test import Client, RequestFactory

from roles.importers.content import CONTENT_DIR, load_content
from roles.importers.onet import import_onet
from roles.models import Occupation, Role, Status
from roles.serving.pagecache import PageCacheMiddleware, content_changed
from tests.catalogue import OCCUPATION_DATA, PARALEGALS, copy_extract
from tests.conftest import make_role

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def body(response):
    """The page as the reader's browser sees it (unzipped when it came compressed)."""
    content = response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content.decode()


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def role():
    return make_role("Legal secretary", summary="Keeps the office of a law firm running smoothly.")


def test_a_readers_second_visit_is_served_from_the_cache(reader, role):
    first = reader.get("/roles/legal-secretary/")
    second = reader.get("/roles/legal-secretary/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert body(second) == body(first)
    assert "Keeps the office of a law firm running smoothly." in body(second)


def test_a_saved_change_shows_on_the_next_view(reader, role):
    reader.get("/roles/legal-secretary/")
    role.summary = "Runs the paperwork of a busy litigation practice."
    role.save()
    page = reader.get("/roles/legal-secretary/")
    assert page["X-Page-Cache"] == "miss"
    assert "Runs the paperwork of a busy litigation practice." in body(page)


def test_an_editors_admin_save_shows_on_the_next_view(reader, role, editor_client):
    from tests.test_admin import change_form_data

    reader.get("/roles/legal-secretary/")
    response = editor_client.post(
        f"/admin/roles/role/{role.pk}/change/",
        change_form_data(
            role,
            editor_client,
            status="published",
            summary="Edited in the admin: a new summary for readers.",
        ),
    )
    assert response.status_code == 302
    assert "Edited in the admin: a new summary for readers." in body(
        reader.get("/roles/legal-secretary/")
    )


def test_bulk_unpublish_and_publish_in_the_admin_show_at_once(reader, role, senior_editor_client):
    editor_client = senior_editor_client  # the test role falls short of the audit
    reader.get("/roles/legal-secretary/")
    reader.get("/roles/")
    action = {"_selected_action": [role.pk], "index": 0}
    editor_client.post("/admin/roles/role/", {**action, "action": "unpublish_selected"})
    assert Role.objects.get(pk=role.pk).status == Status.DRAFT
    assert reader.get("/roles/legal-secretary/").status_code == 404
    assert "Legal secretary" not in body(reader.get("/roles/"))

    editor_client.post("/admin/roles/role/", {**action, "action": "publish_selected_anyway"})
    assert reader.get("/roles/legal-secretary/").status_code == 200
    assert "Legal secretary" in body(reader.get("/roles/"))


def test_a_bulk_update_outside_the_admin_invalidates_through_the_publishing_helpers(reader, role):
    from roles.editorial.publishing import unpublish

    reader.get("/roles/legal-secretary/")
    unpublish(Role.objects.filter(pk=role.pk))
    assert reader.get("/roles/legal-secretary/").status_code == 404


def test_deleting_in_the_admin_removes_the_page_at_once(reader, role, editor_client):
    reader.get("/roles/legal-secretary/")
    response = editor_client.post(f"/admin/roles/role/{role.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert reader.get("/roles/legal-secretary/").status_code == 404


def test_an_import_shows_on_the_next_view(reader, catalogue, tmp_path):
    occupation = Occupation.objects.get(code=PARALEGALS)
    address = occupation.get_absolute_url()
    assert reader.get(address).status_code == 200
    assert reader.get(address)["X-Page-Cache"] == "hit"

    def new_release(filename, row):
        if filename == OCCUPATION_DATA and row["O*NET-SOC Code"] == PARALEGALS:
            row["Description"] = "A description only the newer release has."

    import_onet(copy_extract(tmp_path / "onet", edit=new_release), release="30.0")
    assert "A description only the newer release has." in body(reader.get(address))


def test_a_content_load_shows_on_the_next_view(reader, shipped_content, tmp_path):
    assert "drafts routine documents" in body(reader.get("/roles/legal-assistant/"))
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "roles" / "legal-assistant.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "drafts routine documents", "drafts everyday letters"
        ),
        encoding="utf-8",
    )
    load_content(content, overwrite=True)
    assert "drafts everyday letters" in body(reader.get("/roles/legal-assistant/"))


def test_editors_never_get_cached_pages_and_never_fill_the_cache(reader, role, editor_client):
    for _ in range(2):
        page = editor_client.get("/roles/legal-secretary/")
        assert page.status_code == 200
        assert "X-Page-Cache" not in page
    # The editor's views stored nothing: the reader's first view is rendered for the reader.
    assert reader.get("/roles/legal-secretary/")["X-Page-Cache"] == "miss"


def test_a_change_made_while_a_page_renders_is_not_hidden_by_that_page():
    """A page whose rendering began before a change is never served after it."""
    calls = []

    def render(request):
        from django.http import HttpResponse

        calls.append(1)
        if len(calls) == 1:
            content_changed()  # an editor saves while the first reader's page is being drawn
        return HttpResponse(f"<p>render {len(calls)}</p>", content_type="text/html")

    middleware = PageCacheMiddleware(render)
    factory = RequestFactory()
    first = middleware(factory.get("/roles/x/"))
    second = middleware(factory.get("/roles/x/"))
    third = middleware(factory.get("/roles/x/"))
    assert first.content == b"<p>render 1</p>"
    assert second.content == b"<p>render 2</p>"
    assert third["X-Page-Cache"] == "hit" and third.content == b"<p>render 2</p>"


def test_a_conditional_get_is_answered_304_until_the_page_changes(reader, role):
    etag = reader.get("/roles/legal-secretary/")["ETag"]
    assert etag
    again = reader.get("/roles/legal-secretary/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    role.summary = "A different summary, so a different page."
    role.save()
    changed = reader.get("/roles/legal-secretary/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "A different summary, so a different page." in body(changed)


def test_pages_are_compressed_for_browsers_that_accept_gzip(reader, role):
    plain = reader.get("/roles/legal-secretary/")
    zipped = reader.get("/roles/legal-secretary/", **BROWSER)
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert int(zipped["Content-Length"]) < int(plain["Content-Length"]) / 2
    assert body(zipped) == body(plain)
    assert "Accept-Encoding" in zipped["Vary"] and "Cookie" in zipped["Vary"]


def test_admin_pages_are_compressed_too(editor_client, role):
    page = editor_client.get(f"/admin/roles/role/{role.pk}/change/", **BROWSER)
    assert page.status_code == 200
    assert page["Content-Encoding"] == "gzip"
    assert "csrfmiddlewaretoken" in gzip.decompress(page.content).decode()


def test_head_requests_get_the_headers_without_the_page(reader, role):
    reader.get("/roles/legal-secretary/")
    head = reader.head("/roles/legal-secretary/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["X-Page-Cache"] == "hit"


def test_query_strings_are_separate_pages(reader, role):
    reader.get("/roles/")
    filtered = reader.get("/roles/?education=high-school")
    assert filtered["X-Page-Cache"] == "miss"


def test_not_found_pages_are_not_stored(reader):
    assert reader.get("/roles/no-such-role/").status_code == 404
    again = reader.get("/roles/no-such-role/")
    assert again.status_code == 404
    assert "X-Page-Cache" not in again


def test_the_health_check_is_never_cached(reader):
    assert "X-Page-Cache" not in reader.get("/healthz")


def test_pages_are_still_served_when_the_cache_is_down(reader, role, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    page = reader.get("/roles/legal-secretary/")
    assert page.status_code == 200
    assert "Keeps the office of a law firm running smoothly." in body(page)
    health = reader.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_the_health_check_says_what_works_and_nothing_secret(reader, settings):
    response = reader.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert settings.SECRET_KEY not in response.content.decode()


def test_pages_that_are_not_stored_are_still_compressed(reader):
    missing = reader.get("/roles/no-such-role/", **BROWSER)
    assert missing.status_code == 404
    assert missing["Content-Encoding"] == "gzip"
    assert "Page not found" in body(missing) or "not found" in body(missing).lower()


def test_a_cached_page_keeps_its_security_headers(reader, role):
    first = reader.get("/roles/legal-secretary/")
    hit = reader.get("/roles/legal-secretary/")
    assert hit["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert hit[header] == first[header]
