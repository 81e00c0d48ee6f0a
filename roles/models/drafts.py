"""Draft changes to published pages: an editor's edits to a published role or comparison, kept
aside (serialized, with the page's rows) until someone publishes them; readers meanwhile see the
published version. roles/editorial/drafts.py saves, previews, applies and discards them."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class DraftChange(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    data = models.TextField(help_text="The page and its rows as Django's JSON serializer writes.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_draft_change_per_page"
            ),
        ]

    def __str__(self):
        return f"Draft changes to {self.content_type.model} {self.object_id}"
