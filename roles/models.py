"""Career roles, the duties and qualifications they carry, their figures, and curated comparisons."""

from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from markdownx.models import MarkdownxField

from roles.markdown import render_markdown

SOC_CODE_VALIDATOR = RegexValidator(
    r"^\d{2}-\d{4}(\.\d{2})?$", "Use the SOC form 23-2011 or the O*NET-SOC form 23-2011.00."
)
# Comparison URLs join role slugs with "-vs-", so no slug may contain it.
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


class CareerField(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(blank=True, help_text="One or two plain sentences about the field.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers show first.")

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "career field"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roles:field_detail", kwargs={"slug": self.slug})


class WorkSetting(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Source(models.Model):
    """A publication the guide cites for figures and facts."""

    name = models.CharField(max_length=200, help_text="As readers should see it cited.")
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class EducationLevel(models.IntegerChoices):
    """Typical entry education, in increasing order so roles sort and compare by it."""

    NONE = 0, "No formal credential"
    HIGH_SCHOOL = 10, "High school diploma or equivalent"
    POSTSECONDARY_NONDEGREE = 20, "Postsecondary certificate"
    SOME_COLLEGE = 30, "Some college, no degree"
    ASSOCIATE = 40, "Associate's degree"
    BACHELOR = 50, "Bachelor's degree"
    MASTER = 60, "Master's degree"
    DOCTORAL = 70, "Doctoral or professional degree"


class RoleQuerySet(PublishableQuerySet):
    pass


class Role(models.Model):
    Education = EducationLevel

    title = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    field = models.ForeignKey(CareerField, on_delete=models.PROTECT, related_name="roles")
    summary = models.TextField(
        max_length=400,
        validators=[MinLengthValidator(40)],
        help_text="One plain-text paragraph, shown on cards and as the page description.",
    )
    primary_focus = models.CharField(
        max_length=200, help_text="One line for the comparison chart: what the job is mostly about."
    )
    overview = MarkdownxField(blank=True, help_text="Markdown. What the work is really like.")
    overview_html = models.TextField(blank=True, editable=False)
    other_titles = models.TextField(
        blank=True, help_text="Other titles the role goes by, one a line."
    )
    soc_code = models.CharField(
        "SOC / O*NET-SOC code", max_length=10, blank=True, validators=[SOC_CODE_VALIDATOR]
    )
    entry_education = models.PositiveSmallIntegerField(
        "typical entry education", choices=EducationLevel.choices
    )
    work_settings = models.ManyToManyField(WorkSetting, blank=True, related_name="roles")
    figures_note = models.TextField(
        blank=True,
        help_text="Plain text shown with the figures, e.g. why no official figure exists.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="role_status_valid"),
            models.CheckConstraint(
                condition=Q(entry_education__in=EducationLevel.values),
                name="role_entry_education_valid",
            ),
            models.CheckConstraint(
                condition=~Q(slug__contains=COMPARE_SEPARATOR) & ~Q(slug=""),
                name="role_slug_usable_in_compare_urls",
                violation_error_message="A slug cannot contain “-vs-”: comparison addresses use it between roles.",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="role_title_not_empty"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.overview_html = render_markdown(self.overview)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("roles:role_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def other_title_list(self):
        return [line.strip() for line in self.other_titles.splitlines() if line.strip()]


class DutyKind(models.TextChoices):
    SUBSTANTIVE = "substantive", "Substantive legal work"
    RESEARCH = "research", "Research and investigation"
    ADMINISTRATIVE = "administrative", "Administrative and clerical"
    CLIENT = "client", "Client communication"
    COORDINATION = "coordination", "Coordination and case management"


class Duty(models.Model):
    """One duty in the shared catalogue, attached to any number of roles."""

    Kind = DutyKind

    name = models.CharField(max_length=200, unique=True, help_text="Short, starts with a verb.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=DutyKind.choices)
    description = models.TextField(blank=True, help_text="Plain text, one or two sentences.")
    onet_task_id = models.PositiveIntegerField(
        "O*NET task ID",
        null=True,
        blank=True,
        help_text="Set when O*NET task wording informs this duty (the page then credits O*NET).",
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "duties"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DutyKind.values), name="duty_kind_valid"),
        ]

    def __str__(self):
        return self.name


class Emphasis(models.TextChoices):
    CORE = "core", "Core"
    REGULAR = "regular", "Regular"
    OCCASIONAL = "occasional", "Occasional"


class RoleDuty(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="role_duties")
    duty = models.ForeignKey(Duty, on_delete=models.PROTECT, related_name="role_duties")
    emphasis = models.CharField(max_length=12, choices=Emphasis.choices, default=Emphasis.REGULAR)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = "duty"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "duty"],
                name="role_duty_once_per_role",
                violation_error_message="This duty is already listed for the role.",
            ),
            models.CheckConstraint(
                condition=Q(emphasis__in=Emphasis.values), name="role_duty_emphasis_valid"
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.duty} ({self.get_emphasis_display().lower()})"


class QualificationKind(models.TextChoices):
    EDUCATION = "education", "Education"
    CERTIFICATION = "certification", "Certification"
    LICENCE = "licence", "Licence"
    EXPERIENCE = "experience", "Experience"
    SKILL = "skill", "Skill"


class Qualification(models.Model):
    Kind = QualificationKind

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True, help_text="Plain text, one or two sentences.")
    issuing_body = models.CharField(
        max_length=200, blank=True, help_text="Who awards it (required for certifications)."
    )
    url = models.URLField("link", max_length=500, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QualificationKind.values), name="qualification_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="certification") | ~Q(issuing_body=""),
                name="certification_has_issuing_body",
                violation_error_message="Say who issues this certification.",
            ),
        ]

    def __str__(self):
        return self.name


