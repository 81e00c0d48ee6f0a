"""No lost updates: an admin change form carries the state of the page as the editor opened it (its
fields and its inline rows, signed so it cannot be forged), and a save whose page has changed since
is refused with what changed, by whom, and the saved values, while the editor's input stays on
screen to merge. Saving again after reading that message is a deliberate choice and goes through.

Also here: browsers send text areas with CRLF line endings, which would make every save of an
unchanged page look like a change (`normalized_post`).
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst

SALT = "roles.editorial.conflicts"
TOKEN_FIELD = "editing_version"
SHOWN_CHARACTERS = 300  # of a changed text, in the message


def normalized_post(post):
    """`post` (a QueryDict) with CRLF and CR line endings made LF, as the database stores them."""
    if not any("\r" in value for values in post.lists() for value in values[1]):
        return post
    normalized = post.copy()
    for key, values in post.lists():
        normalized.setlist(
            key, [value.replace("\r\n", "\n").replace("\r", "\n") for value in values]
        )
    normalized._mutable = False
    return normalized


def _value(obj, model_field):
    if model_field.many_to_many:
        return sorted(str(pk) for pk in getattr(obj, model_field.name).values_list("pk", flat=True))
    if model_field.value_from_object(obj) is None:
        return ""
    return model_field.value_to_string(obj)


def _editable_fields(model, names=None):
    """The model's fields an editor can change, in order (or those of `names` that are fields)."""
    fields = [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.editable and not f.primary_key and not getattr(f, "auto_now", False)
    ]
    if names is not None:
        fields = [f for f in fields if f.name in names]
    return fields


@dataclass
class Part:
    """One inline on the change page: its label, model, the field that points at the page, and
    the fields the editor sees."""

    label: str
    model: type
    fk_name: str
    fields: list = field(default_factory=list)


def snapshot(obj, parts):
    """The page as stored now: {"fields": {name: text}, "rows": {label: {pk: {name: text}}}}, and
    each row's name under "names" (not compared: a duty renamed elsewhere is no conflict here)."""
    state = {
        "fields": {f.name: _value(obj, f) for f in _editable_fields(type(obj))},
        "rows": {},
        "names": {},
    }
    for part in parts:
        fields = _editable_fields(part.model, part.fields)
        related = [f.name for f in part.model._meta.concrete_fields if f.many_to_one]
        rows = (
            part.model._default_manager.filter(**{part.fk_name: obj})
            .select_related(*related)
            .order_by("pk")
        )
        state["rows"][part.label] = {}
        state["names"][part.label] = {}
        for row in rows:
            state["rows"][part.label][str(row.pk)] = {f.name: _value(row, f) for f in fields}
            state["names"][part.label][str(row.pk)] = str(row)
    return state


def same_page(opened, current):
    return opened is not None and all(opened.get(key) == current[key] for key in ("fields", "rows"))


def token(state):
    return signing.dumps(state, salt=SALT, compress=True)


def opened_state(value):
    """The state a form was opened with, or None for a missing or tampered token."""
    try:
        return signing.loads(value or "", salt=SALT)
    except signing.BadSignature:
        return None


def _shown(text):
    return Truncator(text).chars(SHOWN_CHARACTERS) if text else "(empty)"


def _saved_value(model_field, text):
    """How a stored value reads in the message."""
    if model_field.many_to_many:
        return f"{len(text)} selected" if text else "none selected"
    if model_field.choices:
        return f"“{dict(model_field.flatchoices).get(_typed(model_field, text), text)}”"
    return _shown(text)


def field_changes(model, opened, current, edited):
    """The page's fields someone else changed, as (label, what happened) pairs; `edited` names
    those the editor changed too (their own value is kept; the others now hold the saved one)."""
    changes = []
    for model_field in _editable_fields(model):
        if opened["fields"].get(model_field.name) == current["fields"].get(model_field.name):
            continue
        saved = _saved_value(model_field, current["fields"].get(model_field.name))
        if model_field.name in edited:
            how = f"you changed it too, and the form keeps your version; the saved one is {saved}"
        else:
            how = f"the form now holds the saved version, {saved}"
        changes.append((capfirst(model_field.verbose_name), how))
    return changes


def row_changes(parts, opened, current):
    """The inline rows someone else added, changed or removed, as (label, what happened) pairs."""
    changes = []
    for part in parts:
        before = opened["rows"].get(part.label, {})
        now = current["rows"].get(part.label, {})
        names = {**opened["names"].get(part.label, {}), **current["names"].get(part.label, {})}
        for pk in sorted(now.keys() - before.keys(), key=int):
            changes.append((part.label, f"added “{names[pk]}” (kept: it is not in your form)"))
        for pk in sorted(now.keys() & before.keys(), key=int):
            if now[pk] != before[pk]:
                changes.append((part.label, f"changed “{names[pk]}” (your form has your version)"))
        for pk in sorted(before.keys() - now.keys(), key=int):
            changes.append(
                (
                    part.label,
                    f"removed “{names[pk]}” (your form still has it: saving again adds it back "
                    "unless you tick Delete)",
                )
            )
    return changes


def _typed(model_field, text):
    try:
        return model_field.to_python(text)
    except ValidationError:
        return text


