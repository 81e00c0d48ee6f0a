"""Occupations imported from O*NET, with their tasks, titles, skills, education and OEWS pay.

The importers (`roles/importers/`) own every table here, keyed by the source's own codes. Editors
may improve an occupation's title and description and add an overview; the importer keeps what
an editor changed (see `Occupation.imported`).
"""

from decimal import Decimal

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from markdownx.models import MarkdownxField

from roles.editorial.markdown import render_markdown
from roles.models.common import PublishableQuerySet, Status
from roles.models.fields import CareerField
from roles.models.figures import EMPLOYMENT, HOURLY_FOR, PAY_METRIC_VALUES, Figure, Source

# The fields an editor may change and the importer otherwise keeps current.
EDITABLE_IMPORTED_FIELDS = ("title", "description")


class JobZone(models.Model):
    """One of O*NET's five Job Zones: how much preparation an occupation needs, in O*NET's words."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)
    experience = models.TextField()
    education = models.TextField()
    job_training = models.TextField()
    examples = models.TextField()
    svp_range = models.CharField("SVP range", max_length=40)

    class Meta:
        ordering = ["number"]
        verbose_name = "job zone"

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        """'Medium Preparation Needed', from 'Job Zone Three: Medium Preparation Needed'."""
        return self.name.split(":", 1)[-1].strip()


class EducationCategory(models.Model):
    """A level in O*NET's "Required Level of Education" scale, placed on our education scale."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    level = models.PositiveSmallIntegerField(
        help_text="Where it sits among our education levels (see EducationLevel), for filtering."
    )

    class Meta:
        ordering = ["number"]
        verbose_name = "education category"
        verbose_name_plural = "education categories"

    def __str__(self):
        return self.name


class WageMatch(models.TextChoices):
    """Whose OEWS estimate an occupation shows."""

    OWN = "own", "The occupation's own estimate"
    SPECIALTY = "specialty", "Its SOC occupation's (an O*NET specialty within it)"
    BROAD = "broad", "Its SOC broad group's"
    COMBINATION = "combination", "An OEWS combination of occupations that includes it"
    NONE = "", "No estimate"


class WageEstimate(models.Model):
    """One row of the BLS OEWS national estimates: employment and pay for a SOC code.

    A value published only as "this much or more" is stored as that threshold, with its column
    named in `top_coded`.
    """

    class Group(models.TextChoices):
        TOTAL = "total", "All occupations"
        MAJOR = "major", "Major group"
        BROAD = "broad", "Broad occupation"
        DETAILED = "detailed", "Detailed occupation"

    ANNUAL_COLUMNS = (
        "pct10_annual",
        "pct25_annual",
        "median_annual",
        "pct75_annual",
        "pct90_annual",
    )
    HOURLY_COLUMNS = (
        "pct10_hourly",
        "pct25_hourly",
        "median_hourly",
        "pct75_hourly",
        "pct90_hourly",
    )

    soc_code = models.CharField("SOC code", max_length=7)
    group = models.CharField(max_length=10, choices=Group.choices)
    title = models.CharField(max_length=200)
    employment = models.PositiveIntegerField(null=True, blank=True)
    pct10_annual = models.PositiveIntegerField(null=True, blank=True)
    pct25_annual = models.PositiveIntegerField(null=True, blank=True)
    median_annual = models.PositiveIntegerField(null=True, blank=True)
    pct75_annual = models.PositiveIntegerField(null=True, blank=True)
    pct90_annual = models.PositiveIntegerField(null=True, blank=True)
    pct10_hourly = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    pct25_hourly = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    median_hourly = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    pct75_hourly = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    pct90_hourly = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    annual_only = models.BooleanField(default=False)
    hourly_only = models.BooleanField(default=False)
    top_coded = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="wage_estimates")
    period = models.CharField(max_length=40, help_text="As readers see it, e.g. May 2024.")

    class Meta:
        ordering = ["soc_code", "group"]
        verbose_name = "OEWS wage estimate"
        constraints = [
            models.UniqueConstraint(
                fields=["soc_code", "group"], name="wage_estimate_once_per_code"
            ),
            models.CheckConstraint(
                condition=Q(group__in=["total", "major", "broad", "detailed"]),
                name="wage_estimate_group_valid",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.soc_code}, {self.period})"

    @property
    def population(self):
        return f"{self.title} (SOC {self.soc_code})"

    def figures(self, *, broader=False):
        """Every published figure of this row, as `Figure`s by metric."""
        annual = dict(zip(PAY_METRIC_VALUES, self.ANNUAL_COLUMNS, strict=True))
        hourly = {
            HOURLY_FOR[metric]: column.replace("annual", "hourly")
            for metric, column in annual.items()
        }
        columns = {**annual, **hourly, EMPLOYMENT: "employment"}
        figures = {}
        for metric, column in columns.items():
            value = getattr(self, column)
            if value is None:
                continue
            figures[metric] = Figure(
                metric=metric,
                value=Decimal(value),
                population=self.population,
                source=self.source,
                period=self.period,
                top_coded=column in self.top_coded,
                broader=broader,
            )
        return figures


