"""Building the comparison chart of two or more roles, and the canonical URL of a set of roles."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse

from roles.models import (
    COMPARE_SEPARATOR,
    CareerMove,
    ChartRow,
    Comparison,
    ComparisonRowNote,
    Duty,
    Emphasis,
    LabourFigure,
    Qualification,
    RoleDuty,
    RoleQualification,
)

MIN_ROLES = 2
MAX_ROLES = 4

# Which duty kinds fill which chart rows.
DUTY_ROWS = {
    ChartRow.LEGAL_DUTIES: (Duty.Kind.SUBSTANTIVE, Duty.Kind.RESEARCH),
    ChartRow.ADMIN_FOCUS: (Duty.Kind.ADMINISTRATIVE,),
    ChartRow.CLIENT_CONTACT: (Duty.Kind.CLIENT,),
    ChartRow.COORDINATION: (Duty.Kind.COORDINATION,),
}
EMPHASIS_RANK = {Emphasis.CORE: 0, Emphasis.REGULAR: 1, Emphasis.OCCASIONAL: 2}


def canonical_slugs(slugs):
    """The one order a set of role slugs is shown and addressed in."""
    return sorted(set(slugs))


def compare_url(slugs):
    return reverse(
        "roles:compare", kwargs={"slugs": COMPARE_SEPARATOR.join(canonical_slugs(slugs))}
    )


def role_profile_prefetches():
    """Everything a role page or a chart column shows, fetched in one query per relation."""
    return [
        Prefetch(
            "role_duties",
            queryset=RoleDuty.objects.select_related("duty").order_by("order", "id"),
        ),
        Prefetch(
            "role_qualifications",
            queryset=RoleQualification.objects.select_related("qualification").order_by(
                "order", "id"
            ),
        ),
        Prefetch("figures", queryset=LabourFigure.objects.select_related("source")),
        "work_settings",
        Prefetch("moves", queryset=CareerMove.objects.select_related("to_role")),
    ]


def figures_by_metric(role):
    return {figure.metric: figure for figure in role.figures.all()}


@dataclass
class Item:
    text: str
    detail: str = ""
    shared_with: list = field(default_factory=list)
    shared_by_all: bool = False


@dataclass
class Cell:
    text: str = ""
    items: list = field(default_factory=list)
    figure: LabourFigure | None = None
    extra_figure: LabourFigure | None = None

    def signature(self):
        figures = tuple(
            (f.value, f.population) if f else None for f in (self.figure, self.extra_figure)
        )
        return (self.text, tuple(item.text for item in self.items), figures)


@dataclass
class Row:
    key: str
    label: str
    cells: list
    note: str = ""

    @property
    def differs(self):
        return len({cell.signature() for cell in self.cells}) > 1


@dataclass
class Chart:
    roles: list
    rows: list
    shared_duties: list
    comparison: Comparison | None = None


def _duty_holders(roles):
    holders = {}
    for role in roles:
        for role_duty in role.role_duties.all():
            holders.setdefault(role_duty.duty_id, []).append(role)
    return holders


def _duty_cell(role, kinds, holders, role_count):
    role_duties = [rd for rd in role.role_duties.all() if rd.duty.kind in kinds]
    role_duties.sort(key=lambda rd: (EMPHASIS_RANK.get(rd.emphasis, 9), rd.order, rd.id))
    items = []
    for role_duty in role_duties:
        others = [other.title for other in holders[role_duty.duty_id] if other.pk != role.pk]
        items.append(
            Item(
                text=role_duty.duty.name,
                detail=role_duty.get_emphasis_display(),
                shared_with=others,
                shared_by_all=len(holders[role_duty.duty_id]) == role_count,
            )
        )
    return Cell(items=items)


def _qualification_cell(role, kinds, holders):
    items = []
    for role_qualification in role.role_qualifications.all():
        qualification = role_qualification.qualification
        if qualification.kind not in kinds:
            continue
        others = [other.title for other in holders[qualification.pk] if other.pk != role.pk]
        items.append(
            Item(
                text=qualification.name,
                detail=role_qualification.get_level_display(),
                shared_with=others,
            )
        )
    return Cell(items=items)


def _education_cell(role, holders):
    cell = _qualification_cell(role, (Qualification.Kind.EDUCATION,), holders)
    cell.text = role.get_entry_education_display()
    return cell


def build_chart(roles, comparison=None):
    """The chart rows for `roles` (prefetched with `role_profile_prefetches`), in chart order."""
    role_count = len(roles)
    duty_holders = _duty_holders(roles)
    qualification_holders = {}
    setting_holders = {}
    for role in roles:
        for role_qualification in role.role_qualifications.all():
            qualification_holders.setdefault(role_qualification.qualification_id, []).append(role)
        for setting in role.work_settings.all():
            setting_holders.setdefault(setting.pk, []).append(role)
    figures = {role.pk: figures_by_metric(role) for role in roles}
    notes = {}
    if comparison is not None:
        notes = {note.row: note.note for note in comparison.row_notes.all()}

    def cells_for(row_key, role):
        if row_key == ChartRow.PRIMARY_FOCUS:
            return Cell(text=role.primary_focus)
        if row_key in DUTY_ROWS:
            return _duty_cell(role, DUTY_ROWS[row_key], duty_holders, role_count)
        if row_key == ChartRow.EDUCATION:
            return _education_cell(role, qualification_holders)
        if row_key == ChartRow.CERTIFICATIONS:
            kinds = (Qualification.Kind.CERTIFICATION, Qualification.Kind.LICENCE)
            return _qualification_cell(role, kinds, qualification_holders)
        if row_key == ChartRow.SKILLS:
            kinds = (Qualification.Kind.SKILL, Qualification.Kind.EXPERIENCE)
            return _qualification_cell(role, kinds, qualification_holders)
        if row_key == ChartRow.WORK_SETTINGS:
            return Cell(
                items=[
                    Item(
                        text=setting.name,
                        shared_with=[
                            other.title
                            for other in setting_holders[setting.pk]
                            if other.pk != role.pk
                        ],
                    )
                    for setting in role.work_settings.all()
                ]
            )
        if row_key == ChartRow.MEDIAN_PAY:
            return Cell(figure=figures[role.pk].get(LabourFigure.Metric.MEDIAN_PAY))
        if row_key == ChartRow.OUTLOOK:
            return Cell(
                figure=figures[role.pk].get(LabourFigure.Metric.GROWTH),
                extra_figure=figures[role.pk].get(LabourFigure.Metric.JOBS),
            )
        if row_key == ChartRow.CAREER_MOVES:
            return Cell(
                items=[
                    Item(text=move.destination_title, detail=move.what_it_takes)
                    for move in role.moves.all()
                ]
            )
        raise ValueError(f"unknown chart row {row_key}")

    rows = [
        Row(
            key=row_key,
            label=label,
            cells=[cells_for(row_key, role) for role in roles],
            note=notes.get(row_key, ""),
        )
        for row_key, label in ChartRow.choices
    ]
    shared_duties = sorted(
        {
            role_duty.duty.name
            for role_duty in roles[0].role_duties.all()
            if len(duty_holders[role_duty.duty_id]) == role_count
        }
    )
    return Chart(roles=roles, rows=rows, shared_duties=shared_duties, comparison=comparison)


def curated_comparison_for(roles, user):
    """The editor's comparison of exactly these roles, if one is visible to `user`."""
    return (
        Comparison.objects.visible_to(user)
        .for_roles(roles)
        .prefetch_related(Prefetch("row_notes", queryset=ComparisonRowNote.objects.order_by("id")))
        .first()
    )
