"""Editor text can never run script, load a frame or carry an event handler in a reader's browser."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from PIL import Image

from roles.editorial.markdown import render_markdown
from tests.conftest import make_comparison, make_role

pytestmark = pytest.mark.django_db

HOSTILE_MARKDOWN = """
Hello <script>alert('x')</script> there.

<img src="/media/a.png" onerror="alert(1)">
<a href="#" onclick="alert(2)" onmouseover="alert(3)">hover</a>

[click me](javascript:alert(4)) [data link](data:text/html;base64,PHNjcmlwdD4=)
[Ja va](JaVaScRiPt:alert(5))

<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="y">
<style>body{display:none}</style><form action="/steal"><input name="q"></form>
<svg onload="alert(6)"></svg>
"""


def assert_harmless(html):
    lowered = html.lower()
    for forbidden in [
        "<script", "onerror", "onclick", "onmouseover", "onload", "javascript:", "data:text",
        "<iframe", "<object", "<embed", "<style", "<form", "<input", "<svg",
    ]:  # fmt: skip
        assert forbidden not in lowered, forbidden


def test_renderer_strips_script_handlers_dangerous_links_and_frames():
    html = render_markdown(HOSTILE_MARKDOWN)
    assert_harmless(html)
    assert "Hello" in html and "hover" in html  # the words themselves stay


def test_editor_headings_sit_under_the_page_headings_without_skipping_levels():
    html = render_markdown("# Top\n\ntext\n\n### Deeper\n\n## Middle")
    assert "<h3>Top</h3>" in html
    assert "<h5>Deeper</h5>" in html
    assert "<h4>Middle</h4>" in html


def test_renderer_keeps_ordinary_markdown():
    html = render_markdown("## Duties\n\n- **Filing**\n- [NALS](https://www.nals.org)")
    assert "<h3>Duties</h3>" in html
    assert "<strong>Filing</strong>" in html
    assert '<a href="https://www.nals.org" rel="noopener noreferrer nofollow">NALS</a>' in html


def test_hostile_overview_is_harmless_on_the_public_role_page(client):
    role = make_role("Legal secretary", overview=HOSTILE_MARKDOWN)
    response = client.get(role.get_absolute_url())
    html = response.content.decode()
    overview = html[html.index('id="overview-heading"') : html.index('id="duties-heading"')]
    assert "Hello" in overview
    assert_harmless(overview)


def test_hostile_comparison_text_is_harmless_on_the_chart(client):
    roles = [make_role("Legal assistant"), make_role("Legal secretary")]
    make_comparison(roles, introduction=HOSTILE_MARKDOWN, advice=HOSTILE_MARKDOWN)
    html = client.get("/compare/legal-assistant-vs-legal-secretary/").content.decode()
    editor_text = [part.split("</section>")[0] for part in html.split('<section class="prose"')[1:]]
    assert len(editor_text) == 2  # the introduction and the advice
    for part in editor_text:
        assert "Hello" in part
        assert_harmless(part)


def test_preview_endpoint_sanitises_like_the_public_page(editor_client):
    response = editor_client.post("/markdownx/markdownify/", {"content": HOSTILE_MARKDOWN})
    assert response.status_code == 200
    assert response.content.decode() == render_markdown(HOSTILE_MARKDOWN)
    assert_harmless(response.content.decode())


def test_anonymous_users_cannot_use_the_preview(client):
    response = client.post("/markdownx/markdownify/", {"content": "**hi**"})
    assert response.status_code == 403
    assert b"<strong>" not in response.content


def test_logged_in_non_staff_cannot_use_the_preview(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x-long-pass"))
    assert client.post("/markdownx/markdownify/", {"content": "hi"}).status_code == 403


def test_preview_refuses_get(editor_client):
    assert editor_client.get("/markdownx/markdownify/").status_code == 405


def png_bytes(size=(8, 6), mode="RGB"):
    buffer = BytesIO()
    Image.new(mode, size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, name, content, content_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/markdownx/upload/",
        {"image": SimpleUploadedFile(name, content, content_type=content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_anonymous_users_cannot_upload(client, settings):
    response = upload(client, "a.png", png_bytes(), "image/png")
    assert response.status_code == 403
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("notes.txt", b"just some text", "text/plain"),
        ("evil.png", b"<script>alert(1)</script>", "image/png"),
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        ("page.html", b"<html><body>hi</body></html>", "text/html"),
        ("truncated.png", png_bytes()[:40], "image/png"),
    ],
)
def test_non_images_are_refused_with_a_400_and_nothing_is_stored(
    editor_client, settings, name, content, content_type
):
    response = upload(editor_client, name, content, content_type)
    assert response.status_code == 400
    assert "image" in response.json()
    assert stored_files(settings) == []


def test_an_image_is_re_encoded_under_a_new_name(editor_client, settings):
    response = upload(editor_client, "../../etc/passwd.png.html", png_bytes(), "text/html")
    assert response.status_code == 200
    url = response.json()["image_url"]
    assert re.fullmatch(r"/media/markdownx/[0-9a-f]{32}\.png", url)
    # Placeholder alt text, which the editor's script asks the editor to replace.
    assert response.json()["image_code"] == f"![Describe this image]({url})"
    (stored,) = stored_files(settings)
    assert "passwd" not in stored.name
    with Image.open(stored) as image:
        assert image.format == "PNG" and image.size == (8, 6)


def test_editors_group_members_can_upload(client, django_user_model, settings):
    user = django_user_model.objects.create_user("ed", password="x-long-pass", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    assert upload(client, "a.png", png_bytes(), "image/png").status_code == 200
