"""Every job in one list: curated roles and occupations, filtered, sorted and paginated from the
query string, with a note for every value ignored.

`build_listing` takes what the reader may see and `request.GET`; it never raises on odd input: an
unknown field, pay band or sort is dropped and named in a note. Roles and occupations are listed
through one SQL UNION of the columns the list filters and sorts on, so paging and sorting happen in
the database and the page costs the same few queries however large the catalogue grows.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils.http import urlencode

from roles.compare.chart import OUTLOOK_CATEGORIES, OUTLOOK_PROJECTION, OUTLOOK_PROJECTION_TEXT
from roles.models import (
    OFFICIAL_FIGURES,
    CareerField,
    EducationLevel,
    FigureMetric,
    LabourFigure,
    Role,
)

PER_PAGE = 40
# Longest stretch of a bad value repeated back in a note.
NOTE_VALUE_LENGTH = 40

ANY = "any"
SHOW_CHOICES = [
    (ANY, "Guide roles and occupations"),
    ("roles", "Guide roles only"),
    ("occupations", "Occupations only"),
]
PAY_BANDS = [
    (ANY, "Any pay", None, None),
    ("under-40000", "Under $40,000", None, 40000),
    ("40000-59999", "$40,000 to $59,999", 40000, 60000),
    ("60000-79999", "$60,000 to $79,999", 60000, 80000),
    ("80000-99999", "$80,000 to $99,999", 80000, 100000),
    ("100000-plus", "$100,000 or more", 100000, None),
]
# The outlook filter offers BLS's categories for the 2023–33 projections (roles.compare.chart),
# and two wider choices made of them, which keep the older addresses ?outlook=growing and
# ?outlook=not-shrinking working.
OUTLOOK_CATEGORY_CHOICES = [
    (category.slug, f"{category.words} ({category.span})") for category in OUTLOOK_CATEGORIES
]
OUTLOOK_WIDER_CHOICES = [
    ("growing", "Projected to grow: slower than average or faster (+1% or more)"),
    ("not-shrinking", "Not declining: little or no change, or any growth (0% or more)"),
]
OUTLOOK_CHOICES = [(ANY, "Any outlook"), *OUTLOOK_CATEGORY_CHOICES, *OUTLOOK_WIDER_CHOICES]


def _covers(category):
    condition = Q()
    if category.low is not None:
        condition &= Q(growth__gte=category.low)
    if category.high is not None:
        condition &= Q(growth__lt=category.high)
    return condition


_CATEGORY = {category.slug: category for category in OUTLOOK_CATEGORIES}
OUTLOOK_CONDITIONS = {
    **{slug: _covers(category) for slug, category in _CATEGORY.items()},
    "growing": Q(growth__gte=_CATEGORY["slower-than-average"].low),
    "not-shrinking": Q(growth__gte=_CATEGORY["little-or-no-change"].low),
}
SORT_DEFAULT = "title"
SORT_CHOICES = [
    ("title", "Title (A to Z)"),
    ("pay", "Median pay (highest first)"),
    ("education", "Education (lowest first)"),
]
SORT_ORDERS = {
    "title": ["title", "kind"],
    "pay": [F("median_pay").desc(nulls_last=True), "title", "kind"],
    "education": [F("education").asc(nulls_last=True), "title", "kind"],
}
# The columns both halves of the union select, in this order.
COLUMNS = ("kind", "pk", "title", "median_pay", "education", "growth")


@dataclass
class ListingChoices:
    """What the reader asked for, once bad values are dropped; empty means no filter."""

    field: str = ""
    education_max: int | None = None
    pay: str = ANY
    outlook: str = ANY
    show: str = ANY
    sort: str = SORT_DEFAULT

    @property
    def filtering(self):
        return bool(
            self.field
            or self.education_max is not None
            or self.pay != ANY
            or self.outlook != ANY
            or self.show != ANY
        )

    def query(self, **changes):
        """The query string of these choices (with `changes`), for links such as pagination."""
        values = {
            "field": self.field,
            "education_max": "" if self.education_max is None else self.education_max,
            "pay": "" if self.pay == ANY else self.pay,
            "outlook": "" if self.outlook == ANY else self.outlook,
            "show": "" if self.show == ANY else self.show,
            "sort": "" if self.sort == SORT_DEFAULT else self.sort,
            **changes,
        }
        return urlencode({key: value for key, value in values.items() if value not in ("", None)})


@dataclass
class Listing:
    page: object  # a Paginator page of jobs (curated roles and occupations)
    choices: ListingChoices
    notes: list = field(default_factory=list)
    field_options: list = field(default_factory=list)
    left_out_without_pay: int = 0
    left_out_without_outlook: int = 0

    education_options = EducationLevel.choices
    pay_options = [(value, label) for value, label, _, _ in PAY_BANDS]
    outlook_groups = [
        (f"BLS’s words for {OUTLOOK_PROJECTION_TEXT}", OUTLOOK_CATEGORY_CHOICES),
        ("Wider choices", OUTLOOK_WIDER_CHOICES),
    ]
    outlook_projection = OUTLOOK_PROJECTION_TEXT
    show_options = SHOW_CHOICES
    sort_options = SORT_CHOICES

    @property
    def jobs(self):
        return self.page.object_list

    @property
    def count(self):
        return self.page.paginator.count


def _shown(value):
    """A bad value as a note repeats it: printable characters only, and not too long."""
    text = "".join(ch for ch in value if ch.isprintable()).strip()
    if len(text) > NOTE_VALUE_LENGTH:
        text = text[: NOTE_VALUE_LENGTH - 1] + "…"
    return f"“{text}”"


def _clean_education(raw):
    try:
        level = int(raw)
    except ValueError:
        return None
    return level if level in EducationLevel.values else None


def clean_choices(params, field_slugs):
    """The reader's choices from `params` (a QueryDict), and a note for each value ignored."""
    choices = ListingChoices()
    notes = []
    raw = {name: params.get(name, "").strip() for name in ("field", "education_max")}
    for name, default in (("pay", ANY), ("outlook", ANY), ("show", ANY), ("sort", SORT_DEFAULT)):
        raw[name] = params.get(name, "").strip() or default

    if raw["field"]:
        if raw["field"] in field_slugs:
            choices.field = raw["field"]
        else:
            notes.append(f"The guide has no career field {_shown(raw['field'])}, so all are shown.")
    if raw["education_max"]:
        choices.education_max = _clean_education(raw["education_max"])
        if choices.education_max is None:
            notes.append(
                f"{_shown(raw['education_max'])} is not an education level we know, "
                "so jobs at every level are shown."
            )
    if raw["pay"] in {band[0] for band in PAY_BANDS}:
        choices.pay = raw["pay"]
    else:
        notes.append(f"{_shown(raw['pay'])} is not a pay band we know, so any pay is shown.")
    if raw["outlook"] in dict(OUTLOOK_CHOICES):
        choices.outlook = raw["outlook"]
    else:
        notes.append(f"{_shown(raw['outlook'])} is not an outlook we know, so any is shown.")
    if raw["show"] in dict(SHOW_CHOICES):
        choices.show = raw["show"]
    else:
        notes.append(f"{_shown(raw['show'])} is not a kind of job we list, so all are shown.")
    if raw["sort"] in SORT_ORDERS:
        choices.sort = raw["sort"]
    else:
        notes.append(
            f"Jobs cannot be sorted by {_shown(raw['sort'])}, so they are sorted by title."
        )
    return choices, notes


