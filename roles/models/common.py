"""What every kind of content shares: publishing status, who sees drafts, education levels."""

from django.db import models

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