def conflict_message(model, changes, latest):
    """The form error for a stale save: who saved since, what changed, and what to do."""
    if latest is not None:
        when = date_format(timezone.localtime(latest.revision.date_created), "j F Y, H:i")
        who = latest.revision.user.get_username() if latest.revision.user else "an import or load"
        saved = format_html(" (last saved by {} on {})", who, when)
    else:
        saved = ""
    return format_html(
        "<p>This {} was changed by someone else after you opened it{}, so nothing was saved. "
        "Your changes are still in the form below, merged with theirs as listed here. Check the "
        "form and save again: saving again keeps what the form then holds.</p><ul>{}</ul>",
        model._meta.verbose_name,
        saved,
        format_html_join("", "<li><strong>{}</strong>: {}</li>", changes)
        if changes
        else format_html("<li>{}</li>", "The page could not tell what you opened; reload it."),
    )


class TokenInput(forms.HiddenInput):
    """A hidden input no label points at (the admin renders a label for every field in a
    fieldset, and a label for a hidden input is invalid HTML)."""

    def id_for_label(self, id_):
        return ""


class VersionedForm(forms.ModelForm):
    """An admin change form that refuses a save based on a stale copy of the page.

    The admin sets `page_state` (the stored state, read when the form is built) and `parts` on a
    subclass; add forms leave `page_state` None and are never stale."""

    editing_version = forms.CharField(widget=TokenInput, required=False)
    page_state = None
    parts = ()
    latest_version = None  # a function of the instance: its newest recorded version

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.page_state is not None:
            self.fields[TOKEN_FIELD].initial = token(self.page_state)
        # A text field strips what the editor sends, so stored text that ends in a newline (as
        # loaded content does) would read as changed on every save without this.
        for name, form_field in self.fields.items():
            value = self.initial.get(name)
            if isinstance(value, str) and getattr(form_field, "strip", False):
                self.initial[name] = value.strip()

    def has_changed(self):
        return any(name != TOKEN_FIELD for name in self.changed_data)

    def clean(self):
        cleaned = super().clean()
        if self.page_state is None:
            return cleaned
        key = self.add_prefix(TOKEN_FIELD)
        opened = opened_state(self.data.get(key))
        if same_page(opened, self.page_state):
            return cleaned
        # The form shows the page's current version from now on, so saving again goes through,
        # and takes the saved value of every field someone else changed and this editor did not.
        data = self.data.copy()
        data[key] = token(self.page_state)
        changes = []
        if opened is not None:
            edited = self._merge(opened, data)
            changes = field_changes(self._meta.model, opened, self.page_state, edited)
            changes += row_changes(self.parts, opened, self.page_state)
        self.data = data
        latest = self.latest_version(self.instance) if self.latest_version else None
        raise ValidationError(conflict_message(self._meta.model, changes, latest), code="stale")

    def _merge(self, opened, data):
        """Put the saved value into `data` for each field changed since `opened` that the editor
        left alone; returns the names of those the editor changed too."""
        edited = set()
        for name, form_field in self.fields.items():
            before = opened["fields"].get(name)
            now = self.page_state["fields"].get(name)
            if name not in self.page_state["fields"] or before == now:
                continue
            if form_field.has_changed(before, self[name].data):
                edited.add(name)
                continue
            key = self.add_prefix(name)
            if isinstance(now, list):
                data.setlist(key, now)
            elif isinstance(form_field, forms.BooleanField):
                if now == "True":
                    data[key] = "on"
                else:
                    data.pop(key, None)
            else:
                data[key] = now
        return edited


def rescue_lost_rows(post, formsets):
    """`post` with each inline row that no longer exists (another editor deleted it) turned into
    a new row holding what the editor typed, so the form can show it and save it again unless the
    editor ticks Delete; the admin would otherwise fail on the row's hidden id with no visible
    error. `formsets` are (prefix, queryset of the page's rows) pairs."""
    data = None
    for prefix, rows in formsets:
        try:
            initial = int(post.get(f"{prefix}-INITIAL_FORMS", 0))
            total = int(post.get(f"{prefix}-TOTAL_FORMS", 0))
        except ValueError:
            continue
        pk_name = rows.model._meta.pk.name
        posted = {i: post.get(f"{prefix}-{i}-{pk_name}", "") for i in range(initial)}
        ids = [value for value in posted.values() if value.isdigit()]
        existing = {str(pk) for pk in rows.filter(pk__in=ids).values_list("pk", flat=True)}
        lost = [i for i in range(initial) if posted[i] not in existing]
        if not lost:
            continue
        data = data if data is not None else post.copy()
        # Existing rows first, then the lost ones as new rows, then the new rows sent.
        order = [i for i in range(initial) if i not in lost] + lost + list(range(initial, total))
        forms = [
            {key: post.getlist(key) for key in post if key.startswith(f"{prefix}-{i}-")}
            for i in range(total)
        ]
        for key in [
            key
            for key in data
            if key.startswith(f"{prefix}-") and key[len(prefix) + 1 : len(prefix) + 2].isdigit()
        ]:
            del data[key]
        for new_index, old_index in enumerate(order):
            for key, values in forms[old_index].items():
                name = key[len(f"{prefix}-{old_index}-") :]
                data.setlist(
                    f"{prefix}-{new_index}-{name}",
                    [] if old_index in lost and name == pk_name else values,
                )
        data[f"{prefix}-INITIAL_FORMS"] = str(initial - len(lost))
    if data is None:
        return post
    data._mutable = False
    return data


def page_parts(admin, request, obj):
    """The `Part`s of a change page: one per inline the editor sees, with the fields it shows."""
    parts = []
    for inline in admin.get_inline_instances(request, obj):
        fk = inline.get_formset(request, obj).fk
        names = list(flatten_fieldsets(inline.get_fieldsets(request, obj)))
        label = capfirst(inline.verbose_name_plural or inline.model._meta.verbose_name_plural)
        parts.append(Part(str(label), inline.model, fk.name, [n for n in names if n != fk.name]))
    return parts
