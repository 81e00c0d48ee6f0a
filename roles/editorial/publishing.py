"""Publishing and unpublishing roles or comparisons in bulk (the admin's actions), each recorded in
the history as one revision naming who did it."""

from django.utils import timezone

from roles.editorial.history import record, recording
from roles.models import Status
from roles.serving.pagecache import content_changed


def publish(queryset, user=None):
    """Publish every row of `queryset`; returns how many changed."""
    return _set_status(queryset, Status.PUBLISHED, "Published", user)


def unpublish(queryset, user=None):
    """Move every row of `queryset` back to draft; returns how many changed."""
    return _set_status(queryset, Status.DRAFT, "Moved back to draft", user)


def _set_status(queryset, status, comment, user):
    content_changed()
    changing = queryset.exclude(status=status)
    pks = list(changing.values_list("pk", flat=True))
    if not pks:
        return 0
    with recording(f"{comment} (bulk action).", user):
        count = changing.update(status=status, updated_at=timezone.now())
        record(queryset.model._default_manager.filter(pk__in=pks))
    return count