def shown_to_readers(path=""):
    """The condition for an occupation readers may see, reached through `path` (e.g. "occupations__")."""
    return Q(**{f"{path}status": Status.PUBLISHED, f"{path}retired": False})


class OccupationQuerySet(PublishableQuerySet):
    def current(self):
        """Occupations in the latest imported release."""
        return self.filter(retired=False)

    def visible_to(self, user):
        return super().visible_to(user).current()

    def for_listing(self):
        return self.select_related("field", "job_zone", "common_education", "wage_estimate__source")

    def with_page(self):
        """An occupation page's one-row data: its field, Job Zone, education and OEWS row."""
        return self.select_related(
            "field", "job_zone", "common_education", "wage_estimate__source"
        ).prefetch_related(
            Prefetch("tasks", queryset=Task.objects.prefetch_related("activities")),
        )


# O*NET's six interest types (Holland's RIASEC), in O*NET's order: (letter, name, element ID).
INTEREST_TYPES = (
    ("R", "Realistic", "1.B.1.a"),
    ("I", "Investigative", "1.B.1.b"),
    ("A", "Artistic", "1.B.1.c"),
    ("S", "Social", "1.B.1.d"),
    ("E", "Enterprising", "1.B.1.e"),
    ("C", "Conventional", "1.B.1.f"),
)


