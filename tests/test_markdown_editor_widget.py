"""Every Markdown field in the admin gets the guide's editor: django-markdownx's widget with our
script (Tab, indentation, uploads, alt text) and style sheet loaded after markdownx's own."""

from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from roles.editorial.uploads import markdown_fields
from roles.editorial.widgets import MarkdownEditorWidget
from tests.conftest import make_role


def test_every_markdown_field_in_the_admin_uses_the_guides_editor(editor):
    request = RequestFactory().get("/admin/")
    request.user = editor
    checked = []
    for model, name in markdown_fields():
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        formfield = model_admin.formfield_for_dbfield(model._meta.get_field(name), request)
        assert isinstance(formfield.widget, MarkdownEditorWidget), f"{model.__name__}.{name}"
        checked.append(f"{model.__name__}.{name}")
    assert {"Role.overview", "Comparison.advice", "Occupation.overview"} <= set(checked)


def test_the_change_page_loads_the_editor_script_after_markdownxs(editor_client):
    role = make_role("Legal secretary")
    html = editor_client.get(reverse("admin:roles_role_change", args=[role.pk])).content.decode()

    markdownx = html.index("markdownx/js/markdownx")
    assert markdownx < html.index('src="/static/js/markdown-editor.js"')
    assert html.index("markdownx/admin/css/markdownx") < html.index("/static/css/admin-editor.css")