class QualificationLevel(models.TextChoices):
    REQUIRED = "required", "Required"
    PREFERRED = "preferred", "Preferred"
    HELPFUL = "helpful", "Helpful"


class RoleQualification(models.Model):
    Level = QualificationLevel

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="role_qualifications")
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="role_qualifications"
    )
    level = models.CharField(
        max_length=10, choices=QualificationLevel.choices, default=Level.PREFERRED
    )
    note = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = "qualification"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "qualification"],
                name="role_qualification_once_per_role",
                violation_error_message="This qualification is already listed for the role.",
            ),
            models.CheckConstraint(
                condition=Q(level__in=QualificationLevel.values),
                name="role_qualification_level_valid",
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.qualification} ({self.get_level_display().lower()})"


class CareerMoveQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Moves whose destination the reader may see: a title, or a role visible to them."""
        if sees_drafts(user):
            return self
        return self.filter(Q(to_role__isnull=True) | Q(to_role__status=Status.PUBLISHED))


class CareerMove(models.Model):
    """A move from one role to another role in the guide, or to a title not yet in it."""

    from_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="moves")
    to_role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="moves_in"
    )
    to_title = models.CharField(
        max_length=120,
        blank=True,
        help_text="Only when the destination is not a role in the guide.",
    )
    what_it_takes = models.TextField(help_text="Experience, a credential, a degree...")
    order = models.PositiveSmallIntegerField(default=0)

    objects = CareerMoveQuerySet.as_manager()

    class Meta:
        ordering = ["from_role", "order", "id"]
        verbose_name = "career move"
        constraints = [
            models.CheckConstraint(
                condition=(Q(to_role__isnull=False) & Q(to_title=""))
                | (Q(to_role__isnull=True) & ~Q(to_title="")),
                name="career_move_has_one_destination",
                violation_error_message="Choose a role in the guide or type a title not yet in it, not both.",
            ),
            models.CheckConstraint(
                condition=~Q(to_role=models.F("from_role")),
                name="career_move_not_to_itself",
                violation_error_message="A role cannot lead to itself.",
            ),
            models.CheckConstraint(
                condition=~Q(what_it_takes=""),
                name="career_move_says_what_it_takes",
                violation_error_message="Say what the move takes.",
            ),
            # Moves to titles have no to_role; NULLs never clash, so those may repeat.
            models.UniqueConstraint(
                fields=["from_role", "to_role"],
                name="career_move_once_per_destination",
                violation_error_message="This role already has a move to that role.",
            ),
        ]

    def __str__(self):
        return f"{self.from_role} → {self.destination_title}"

    def clean(self):
        # The admin's inline form leaves out from_role when checking constraints; check it here.
        if self.to_role_id and self.to_role_id == self.from_role_id:
            raise ValidationError({"to_role": "A role cannot lead to itself."})

    @property
    def destination_title(self):
        return self.to_role.title if self.to_role_id else self.to_title


class FigureMetric(models.TextChoices):
    MEDIAN_PAY = "median_pay", "Median annual pay"
    PAY_10 = "pay_p10", "Annual pay, 10th percentile"
    PAY_25 = "pay_p25", "Annual pay, 25th percentile"
    PAY_75 = "pay_p75", "Annual pay, 75th percentile"
    PAY_90 = "pay_p90", "Annual pay, 90th percentile"
    JOBS = "jobs", "Number of jobs"
    GROWTH = "growth", "Projected employment growth"


# Annual pay figures, lowest percentile first.
PAY_METRIC_VALUES = ("pay_p10", "pay_p25", "median_pay", "pay_p75", "pay_p90")


class LabourFigure(models.Model):
    """One labour-market figure for a role, with the population it covers and its source."""

    Metric = FigureMetric

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="figures")
    metric = models.CharField(max_length=12, choices=FigureMetric.choices)
    value = models.DecimalField(
        max_digits=12,
        decimal_places=1,
        help_text="Dollars a year for pay, a count for jobs, a percentage for growth.",
    )
    population = models.CharField(
        "occupation the figure covers",
        max_length=200,
        help_text="E.g. 'Paralegals and legal assistants (SOC 23-2011)'. Say so when it is a "
        "broader or nearest occupation rather than this role.",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="figures")
    year = models.PositiveSmallIntegerField("reference year")
    period_end = models.PositiveSmallIntegerField(
        "projection ends", null=True, blank=True, help_text="For growth only: the last year."
    )

    class Meta:
        ordering = ["role", "metric"]
        verbose_name = "labour-market figure"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "metric"],
                name="figure_once_per_metric",
                violation_error_message="The role already has this figure: edit that one instead.",
            ),
            models.CheckConstraint(
                condition=Q(metric__in=FigureMetric.values), name="figure_metric_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="figure_year_sane",
                violation_error_message="The reference year must be between 1990 and 2100.",
            ),
            models.CheckConstraint(
                condition=~Q(metric__in=PAY_METRIC_VALUES) | Q(value__gte=1000, value__lte=1000000),
                name="figure_pay_sane",
                violation_error_message="Annual pay must be between $1,000 and $1,000,000.",
            ),
            models.CheckConstraint(
                condition=~Q(metric="jobs") | Q(value__gte=0, value__lte=100000000),
                name="figure_jobs_sane",
                violation_error_message="The number of jobs must be between 0 and 100,000,000.",
            ),
            models.CheckConstraint(
                condition=~Q(metric="growth") | Q(value__gte=-100, value__lte=100),
                name="figure_growth_sane",
                violation_error_message="Growth is a percentage between -100 and 100.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(metric="growth")
                    & Q(period_end__isnull=False)
                    & Q(period_end__gt=models.F("year"))
                )
                | (~Q(metric="growth") & Q(period_end__isnull=True)),
                name="figure_growth_has_period",
                violation_error_message="Growth needs the last year of its projection (after the reference year); other figures take none.",
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.get_metric_display()}"


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


class Comparison(models.Model):
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
    """The rows of the comparison chart, in the order they are shown."""

    PRIMARY_FOCUS = "primary_focus", "Primary focus"
    LEGAL_DUTIES = "legal_duties", "Substantive legal duties"
    ADMIN_FOCUS = "admin_focus", "Administrative focus"
    CLIENT_CONTACT = "client_contact", "Client contact"
    COORDINATION = "coordination", "Coordination"
    EDUCATION = "education", "Typical entry education"
    CERTIFICATIONS = "certifications", "Certifications"
    SKILLS = "skills", "Skills employers look for"
    WORK_SETTINGS = "work_settings", "Work settings"
    MEDIAN_PAY = "median_pay", "Median pay"
    OUTLOOK = "outlook", "Job outlook"
    CAREER_MOVES = "career_moves", "Career opportunities"


class ComparisonRowNote(models.Model):
    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="row_notes")
    row = models.CharField(max_length=20, choices=ChartRow.choices)
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
            models.CheckConstraint(condition=Q(row__in=ChartRow.values), name="row_note_row_valid"),
        ]

    def __str__(self):
        return f"{self.comparison}: {self.get_row_display()}"


class LoadedContent(models.Model):
    """What the content loader last wrote, so a rerun can tell an editor's change from its own."""

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
