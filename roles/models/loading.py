"""What the content loader last wrote, so a rerun can tell an editor's change from its own."""

from django.db import models


class LoadedContent(models.Model):
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "key"]
        verbose_name_plural = "loaded content"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="loaded_content_once_per_key"),
        ]

    def __str__(self):
        return f"{self.kind} {self.key}"