class Occupation(models.Model):
    """An O*NET-SOC occupation: the official description of a job, and its OEWS figures."""

    kind = "occupation"

    code = models.CharField("O*NET-SOC code", max_length=10, unique=True)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField()
    field = models.ForeignKey(CareerField, on_delete=models.PROTECT, related_name="occupations")
    job_zone = models.ForeignKey(
        JobZone, on_delete=models.SET_NULL, null=True, blank=True, related_name="occupations"
    )
    common_education = models.ForeignKey(
        EducationCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The education level the largest share of workers report needing.",
    )
    common_education_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    common_education_imprecise = models.BooleanField(
        default=False, help_text="O*NET flags that share as an imprecise estimate."
    )
    wage_estimate = models.ForeignKey(
        WageEstimate, on_delete=models.SET_NULL, null=True, blank=True, related_name="occupations"
    )
    wage_match = models.CharField(max_length=12, choices=WageMatch.choices, blank=True)
    interests = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="O*NET's RIASEC interest profile: a 1-7 score per letter R, I, A, S, E, C.",
    )
    interest_code = models.CharField(
        max_length=3,
        blank=True,
        editable=False,
        help_text="O*NET's interest high-points, strongest first (e.g. CIE).",
    )
    overview = MarkdownxField(
        blank=True, help_text="Markdown, optional: an editor's words about the job."
    )
    overview_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    retired = models.BooleanField(
        default=False, help_text="No longer in the latest O*NET release imported."
    )
    release = models.CharField("O*NET release", max_length=20)
    imported = models.JSONField(
        default=dict,
        editable=False,
        help_text="The title and description as the importer last wrote them.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="occupation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(wage_match__in=WageMatch.values), name="occupation_wage_match_valid"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.code})"

    def save(self, *args, **kwargs):
        self.overview_html = render_markdown(self.overview)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("roles:occupation_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED and not self.retired

    @property
    def is_curated(self):
        return False

    @property
    def shown_occupation(self):
        """The occupation whose O*NET data stands for this job: itself (a role names one)."""
        return self

    @property
    def soc_code(self):
        return self.code[:7]

    @property
    def summary(self):
        return self.description

    @property
    def modified_fields(self):
        """The imported fields an editor has changed (the credit line then says "modified")."""
        return [
            name
            for name in EDITABLE_IMPORTED_FIELDS
            if name in self.imported and getattr(self, name) != self.imported[name]
        ]

    @property
    def common_education_text(self):
        """'Bachelor's Degree (55.92% of workers, an estimate O*NET flags as imprecise)'."""
        if self.common_education is None:
            return ""
        share = f"{self.common_education_percent.normalize():f}% of workers"
        if self.common_education_imprecise:
            share += ", an estimate O*NET flags as imprecise"
        return f"{self.common_education.name} ({share})"

    @property
    def wage_is_broader(self):
        return self.wage_match not in (WageMatch.OWN, WageMatch.NONE)

    @property
    def figures_note(self):
        """Why the OEWS figures shown are a broader group's, or why there are none."""
        estimate = self.wage_estimate
        if estimate is None:
            return "BLS publishes no OEWS pay or employment estimate for this occupation."
        if self.wage_match == WageMatch.SPECIALTY:
            return (
                f"BLS publishes pay and employment for the SOC occupation {estimate.title} "
                f"(SOC {estimate.soc_code}), not for this O*NET specialty within it: the figures "
                "are that wider occupation's."
            )
        if self.wage_match == WageMatch.BROAD:
            return (
                f"BLS publishes these figures only for the broad group {estimate.title} "
                f"(SOC {estimate.soc_code}), which includes this occupation and others."
            )
        if self.wage_match == WageMatch.COMBINATION:
            return (
                f"BLS publishes these figures for {estimate.title} ({estimate.soc_code}), a "
                "combination of occupations that includes this one."
            )
        return ""

    @property
    def pay_basis_note(self):
        """What BLS says about an occupation paid by the year or by the hour only."""
        estimate = self.wage_estimate
        if estimate is not None and estimate.annual_only:
            return (
                "BLS publishes annual pay only for this occupation: its workers are typically "
                "paid by the year and may work fewer than 2,080 hours in it."
            )
        if estimate is not None and estimate.hourly_only:
            return (
                "BLS publishes hourly pay only for this occupation: its workers are typically "
                "paid by the hour and work fewer than 2,080 hours a year, so no annual figure "
                "is given."
            )
        return ""

    def figures_by_metric(self):
        """The OEWS figures shown for this occupation (its own or a broader group's)."""
        if self.wage_estimate is None:
            return {}
        return self.wage_estimate.figures(broader=self.wage_is_broader)

    def headline_pay(self):
        """The median pay a card or list shows: annual where BLS publishes it, else hourly."""
        figures = self.figures_by_metric()
        return figures.get("median_pay") or figures.get("median_hourly")


class WorkActivity(models.Model):
    """An O*NET Detailed Work Activity (DWA): work many occupations' tasks share."""

    dwa_id = models.CharField("DWA ID", max_length=24, unique=True)
    title = models.CharField(max_length=200)
    iwa_id = models.CharField("IWA ID", max_length=20)
    iwa_title = models.CharField("IWA title", max_length=200)
    gwa_name = models.CharField("generalized work activity", max_length=120)

    class Meta:
        ordering = ["title"]
        verbose_name = "detailed work activity"
        verbose_name_plural = "detailed work activities"

    def __str__(self):
        return self.title


class TaskType(models.TextChoices):
    CORE = "core", "Core"
    SUPPLEMENTAL = "supplemental", "Supplemental"
    NOT_RATED = "", "Not rated"


TASK_TYPE_RANK = {TaskType.CORE: 0, TaskType.SUPPLEMENTAL: 1, TaskType.NOT_RATED: 2}


def activities_by_occupation(occupation_ids):
    """{occupation pk: {DWA pk: title, without its final period}}, titles A to Z; one query."""
    links = (
        Task.activities.through.objects.filter(task__occupation_id__in=occupation_ids)
        .order_by("workactivity__title")
        .values_list("task__occupation_id", "workactivity_id", "workactivity__title")
    )
    found = {}
    for occupation_id, activity_id, title in links:
        found.setdefault(occupation_id, {})[activity_id] = title.rstrip(".")
    return found


class Task(models.Model):
    """An O*NET task statement for one occupation."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="tasks")
    onet_id = models.PositiveIntegerField("O*NET task ID", unique=True)
    text = models.TextField()
    task_type = models.CharField(max_length=12, choices=TaskType.choices, blank=True)
    position = models.PositiveIntegerField(help_text="Order in the O*NET file.")
    activities = models.ManyToManyField(WorkActivity, blank=True, related_name="tasks")

    class Meta:
        ordering = ["occupation", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task_type__in=TaskType.values), name="task_type_valid"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def sort_key(self):
        """Core tasks first, then supplemental, then unrated; O*NET's order within each."""
        return (TASK_TYPE_RANK.get(self.task_type, 9), self.position)


class AlternateTitle(models.Model):
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="alternate_titles"
    )
    title = models.CharField(max_length=250)
    short_title = models.CharField(max_length=100, blank=True)
    sources = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["occupation", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "title"], name="alternate_title_once_per_occupation"
            ),
        ]

    def __str__(self):
        return self.title


