"""What every kind of content shares: publishing status, who sees drafts, review dates, education
levels."""

from datetime import timedelta

from django.db import models
from django.utils import timezone

# How long an editor's review of a page holds before it is due again.
REVIEW_INTERVAL = timedelta(days=365)

# Comparison URLs join slugs with "-vs-", so no role or occupation slug may contain it.
COMPARE_SEPARATOR = "-vs-"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def sees_drafts(user):
    """Readers see published content only; logged-in staff also see drafts."""
    return user.is_authenticated and user.is_staff


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        return self if sees_drafts(user) else self.published()


class Reviewable(models.Model):
    """A page an editor confirms is current: readers see "Reviewed <date>" from that confirmation,
    never from a save, and the admin lists pages whose review is due."""

    reviewed_on = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        help_text="When an editor last confirmed the page is current (set by “Confirm the "
        "content is current”, not by saving).",
    )
    review_due = models.DateField(
        null=True, blank=True, help_text="When the page should next be checked against its sources."
    )

    class Meta:
        abstract = True

    def mark_reviewed(self, on=None):
        self.reviewed_on = on or timezone.localdate()
        self.review_due = self.reviewed_on + REVIEW_INTERVAL


class EducationLevel(models.IntegerChoices):
    """Typical entry education, in increasing order so jobs sort and compare by it.

    The gaps leave room for levels between these (an occupation whose workers most often report a
    post-baccalaureate certificate sits between a bachelor's and a master's degree).
    """

    NONE = 0, "No formal credential"
    HIGH_SCHOOL = 10, "High school diploma or equivalent"
    POSTSECONDARY_NONDEGREE = 20, "Postsecondary certificate"
    SOME_COLLEGE = 30, "Some college, no degree"
    ASSOCIATE = 40, "Associate's degree"
    BACHELOR = 50, "Bachelor's degree"
    MASTER = 60, "Master's degree"
    DOCTORAL = 70, "Doctoral or professional degree"
