"""Publishing and unpublishing roles or comparisons in bulk (the admin's actions)."""

from django.utils import timezone

from roles.models import Status
from roles.serving.pagecache import content_changed


def publish(queryset):
    """Publish every row of `queryset`; returns how many changed."""
    content_changed()
    return queryset.exclude(status=Status.PUBLISHED).update(
        status=Status.PUBLISHED, updated_at=timezone.now()
    )


def unpublish(queryset):
    """Move every row of `queryset` back to draft; returns how many changed."""
    content_changed()
    return queryset.exclude(status=Status.DRAFT).update(
        status=Status.DRAFT, updated_at=timezone.now()
    )
