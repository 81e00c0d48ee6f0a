"""Curated roles: the guide's own pages, with duties, qualifications, career moves and figures."""

from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from markdownx.models import MarkdownxField

from roles.editorial.markdown import render_markdown
from roles.models.common import (
    COMPARE_SEPARATOR,
    EducationLevel,
    PublishableQuerySet,
    Reviewable,
    Status,
    sees_drafts,
)
from roles.models.fields import CareerField, WorkSetting
from roles.models.figures import PAY_METRIC_VALUES, FigureMetric, LabourFigure
from roles.models.occupations import Occupation, shown_to_readers


class OccupationRelation(models.TextChoices):
    WITHIN = "within", "Counted within this occupation"
    NEAREST = "nearest", "Nearest occupation (not counted in it)"


# The figures a role counted within an occupation takes from that occupation's OEWS estimate
# (pay and employment) rather than from its own rows: an OEWS estimate is newer than the
# Occupational Outlook Handbook's, and its job count is of another kind, never shown beside it.
OFFICIAL_METRICS = frozenset((*PAY_METRIC_VALUES, FigureMetric.JOBS))
# `Role.official_estimate` in SQL: the roles whose pay and employment are their occupation's.
OFFICIAL_FIGURES = Q(
    occupation_relation=OccupationRelation.WITHIN, occupation__wage_estimate__isnull=False
) & shown_to_readers("occupation__")


class RoleQuerySet(PublishableQuerySet):
    def with_profile(self, user=None):
        """Everything a role page or a chart column shows, fetched in one query per relation.

        With a `user`, career moves to roles that user may not see are left out; without one
        (editors' tools, the audit), every move is fetched.
        """
        moves = CareerMove.objects.select_related("to_role")
        if user is not None:
            moves = moves.visible_to(user)
        return self.select_related(
            "field", "occupation__job_zone", "occupation__wage_estimate__source"
        ).prefetch_related(
            Prefetch(
                "role_duties",
                queryset=RoleDuty.objects.select_related("duty__kind").order_by("order", "id"),
            ),
            Prefetch(
                "role_qualifications",
                queryset=RoleQualification.objects.select_related("qualification").order_by(
                    "order", "id"
                ),
            ),
            Prefetch("figures", queryset=LabourFigure.objects.select_related("source")),
            "work_settings",
            Prefetch("moves", queryset=moves),
            "field__duty_kinds",
        )

    def with_figures(self):
        """Roles with their figures and sources, their occupation's OEWS estimate included (for
        cards, lists, the pay chart and the figures it cites)."""
        return self.select_related("occupation__wage_estimate__source").prefetch_related(
            Prefetch("figures", queryset=LabourFigure.objects.select_related("source"))
        )


