"""The Content-Security-Policy and Permissions-Policy every response carries, and pages that keep to
the policy: no style attributes, inline scripts, event-handler attributes or javascript: links,
on any public page type, download, error page or admin page."""

import re

import pytest
from django.contrib import admin
from django.urls import path, reverse

from roles.compare.drawing import DIAGRAM_MIN_SCALE, diagram_width
from roles.models import Role

PUBLIC_PAGES = [
    "/",
    "/roles/",
    "/roles/?sort=pay&pay=40000-59999",
    "/roles/legal-assistant/",
    "/occupations/paralegals-and-legal-assistants/",
    "/occupations/actors/",
    "/occupations/lawyers/titles/",
    "/compare/",
    "/compare/?field=legal-occupations&browse=1",
    "/compare/legal-assistant-vs-legal-secretary/",
    "/compare/lawyers-vs-legal-secretary-vs-paralegal-vs-paralegals-and-legal-assistants/",
    "/compare/paralegal/",
    "/search/?q=legal+research",
    "/fit/",
    "/fit/?work=legal&education=associate&pay=high",
    "/next-moves/",
    "/next-moves/?job=legal",
    "/next-moves/legal-secretary/",
    "/fields/legal-support/",
    "/fields/legal-occupations/",
    "/sources/",
    "/roles/no-such-role/",
]
DOWNLOADS = [
    "/roles/legal-assistant.json",
    "/compare/legal-assistant-vs-legal-secretary.csv",
    "/compare/legal-assistant-vs-legal-secretary.json",
]

# Markup the policy refuses to run or apply. JSON data blocks are not run, so they may stay inline.
INLINE_CODE = {
    "a style attribute": re.compile(r"<[a-z][^<>]*\sstyle\s*=", re.IGNORECASE),
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "an inline script": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>",
        re.IGNORECASE,
    ),
    "an event-handler attribute": re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: link": re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
}


