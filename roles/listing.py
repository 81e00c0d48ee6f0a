"""Filtering and sorting the role list from its query string, with a note for every value ignored.

`filter_roles` takes the roles a reader may see and `request.GET`; it never raises on odd input:
an unknown field, a pay that is not a number or an unknown sort is dropped and named in a note.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery

from roles.models import CareerField, EducationLevel, LabourFigure

# The largest pay a figure may hold (see the figure_pay_sane constraint).
MAX_PAY = 1_000_000
# Longest stretch of a bad value repeated back in a note.
NOTE_VALUE_LENGTH = 40

OUTLOOK_ANY = "any"
OUTLOOK_CHOICES = [
    (OUTLOOK_ANY, "Any outlook"),
    ("growing", "Growing (projected growth above 0%)"),
    ("not-shrinking", "Not shrinking (projected growth of 0% or more)"),
]
OUTLOOK_CONDITIONS = {
    "growing": Q(growth__gt=0),
    "not-shrinking": Q(growth__gte=0),
}

SORT_DEFAULT = "title"
SORT_CHOICES = [
    ("title", "Title (A to Z)"),
    ("pay", "Median pay (highest first)"),
    ("education", "Entry education (lowest first)"),
]
SORT_ORDERS = {
    "title": ["title"],
    "pay": [F("median_pay").desc(nulls_last=True), "title"],
    "education": ["entry_education", "title"],
}


@dataclass
class ListingChoices:
    """What the reader asked for, once bad values are dropped; empty means no filter."""

    field: str = ""
    education_max: int | None = None
    min_pay: Decimal | None = None
    outlook: str = OUTLOOK_ANY
    sort: str = SORT_DEFAULT

    @property
    def filtering(self):
        return bool(
            self.field
            or self.education_max is not None
            or self.min_pay is not None
            or self.outlook != OUTLOOK_ANY
        )

    @property
    def min_pay_text(self):
        """The minimum pay as the form shows it back: '45000', not '4.5E+4'."""
        return "" if self.min_pay is None else f"{self.min_pay.normalize():f}"


@dataclass
class Listing:
    roles: object  # the filtered, sorted queryset
    choices: ListingChoices
    notes: list = field(default_factory=list)
    field_options: list = field(default_factory=list)
    left_out_without_pay: int = 0
    left_out_without_outlook: int = 0

    education_options = EducationLevel.choices
    outlook_options = OUTLOOK_CHOICES
    sort_options = SORT_CHOICES


def median_pay_prefetch():
    """Each role's median pay figure with its source, as `role.median_pay_figures` (0 or 1)."""
    return Prefetch(
        "figures",
        queryset=LabourFigure.objects.filter(metric=LabourFigure.Metric.MEDIAN_PAY).select_related(
            "source"
        ),
        to_attr="median_pay_figures",
    )


def _figure_value(metric):
    return Subquery(
        LabourFigure.objects.filter(role=OuterRef("pk"), metric=metric).values("value")[:1]
    )


def with_headline_figures(roles):
    """Annotate `median_pay` and `growth` (None where no figure is published) to filter and sort."""
    return roles.annotate(
        median_pay=_figure_value(LabourFigure.Metric.MEDIAN_PAY),
        growth=_figure_value(LabourFigure.Metric.GROWTH),
    )


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


def _clean_pay(raw):
    text = raw.replace(",", "").replace(" ", "").removeprefix("$")
    try:
        pay = Decimal(text)
    except InvalidOperation:
        return None
    if not pay.is_finite() or not 0 <= pay <= MAX_PAY:
        return None
    # Whole dollars: the value goes back into the form, and "1e-999999" must not fill a page.
    pay = pay.quantize(Decimal(1))
    return pay


def clean_choices(params, field_slugs):
    """The reader's choices from `params` (a QueryDict), and a note for each value ignored."""
    choices = ListingChoices()
    notes = []
    raw = {name: params.get(name, "").strip() for name in ("field", "education_max", "min_pay")}
    raw["outlook"] = params.get("outlook", "").strip() or OUTLOOK_ANY
    raw["sort"] = params.get("sort", "").strip() or SORT_DEFAULT

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
                "so roles at every level are shown."
            )
    if raw["min_pay"]:
        pay = _clean_pay(raw["min_pay"])
        if pay is None:
            notes.append(
                f"{_shown(raw['min_pay'])} is not an amount of dollars between 0 and "
                f"{MAX_PAY:,}, so no minimum pay was applied."
            )
        elif pay > 0:
            choices.min_pay = pay
    if raw["outlook"] in dict(OUTLOOK_CHOICES):
        choices.outlook = raw["outlook"]
    else:
        notes.append(f"{_shown(raw['outlook'])} is not an outlook we know, so any is shown.")
    if raw["sort"] in SORT_ORDERS:
        choices.sort = raw["sort"]
    else:
        notes.append(
            f"Roles cannot be sorted by {_shown(raw['sort'])}, so they are sorted by title."
        )
    return choices, notes


def filter_roles(roles, params):
    """Filter and sort `roles` (a Role queryset) by `params`; see `Listing` for what comes back.

    Queries: the career fields that have one of `roles`, and, when a minimum pay or an outlook is
    asked for, one count of the roles that filter leaves out for having no figure. The returned
    queryset is not evaluated.
    """
    field_options = list(CareerField.objects.filter(pk__in=roles.values("field_id")))
    choices, notes = clean_choices(params, {career_field.slug for career_field in field_options})

    roles = with_headline_figures(roles)
    if choices.field:
        roles = roles.filter(field__slug=choices.field)
    if choices.education_max is not None:
        roles = roles.filter(entry_education__lte=choices.education_max)

    listing = Listing(roles=roles, choices=choices, notes=notes, field_options=field_options)
    missing = {}
    if choices.min_pay is not None:
        missing["without_pay"] = Count("pk", filter=Q(median_pay__isnull=True))
        roles = roles.filter(median_pay__gte=choices.min_pay)
    if choices.outlook != OUTLOOK_ANY:
        lacks_growth = Q(growth__isnull=True)
        if choices.min_pay is not None:
            # A role without pay is already counted once; count only those the pay filter keeps.
            lacks_growth &= Q(median_pay__gte=choices.min_pay)
        missing["without_outlook"] = Count("pk", filter=lacks_growth)
        roles = roles.filter(OUTLOOK_CONDITIONS[choices.outlook])
    if missing:
        # Counted among the roles the field and education filters keep.
        counts = listing.roles.aggregate(**missing)
        listing.left_out_without_pay = counts.get("without_pay", 0)
        listing.left_out_without_outlook = counts.get("without_outlook", 0)
    listing.roles = roles.order_by(*SORT_ORDERS[choices.sort])
    return listing
