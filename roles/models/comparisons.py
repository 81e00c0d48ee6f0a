"""Editors' curated comparisons of two or more roles, with notes on the chart's rows."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from markdownx.models import MarkdownxField

from roles.editorial.markdown import render_markdown
from roles.models.common import PublishableQuerySet, Reviewable, Status, sees_drafts
from roles.models.fields import DUTY_ROW_PREFIX, DutyKind
from roles.models.roles import Role


class ComparisonQuerySet(PublishableQuerySet):
    def visible_to(self, user):
        """Readers see published comparisons whose roles are all published too."""
        if sees_drafts(user):
            return self
        return self.published().exclude(roles__status=Status.DRAFT)

    def for_roles(self, roles):
        """Curated comparisons of exactly this set of roles."""
        queryset = self.annotate(role_count=Count("roles", distinct=True)).filter(
            role_count=len(roles)
        )
        for role in roles:
            queryset = queryset.filter(
                pk__in=ComparisonRole.objects.filter(role=role).values("comparison")
            )
        return queryset


class Comparison(Reviewable):
    """An editor's curated comparison of two or more roles, shown with their chart."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    roles = models.ManyToManyField(Role, through="ComparisonRole", related_name="comparisons")
    introduction = MarkdownxField(blank=True)
    introduction_html = models.TextField(blank=True, editable=False)
    advice = MarkdownxField("which suits you", blank=True)
    advice_html = models.TextField(blank=True, editable=False)
    featured = models.BooleanField(default=False, help_text="Show on the home page.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = ComparisonQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="comparison_status_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.introduction_html = render_markdown(self.introduction)
        self.advice_html = render_markdown(self.advice)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("roles:comparison_by_slug", kwargs={"slug": self.slug})


class ComparisonRole(models.Model):
    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE)
    role = models.ForeignKey(Role, on_delete=models.CASCADE)

    class Meta:
        ordering = ["comparison", "role__slug"]
        verbose_name = "compared role"
        constraints = [
            # A role compared with itself would be the same role twice in one comparison.
            models.UniqueConstraint(
                fields=["comparison", "role"],
                name="comparison_role_once_per_comparison",
                violation_error_message="A comparison cannot hold the same role twice.",
            ),
        ]

    def __str__(self):
        return f"{self.comparison}: {self.role}"


class ChartRow(models.TextChoices):
    """The chart's fixed rows. Rows of duties come from the fields' duty kinds, after the first."""

    PRIMARY_FOCUS = "primary_focus", "Primary focus"
    EDUCATION = "education", "Typical entry education"
    CERTIFICATIONS = "certifications", "Certifications"
    SKILLS = "skills", "Skills employers look for"
    WORK_SETTINGS = "work_settings", "Work settings"
    MEDIAN_PAY = "median_pay", "Median pay"
    OUTLOOK = "outlook", "Job outlook"
    CAREER_MOVES = "career_moves", "Career opportunities"


def row_note_choices():
    """Every row a note can be written for: the fixed rows and each duty kind's chart row."""
    duty_rows = {}
    for kind in DutyKind.objects.select_related("field"):
        duty_rows.setdefault(kind.chart_row_key, f"{kind.chart_row_label} ({kind.field})")
    return [ChartRow.choices[0], *sorted(duty_rows.items()), *ChartRow.choices[1:]]


class ComparisonRowNote(models.Model):
    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="row_notes")
    row = models.CharField(
        max_length=110,
        help_text="A fixed row's key, or the key of a duty kind's chart row.",
    )
    note = models.TextField(help_text="Plain text shown under the row in the chart.")

    class Meta:
        ordering = ["comparison", "id"]
        verbose_name = "row note"
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "row"],
                name="row_note_once_per_row",
                violation_error_message="This row already has a note.",
            ),
        ]

    def __str__(self):
        return f"{self.comparison}: {self.row}"

    def clean(self):
        if self.row in ChartRow.values:
            return
        if not self.row.startswith(DUTY_ROW_PREFIX) or self.row not in dict(row_note_choices()):
            raise ValidationError({"row": "Choose one of the chart's rows."})