class Role(Reviewable):
    """A curated career role: an editor's page about one job, usually within an occupation."""

    Education = EducationLevel
    kind = "role"

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
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        help_text="The O*NET occupation this role belongs to, or the nearest one.",
    )
    occupation_relation = models.CharField(
        "how it relates to the occupation",
        max_length=10,
        choices=OccupationRelation.choices,
        default=OccupationRelation.WITHIN,
    )
    occupation_note = models.TextField(
        blank=True,
        help_text="Plain text shown on the occupation's page beside this role, e.g. how the "
        "official title differs from the guide's.",
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
        permissions = [
            (
                "publish_incomplete",
                "Can publish a role or comparison that falls short of the content audit",
            )
        ]
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
            models.CheckConstraint(
                condition=Q(occupation_relation__in=OccupationRelation.values),
                name="role_occupation_relation_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.overview_html = render_markdown(self.overview)
        before = None
        if self.pk is not None:
            before = Role.objects.filter(pk=self.pk).values_list("slug", "status").first()
        super().save(*args, **kwargs)
        # A published role's old address keeps working (roles/catalogue/views.py redirects it);
        # a role that takes an address back, its own or another's former one, ends that redirect.
        if before is None or before[0] != self.slug:
            FormerSlug.objects.filter(slug=self.slug).delete()
        if before is not None and before[0] != self.slug and before[1] == Status.PUBLISHED:
            FormerSlug.objects.update_or_create(slug=before[0], defaults={"role": self})

    def get_absolute_url(self):
        return reverse("roles:role_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug and Occupation.objects.filter(slug=self.slug).exists():
            raise ValidationError(
                {"slug": "An occupation already uses this address: choose another slug."}
            )

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def is_curated(self):
        return True

    @property
    def other_title_list(self):
        return [line.strip() for line in self.other_titles.splitlines() if line.strip()]

    @property
    def shown_occupation(self):
        """The occupation readers may follow this role to: none if it is retired or unpublished."""
        if self.occupation_id is None or not self.occupation.is_published:
            return None
        return self.occupation

    @property
    def within_occupation(self):
        return (
            self.occupation_id is not None and self.occupation_relation == OccupationRelation.WITHIN
        )

    @property
    def official_estimate(self):
        """The OEWS estimate this role's pay and employment figures come from, or None.

        A role counted within an occupation readers can see takes that occupation's OEWS figures
        (the newest release imported, one store for every page, chart, filter and download); its
        editors' figures then add only what OEWS does not publish, such as projected growth.
        `OFFICIAL_FIGURES` is the same rule in SQL.
        """
        if not self.within_occupation or self.shown_occupation is None:
            return None
        return self.occupation.wage_estimate

    def figures_by_metric(self):
        """The role's figures as `Figure`s by metric: its occupation's OEWS pay and employment
        where it takes them (`official_estimate`), and its own figures for the rest."""
        own = {figure.metric: figure.as_figure() for figure in self.figures.all()}
        if self.official_estimate is None:
            return own
        official = self.occupation.figures_by_metric()
        kept = {metric: f for metric, f in own.items() if metric not in OFFICIAL_METRICS}
        return {**official, **kept}

    def headline_pay(self):
        """The median pay a card or list shows (annual where BLS publishes it), or None."""
        figures = self.figures_by_metric()
        return figures.get("median_pay") or figures.get("median_hourly")


class FormerSlugQuerySet(models.QuerySet):
    def current_slugs(self, slugs, user):
        """{former slug: the role's current slug} for the roles among `slugs` `user` may see."""
        return dict(
            self.filter(slug__in=slugs, role__in=Role.objects.visible_to(user)).values_list(
                "slug", "role__slug"
            )
        )


class FormerSlug(models.Model):
    """An address a published role had before an editor changed its slug: it redirects (301) to
    the role's page, and charts that named it to the same charts under the new slug."""

    slug = models.SlugField(max_length=120, unique=True)
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="former_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FormerSlugQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return f"{self.slug} → {self.role.slug}"


class Duty(models.Model):
    """One duty in the shared catalogue, attached to any number of roles."""

    name = models.CharField(max_length=200, unique=True, help_text="Short, starts with a verb.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.ForeignKey("roles.DutyKind", on_delete=models.PROTECT, related_name="duties")
    description = models.TextField(blank=True, help_text="Plain text, one or two sentences.")
    onet_task_id = models.PositiveIntegerField(
        "O*NET task ID",
        null=True,
        blank=True,
        help_text="Set when O*NET task wording informs this duty (the page then credits O*NET).",
    )

    class Meta:
        ordering = ["kind__order", "name"]
        verbose_name_plural = "duties"

    def __str__(self):
        return self.name


class Emphasis(models.TextChoices):
    CORE = "core", "Core"
    REGULAR = "regular", "Regular"
    OCCASIONAL = "occasional", "Occasional"


# How much a duty of each emphasis counts towards a rough share of working time, and the order
# duties are listed in. Used by the work mix, the fit helper and every list of duties.
EMPHASIS_WEIGHT = {Emphasis.CORE: 3, Emphasis.REGULAR: 2, Emphasis.OCCASIONAL: 1}
EMPHASIS_RANK = {Emphasis.CORE: 0, Emphasis.REGULAR: 1, Emphasis.OCCASIONAL: 2}


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

    @property
    def weight(self):
        return EMPHASIS_WEIGHT.get(self.emphasis, 1)

    @property
    def sort_key(self):
        """Core duties first, then in the editor's order."""
        return (EMPHASIS_RANK.get(self.emphasis, 9), self.order, self.id or 0)


class QualificationKind(models.TextChoices):
    EDUCATION = "education", "Education"
    CERTIFICATION = "certification", "Certification"
    LICENCE = "licence", "License"  # the stored value keeps its first spelling
    EXPERIENCE = "experience", "Experience"
    SKILL = "skill", "Skill"


class Qualification(models.Model):
    Kind = QualificationKind

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    education_level = models.PositiveSmallIntegerField(
        "level of education",
        choices=EducationLevel.choices,
        null=True,
        blank=True,
        help_text="For education only: the level this qualification is, e.g. Associate's degree. "
        "The audit checks a role's typical entry education against the levels it requires.",
    )
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
            models.CheckConstraint(
                condition=Q(education_level__isnull=True)
                | Q(kind="education", education_level__in=EducationLevel.values),
                name="qualification_education_level_valid",
                violation_error_message="Only an education qualification has a level of "
                "education: clear the level, or make the kind Education.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The audit checks roles' typical entry education against it, so education needs one.
        if self.kind == QualificationKind.EDUCATION and self.education_level is None:
            raise ValidationError(
                {"education_level": "Say what level of education this qualification is."}
            )


class QualificationLevel(models.TextChoices):
    REQUIRED = "required", "Required"
    PREFERRED = "preferred", "Preferred"
    HELPFUL = "helpful", "Helpful"


LEVEL_RANK = {
    QualificationLevel.REQUIRED: 0,
    QualificationLevel.PREFERRED: 1,
    QualificationLevel.HELPFUL: 2,
}


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

    @property
    def sort_key(self):
        """Required first, then preferred, then helpful; in the editor's order within each."""
        return (LEVEL_RANK.get(self.level, 9), self.order, self.id or 0)


class CareerMoveQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Moves whose destination the reader may see: a title, or a role visible to them."""
        if sees_drafts(user):
            return self
        return self.filter(Q(to_role__isnull=True) | Q(to_role__status=Status.PUBLISHED))

    def out_of_field(self, career_field, user):
        """The moves out of a field's roles that `user` may see, with both ends."""
        return (
            self.visible_to(user)
            .filter(from_role__field=career_field)
            .select_related("from_role", "to_role")
        )


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
