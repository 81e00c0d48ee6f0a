"""Publishing and unpublishing roles or comparisons in bulk (the admin's actions)."""

from django.utils import timezone

from roles.models import Status


def publish(queryset):
    """Publish every row of `queryset`; returns how many changed."""
    return queryset.exclude(status=Status.PUBLISHED).update(
        status=Status.PUBLISHED, updated_at=timezone.now()
    )


def unpublish(queryset):
    """Move every row of `queryset` back to draft; returns how many changed."""
    return queryset.exclude(status=Status.DRAFT).update(
        status=Status.DRAFT, updated_at=timezone.now()
    )
