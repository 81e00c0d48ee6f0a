"""Building the comparison chart of two or more roles, and the canonical URL of a set of roles."""

import re
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
    Role,
    RoleDuty,
    RoleQualification,
)

MIN_ROLES = 2
MAX_ROLES = 4
SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]{1,120}")

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


@dataclass
class SelectionProblem:
    message: str
    status: int


def selection_problem(slugs):
    """What is wrong with a requested set of role slugs before looking them up, if anything."""
    if len(slugs) < MIN_ROLES:
        return SelectionProblem("Pick at least two roles to compare.", 400)
    if len(slugs) > MAX_ROLES:
        return SelectionProblem(
            f"You picked {len(slugs)} roles: a chart holds at most {MAX_ROLES}. "
            "Leave some out and try again.",
            400,
        )
    if len(set(slugs)) < len(slugs):
        return SelectionProblem(
            "You picked the same role more than once. Pick different roles.", 400
        )
    return None


def is_slug(text):
    """Whether `text` could be a role's slug (anything else is unknown without asking the DB)."""
    return bool(SLUG_PATTERN.fullmatch(text))


def unknown_roles_problem(slugs, known_slugs):
    unknown = [slug for slug in slugs if slug not in known_slugs]
    if not unknown:
        return None
    names = ", ".join(f"“{slug[:80]}”" for slug in unknown[:MAX_ROLES])
    return SelectionProblem(
        f"The guide has no published role called {names}. Pick from the list.", 404
    )


@dataclass
class Selection:
    """The outcome of asking for a chart of `requested` role slugs."""

    canonical: list
    roles: list | None = None  # prefetched, in canonical order, when all is well
    problem: SelectionProblem | None = None
    needs_redirect: bool = False  # asked for in another order than the canonical one


def select_roles(requested, user):
    """Fetch the roles for a chart with everything it shows, or say why there is no chart."""
    problem = selection_problem(requested)
    if problem is not None:
        return Selection(canonical=[], problem=problem)
    wanted = canonical_slugs(requested)
    if wanted != requested:
        return Selection(canonical=wanted, needs_redirect=True)
    found = {
        role.slug: role
        for role in Role.objects.visible_to(user)
        .filter(slug__in=wanted)
        .select_related("field")
        .prefetch_related(*role_profile_prefetches(user))
    }
    problem = unknown_roles_problem(wanted, set(found))
    if problem is not None:
        return Selection(canonical=wanted, problem=problem)
    return Selection(canonical=wanted, roles=[found[slug] for slug in wanted])


def picker_roles(user):
    """Every role a reader may put in a chart, grouped by field, in one query."""
    return list(
        Role.objects.visible_to(user)
        .select_related("field")
        .order_by("field__order", "field__name", "title")
    )


def compare_url(slugs):
    return reverse(
        "roles:compare", kwargs={"slugs": COMPARE_SEPARATOR.join(canonical_slugs(slugs))}
    )


def role_profile_prefetches(user=None):
    """Everything a role page or a chart column shows, fetched in one query per relation.

    With a `user`, career moves to roles that user may not see are left out; without one
    (editors' tools, the audit), every move is fetched.
    """
    moves = CareerMove.objects.select_related("to_role")
    if user is not None:
        moves = moves.visible_to(user)
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
        figures_prefetch(),
        "work_settings",
        Prefetch("moves", queryset=moves),
    ]


def figures_prefetch():
    """A role's figures with their sources, in one query."""
    return Prefetch("figures", queryset=LabourFigure.objects.select_related("source"))


def uses_onet(roles):
    """Whether O*NET task wording informs any duty shown for these (prefetched) roles."""
    return any(rd.duty.onet_task_id for role in roles for rd in role.role_duties.all())


def by_emphasis(role_duty):
    """Sort key: core duties first, then in the editor's order."""
    return (EMPHASIS_RANK.get(role_duty.emphasis, 9), role_duty.order, role_duty.id)


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
class WorkMix:
    """How a role's listed duties split between substantive legal work, admin and people work."""

    role: object
    substantive: int
    administrative: int
    people: int


@dataclass
class Overlap:
    summary: str
    shared_by_all: list
    shared_by_some: list  # (duty name, [titles of the roles that carry it])
    unique: list  # (role, [duty names only that role carries])
    work_mix: list