class ReportedTitle(models.Model):
    """A job title workers or experts reported for an occupation (O*NET's short, curated list)."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="reported_titles"
    )
    title = models.CharField(max_length=250)
    shown_in_my_next_move = models.BooleanField(default=False)

    class Meta:
        ordering = ["occupation", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "title"], name="reported_title_once_per_occupation"
            ),
        ]

    def __str__(self):
        return self.title


class Skill(models.Model):
    element_id = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class OccupationSkill(models.Model):
    """How important a skill is to an occupation (1-5) and the level it needs (0-7), per O*NET."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupations")
    importance = models.DecimalField(max_digits=4, decimal_places=2)
    level = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    suppressed = models.BooleanField(
        default=False, help_text="O*NET recommends not relying on this rating."
    )

    class Meta:
        ordering = ["occupation", "-importance", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_once"),
        ]

    def __str__(self):
        return f"{self.occupation.code}: {self.skill} {self.importance}"


class EducationShare(models.Model):
    """The share of an occupation's workers who report a level of education is needed."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="education_shares"
    )
    category = models.ForeignKey(EducationCategory, on_delete=models.CASCADE, related_name="+")
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    suppressed = models.BooleanField(default=False)

    class Meta:
        ordering = ["occupation", "category__number"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "category"], name="education_share_once"),
        ]

    def __str__(self):
        return f"{self.occupation.code}: {self.category} {self.percent}%"


class RelatedTier(models.TextChoices):
    PRIMARY_SHORT = "primary-short", "Most closely related"
    PRIMARY_LONG = "primary-long", "Also closely related"
    SUPPLEMENTAL = "supplemental", "More related occupations"


class RelatedOccupation(models.Model):
    """O*NET's related occupations, in its tiers and order."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="related_links"
    )
    related = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    tier = models.CharField(max_length=16, choices=RelatedTier.choices)
    index = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["occupation", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "related"], name="related_occupation_once"
            ),
            models.CheckConstraint(
                condition=Q(tier__in=RelatedTier.values), name="related_tier_valid"
            ),
        ]

    def __str__(self):
        return f"{self.occupation.code} → {self.related.code}"
