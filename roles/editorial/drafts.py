"""Draft changes to published pages (roles/models/drafts.py): what an editor saved as a draft is
the page with its rows, serialized; applying it writes them back, as restoring a version does.

The admin saves a draft by saving the form normally inside a transaction, serializing the result
and rolling the transaction back, so a draft holds exactly what a save would have written. A
preview applies the draft inside a transaction, renders the public page as a reader would get it,
and rolls back; publishing applies it for good.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction

from roles.editorial.history import FOLLOWS, record, recording
from roles.models import DraftChange
from roles.serving.pagecache import content_changed

# The change form's button that saves a draft, and the request flag of a draft's own form.
DRAFT_BUTTON = "_save_draft"
EDITING_DRAFT = "_editorial_editing_draft"


class DraftSaved(Exception):
    """A save meant as a draft: the transaction it ran in is undone, keeping what it wrote."""

    def __init__(self, page, data):
        super().__init__()
        self.page, self.data = page, data


class Rollback(Exception):
    """Undo the transaction a preview or a draft's form ran in, keeping the response."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def draft_of(page):
    """The page's draft changes, or None."""
    return (
        DraftChange.objects.filter(
            content_type=ContentType.objects.get_for_model(page), object_id=page.pk
        )
        .select_related("author")
        .first()
    )


def serialize(page):
    """The page as stored now, with its rows (history.FOLLOWS), as JSON."""
    objects = [page]
    for relation in FOLLOWS[type(page)]:
        objects += list(getattr(page, relation).all().order_by("pk"))
    return serializers.serialize("json", objects)


def keep(page, data, author):
    """Store `data` (from `serialize`) as the page's draft changes, replacing any earlier ones."""
    DraftChange.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(page),
        object_id=page.pk,
        defaults={"data": data, "author": author},
    )


def apply(page, draft):
    """Write the draft's page and rows over the stored ones (rows it lacks are deleted); returns
    the page, saved once more normally so derived text and the search index follow."""
    model = type(page)
    stored = list(serializers.deserialize("json", draft.data, ignorenonexistent=True))
    page_object = next(d for d in stored if type(d.object) is model and d.object.pk == page.pk)
    rows = [d for d in stored if d is not page_object]
    for relation in FOLLOWS[model]:
        manager = getattr(page, relation)
        own = set(manager.values_list("pk", flat=True))
        wanted = {
            d.object.pk for d in rows if d.object.pk in own and type(d.object) is manager.model
        }
        manager.exclude(pk__in=wanted).delete()
        for deserialized in rows:
            row = deserialized.object
            # A row the draft added was numbered in a transaction that was rolled back: that
            # number may since belong to another page's row, so the row is inserted afresh.
            if type(row) is manager.model and row.pk not in own:
                row.pk = None
    page_object.save()
    for deserialized in rows:
        deserialized.save()
    fresh = model._default_manager.get(pk=page.pk)
    fresh.save()
    return fresh


def publish(page, draft, user):
    """Apply the draft for readers, as one revision in the history, and forget the draft."""
    content_changed()
    with transaction.atomic(), recording("Published the draft changes.", user):
        fresh = apply(page, draft)
        record([fresh])
        draft.delete()
    return fresh


def preview(request, page, draft, view, *args, **kwargs):
    """The public page `view` renders for a reader (no login) with the draft applied, rolled
    back afterwards; marked as a preview and kept out of search engines."""
    try:
        with transaction.atomic():
            apply(page, draft)
            editor = request.user
            request.user = AnonymousUser()
            request.draft_preview = True
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
            finally:
                request.user = editor
            raise Rollback(response)
    except Rollback as rollback:
        response = rollback.response
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response