def policy_of(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def policy_problems(response):
    policy = policy_of(response)
    problems = []
    if not policy:
        return ["no Content-Security-Policy header"]
    if "Content-Security-Policy-Report-Only" in response.headers:
        problems.append("a report-only policy beside the real one")
    for name, sources in policy.items():
        for source in sources:
            if source.startswith(("'unsafe-", "'nonce-", "'strict-dynamic'")) or source in {
                "*",
                "http:",
                "https:",
            }:
                problems.append(f"{name} allows {source}")
    expected = {
        "default-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    for name, sources in expected.items():
        if policy.get(name) != sources:
            problems.append(f"{name} is {policy.get(name)}, not {sources}")
    for name in ("script-src", "style-src"):
        if "data:" in policy.get(name, []) or "'self'" not in policy.get(name, []):
            problems.append(f"{name} is {policy.get(name)}")
    return problems


def inline_code_in(html):
    return [
        f"{what}: {match.group(0)[:120]}"
        for what, pattern in INLINE_CODE.items()
        for match in pattern.finditer(html)
    ]


@pytest.fixture
def guide(_shipped_guide, db):
    """The shipped content on top of the test catalogue."""


# ---------------------------------------------------------------- the headers


@pytest.mark.parametrize("url", PUBLIC_PAGES + DOWNLOADS)
def test_public_pages_and_downloads_carry_a_strict_policy_even_from_the_cache(guide, client, url):
    first = client.get(url)
    again = client.get(url)  # a reader's page the second time comes from the page cache

    assert first.status_code in {200, 400, 404}  # error pages are pages too
    assert policy_problems(first) == []
    assert policy_of(again) == policy_of(first)


def test_the_policy_allows_only_the_sites_own_scripts_styles_and_images(client, db):
    policy = policy_of(client.get("/sources/"))

    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'"]


def test_the_policy_sent_to_every_reader_is_the_same_so_cached_pages_stay_valid(guide, client):
    headers = {client.get(url).headers["Content-Security-Policy"] for url in PUBLIC_PAGES[:5]}
    assert len(headers) == 1


def test_every_response_denies_the_camera_microphone_and_location(client, db):
    for url in ["/", "/roles/legal-assistant.json", reverse("admin:login")]:
        permissions = client.get(url).headers.get("Permissions-Policy", "")
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in permissions, (url, feature)


def admin_pages():
    """Every admin list and add page, the change page of each model's first object, and more."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_changelist".format(*info)) + "?q=legal")
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    role = Role.objects.get(slug="legal-assistant")
    urls.append(reverse("admin:roles_role_history", args=[role.pk]))
    urls.append(reverse("admin:roles_role_delete", args=[role.pk]))
    return urls


def test_every_admin_page_carries_the_policy_and_keeps_to_it(guide, admin_client):
    problems = []
    pages = admin_pages()
    for url in pages:
        response = admin_client.get(url)
        if response.status_code not in {200, 403}:
            problems.append(f"{url}: status {response.status_code}")
        problems += [f"{url}: {p}" for p in policy_problems(response)]
        problems += [f"{url}: {p}" for p in inline_code_in(response.content.decode())]
    assert len(pages) > 40
    assert problems == []


def test_the_login_page_and_the_locked_out_page_carry_the_policy_and_keep_to_it(client, editor):
    login = client.get(reverse("admin:login"))
    for _ in range(5):
        locked = client.post(reverse("admin:login"), {"username": "editor", "password": "wrong"})

    assert locked.status_code == 429
    for response in (login, locked):
        assert policy_problems(response) == []
        assert inline_code_in(response.content.decode()) == []


# ---------------------------------------------------------------- the pages


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_no_style_attributes_or_inline_scripts(guide, client, url):
    html = client.get(url).content.decode()
    assert inline_code_in(html) == []


def test_the_pages_seen_by_an_editor_with_drafts_keep_to_the_policy_too(guide, editor_client):
    for url in ["/roles/legal-assistant/", "/fields/legal-support/", "/compare/"]:
        assert inline_code_in(editor_client.get(url).content.decode()) == []


def test_the_check_for_inline_code_finds_each_kind():
    html = """<p style="color: red">x</p><style>p{}</style><script>alert(1)</script>
    <button onclick="go()">Go</button><a href="javascript:go()">Go</a>"""
    assert len(inline_code_in(html)) == 5
    assert inline_code_in('<script src="/static/js/picker.js" defer></script>') == []


def test_the_career_paths_diagram_is_sized_by_its_attributes_not_a_style(guide, client):
    html = client.get("/fields/legal-support/").content.decode()
    svg = re.search(r'<svg class="career-paths-svg"[^>]*>', html).group(0)

    # The shipped legal support diagram has six columns: 1,272 by 516 user units.
    assert 'class="career-paths-svg" data-columns="6"' in svg
    assert re.search(r'viewBox="0 0 1272 516(\.0)?" width="1272" height="516(\.0)?"', svg)


def test_the_stylesheet_holds_the_smallest_width_of_every_diagram_size(settings):
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    rules = {
        int(columns): int(width)
        for columns, width in re.findall(
            r'\.career-paths-svg\[data-columns="(\d+)"\] \{ min-width: (\d+)px; \}', css
        )
    }

    assert rules == {n: round(diagram_width(n) * DIAGRAM_MIN_SCALE) for n in range(1, 11)}


# ---------------------------------------------------------------- the server error page


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view)]
handler500 = "roles.serving.views.server_error"  # as careerguide/urls.py


@pytest.mark.urls(__name__)
def test_the_server_error_page_is_styled_by_the_stylesheet_without_the_database(
    client, db, django_assert_num_queries
):
    client.raise_request_exception = False
    # No queries: the page must render when the database is what failed.
    with django_assert_num_queries(0):
        response = client.get("/broken/", HTTP_X_REQUEST_ID="trace-500-abcdef")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    # It names the log line a reader can quote and claims no one was told.
    assert "under the reference <code>trace-500-abcdef</code>" in html
    assert "told" not in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert '<body class="bare-page">' in html
    assert inline_code_in(html) == []
    assert policy_problems(response) == []


def test_the_server_error_page_has_its_own_rule_in_the_stylesheet(settings):
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert re.search(r"\.bare-page \{[^}]*max-width: 40rem;[^}]*margin: 3rem auto;", css)
