"""Career fields (the curated guide's fields and the SOC major groups), their duty kinds, work settings."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

# Chart rows built from duty kinds are keyed with this prefix, so they never clash with fixed rows.
DUTY_ROW_PREFIX = "duties-"


class CareerFieldQuerySet(models.QuerySet):
    def curated(self):
        """Fields an editor made for the guide's own roles (not a SOC major group)."""
        return self.filter(soc_major_group="")

    def major_groups(self):
        return self.exclude(soc_major_group="")


class CareerField(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(blank=True, help_text="One or two plain sentences about the field.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers show first.")
    soc_major_group = models.CharField(
        "SOC major group",
        max_length=7,
        blank=True,
        help_text="Set by the occupation import (e.g. 23-0000) for the field that holds that "
        "group's occupations; blank for a field an editor made.",
    )

    objects = CareerFieldQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "career field"
        constraints = [
            models.UniqueConstraint(
                fields=["soc_major_group"],
                condition=~Q(soc_major_group=""),
                name="field_once_per_major_group",
                violation_error_message="Another field already holds this SOC major group.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roles:field_detail", kwargs={"slug": self.slug})

    @property
    def is_major_group(self):
        return bool(self.soc_major_group)


class DutyKind(models.Model):
    """A kind of duty within a field (editors manage them): it groups duties on role pages and
    names the comparison chart's rows and the work-mix shares built from them."""

    field = models.ForeignKey(CareerField, on_delete=models.CASCADE, related_name="duty_kinds")
    name = models.CharField(max_length=100, help_text="As a heading on role pages.")
    slug = models.SlugField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers show first.")
    chart_row = models.CharField(
        "comparison chart row",
        max_length=100,
        blank=True,
        help_text="The chart row these duties appear in. Kinds with the same row share it; "
        "blank gives the kind a row of its own, named after it.",
    )
    work_mix = models.CharField(
        "work-mix share",
        max_length=60,
        blank=True,
        help_text="The share of the work this kind counts toward in “How the work divides”. "
        "Kinds with the same name count together; blank uses the chart row.",
    )

    class Meta:
        ordering = ["field", "order", "name"]
        verbose_name = "duty kind"
        constraints = [
            models.UniqueConstraint(
                fields=["field", "slug"],
                name="duty_kind_slug_once_per_field",
                violation_error_message="The field already has a duty kind with this slug.",
            ),
            models.UniqueConstraint(
                fields=["field", "name"],
                name="duty_kind_name_once_per_field",
                violation_error_message="The field already has a duty kind with this name.",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="duty_kind_has_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.field})"

    @property
    def chart_row_label(self):
        return self.chart_row.strip() or self.name

    @property
    def chart_row_key(self):
        return DUTY_ROW_PREFIX + slugify(self.chart_row_label)

    @property
    def work_mix_label(self):
        return self.work_mix.strip() or self.chart_row_label


class WorkSetting(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_remote = models.BooleanField(
        "remote",
        default=False,
        help_text="Working here means working away from an employer's site.",
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