@dataclass
class Chart:
    roles: list
    rows: list
    overlap: Overlap
    comparison: Comparison | None = None

    @property
    def differing_rows(self):
        return [row for row in self.rows if row.differs]


def _duty_holders(roles):
    holders = {}
    for role in roles:
        for role_duty in role.role_duties.all():
            holders.setdefault(role_duty.duty_id, []).append(role)
    return holders


def _duty_cell(role, kinds, holders, role_count):
    role_duties = [rd for rd in role.role_duties.all() if rd.duty.kind in kinds]
    role_duties.sort(key=by_emphasis)
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
    return Chart(
        roles=roles, rows=rows, overlap=build_overlap(roles, duty_holders), comparison=comparison
    )


def plural_title(title):
    """'Legal secretary' -> 'legal secretaries', for sentences about the people in a role."""
    words = title.split()
    last = words[-1]
    if last.endswith("y") and len(last) > 1 and last[-2].lower() not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    text = " ".join([*words[:-1], last])
    return text[0].lower() + text[1:] if not text[:2].isupper() else text


def join_words(words):
    words = list(words)
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# Weights that turn a duty's emphasis into a rough share of working time.
EMPHASIS_WEIGHT = {Emphasis.CORE: 3, Emphasis.REGULAR: 2, Emphasis.OCCASIONAL: 1}
SUBSTANTIVE_KINDS = (Duty.Kind.SUBSTANTIVE, Duty.Kind.RESEARCH)


def work_mix(role):
    """Percentages of a role's emphasis-weighted duties by broad kind (they add up to 100)."""
    totals = {"substantive": 0, "administrative": 0, "people": 0}
    for role_duty in role.role_duties.all():
        weight = EMPHASIS_WEIGHT.get(role_duty.emphasis, 1)
        if role_duty.duty.kind in SUBSTANTIVE_KINDS:
            totals["substantive"] += weight
        elif role_duty.duty.kind == Duty.Kind.ADMINISTRATIVE:
            totals["administrative"] += weight
        else:
            totals["people"] += weight
    whole = sum(totals.values())
    if not whole:
        return WorkMix(role=role, substantive=0, administrative=0, people=0)
    substantive = round(100 * totals["substantive"] / whole)
    administrative = round(100 * totals["administrative"] / whole)
    return WorkMix(
        role=role,
        substantive=substantive,
        administrative=administrative,
        people=100 - substantive - administrative,
    )


def build_overlap(roles, duty_holders=None):
    """Which duties all the roles share, which some share, and which are each role's own."""
    duty_holders = duty_holders or _duty_holders(roles)
    names = {}
    for role in roles:
        for role_duty in role.role_duties.all():
            names[role_duty.duty_id] = role_duty.duty.name
    by_name = sorted(names.items(), key=lambda item: item[1])
    shared_by_all = [name for duty_id, name in by_name if len(duty_holders[duty_id]) == len(roles)]
    shared_by_some = [
        (name, [role.title for role in duty_holders[duty_id]])
        for duty_id, name in by_name
        if 1 < len(duty_holders[duty_id]) < len(roles)
    ]
    unique = [
        (
            role,
            [name for duty_id, name in by_name if duty_holders[duty_id] == [role]],
        )
        for role in roles
    ]
    people = join_words(plural_title(role.title) for role in roles)
    people = people[0].upper() + people[1:]
    verb = "share" if len(roles) == 2 else "all share"
    summary = f"{people} {verb} {len(shared_by_all)} of their {len(names)} duties"
    if shared_by_some:
        summary += f"; {len(shared_by_some)} more are shared by some of them"
    return Overlap(
        summary=summary + ".",
        shared_by_all=shared_by_all,
        shared_by_some=shared_by_some,
        unique=unique,
        work_mix=[work_mix(role) for role in roles],
    )


def curated_comparison_for(roles, user):
    """The editor's comparison of exactly these roles, if one is visible to `user`."""
    return (
        Comparison.objects.visible_to(user)
        .for_roles(roles)
        .prefetch_related(Prefetch("row_notes", queryset=ComparisonRowNote.objects.order_by("id")))
        .first()
    )
