"""The admin's Markdown editor: django-markdownx's widget with our script and style sheet after its
own (static/js/markdown-editor.js, static/css/admin-editor.css).

The script gives Tab back to the browser (markdownx traps it to type a tab character), indents
with Ctrl+] and Ctrl+[ or buttons instead, uploads images itself so a refused file shows the
server's message and inserts nothing, and asks for each uploaded image's description.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from markdownx.widgets import AdminMarkdownxWidget


class MarkdownEditorWidget(AdminMarkdownxWidget):
    class Media:
        css = {"all": ["css/admin-editor.css"]}
        js = ["js/markdown-editor.js"]


class KnownAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete select, showing its chosen row from an object the page already
    fetched (`known`, {pk as text: object}) instead of one query per inline row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = {}

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            obj = self.known[key]
            label = self.choices.field.label_from_instance(obj)
            options.append(self.create_option(name, obj.pk, label, selected, len(options)))
        return [(None, options, 0)]


class KnownChoicesInlineMixin:
    """An inline whose autocomplete fields show each row's chosen object from the rows the inline
    fetched with select_related, so the change page's queries do not grow with its rows."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (KnownChoicesFormSet, formset), {})


class KnownChoicesFormSet:
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None:
            return form
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, KnownAutocompleteSelect):
                related = getattr(form.instance, name, None)
                if related is not None:
                    widget.known = {str(related.pk): related}
        return form