def _figure_value(metric, **conditions):
    return Subquery(
        LabourFigure.objects.filter(role=OuterRef("pk"), metric=metric, **conditions).values(
            "value"
        )[:1]
    )


def role_rows(roles):
    """Curated roles with the columns the list filters and sorts on. Growth is the projection
    BLS's categories describe (2023–33); another period's would need its own categories."""
    start, end = OUTLOOK_PROJECTION
    return roles.annotate(
        kind=Value("role", output_field=CharField()),
        # As on the role's page: its occupation's OEWS median where it takes that (`OFFICIAL_FIGURES`).
        median_pay=Case(
            When(OFFICIAL_FIGURES, then=F("occupation__wage_estimate__median_annual")),
            default=_figure_value(FigureMetric.MEDIAN_PAY),
            output_field=DecimalField(max_digits=12, decimal_places=1),
        ),
        education=F("entry_education"),
        growth=_figure_value(FigureMetric.GROWTH, year=start, period_end=end),
    )


def occupation_rows(occupations):
    """Occupations with the same columns: OEWS median annual pay, the education most workers
    report (on the same scale as a role's entry education), and no projection."""
    return occupations.annotate(
        kind=Value("occupation", output_field=CharField()),
        median_pay=F("wage_estimate__median_annual"),
        education=F("common_education__level"),
        growth=Value(None, output_field=IntegerField()),
    )


def _filter(rows, choices, field_pks, occupations):
    if choices.field:
        rows = rows.filter(field_filter(rows.model, field_pks, occupations))
    if choices.education_max is not None:
        rows = rows.filter(education__lte=choices.education_max)
    return rows


def field_filter(model, field_pks, occupations):
    if model is Role:
        # A curated role also belongs with its occupation's major group, while readers see it.
        return Q(field__in=field_pks) | Q(occupation__in=occupations.filter(field__in=field_pks))
    return Q(field__in=field_pks)


def _pay_condition(band):
    _, _, low, high = next(b for b in PAY_BANDS if b[0] == band)
    condition = Q()
    if low is not None:
        condition &= Q(median_pay__gte=low)
    if high is not None:
        condition &= Q(median_pay__lt=high)
    return condition


def build_listing(roles, occupations, params):
    """Filter, sort and paginate `roles` and `occupations` (what the reader may see) by `params`.

    Queries: the fields that hold a job; with a pay or outlook filter, the jobs each half leaves
    out for want of a figure; the count; the page. The page's jobs are then fetched whole by
    `fetch_page_jobs`.
    """
    field_options = list(
        CareerField.objects.filter(
            Q(pk__in=roles.values("field_id")) | Q(pk__in=occupations.values("field_id"))
        )
    )
    choices, notes = clean_choices(params, {career_field.slug for career_field in field_options})
    field_pks = [f.pk for f in field_options if f.slug == choices.field]

    halves = []
    if choices.show in (ANY, "roles"):
        halves.append(_filter(role_rows(roles), choices, field_pks, occupations))
    if choices.show in (ANY, "occupations"):
        halves.append(_filter(occupation_rows(occupations), choices, field_pks, occupations))

    listing = Listing(page=None, choices=choices, notes=notes, field_options=field_options)
    filtered = []
    for rows in halves:
        missing = {}
        if choices.pay != ANY:
            missing["without_pay"] = Q(median_pay__isnull=True)
            rows_kept = rows.filter(_pay_condition(choices.pay))
        else:
            rows_kept = rows
        if choices.outlook != ANY:
            lacks_growth = Q(growth__isnull=True)
            if choices.pay != ANY:
                # A job without pay is already counted once; count only those the pay band keeps.
                lacks_growth &= _pay_condition(choices.pay)
            missing["without_outlook"] = lacks_growth
            rows_kept = rows_kept.filter(OUTLOOK_CONDITIONS[choices.outlook])
        if missing:
            counts = rows.aggregate(
                **{name: Count("pk", filter=condition) for name, condition in missing.items()}
            )
            listing.left_out_without_pay += counts.get("without_pay", 0)
            listing.left_out_without_outlook += counts.get("without_outlook", 0)
        filtered.append(rows_kept.order_by().values_list(*COLUMNS))
    combined = filtered[0]
    if len(filtered) > 1:
        combined = combined.union(filtered[1], all=True)
    combined = combined.order_by(*SORT_ORDERS[choices.sort])
    listing.page = Paginator(combined, PER_PAGE).get_page(params.get("page"))
    return listing


def fetch_page_jobs(listing, roles, occupations):
    """Replace the page's rows with the jobs themselves, in the page's order: two queries at most.

    Roles come with their field and median pay figure; occupations with their field, education
    and OEWS row.
    """
    rows = list(listing.page.object_list)
    role_pks = [pk for kind, pk, *_ in rows if kind == "role"]
    occupation_pks = [pk for kind, pk, *_ in rows if kind == "occupation"]
    found = {}
    if role_pks:
        median = LabourFigure.objects.filter(metric=FigureMetric.MEDIAN_PAY).select_related(
            "source"
        )
        for role in (
            roles.filter(pk__in=role_pks)
            .select_related("field", "occupation__wage_estimate__source")
            .prefetch_related(Prefetch("figures", queryset=median))
        ):
            found[("role", role.pk)] = role
    if occupation_pks:
        for occupation in occupations.filter(pk__in=occupation_pks).for_listing():
            found[("occupation", occupation.pk)] = occupation
    listing.page.object_list = [found[(kind, pk)] for kind, pk, *_ in rows]
    return listing
