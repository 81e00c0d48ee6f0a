"""The comparison chart: its rows and cells for two to four jobs, decided here once.

A chart of curated roles only has the guide's full rows (duties by their field's duty kinds,
qualifications, settings, moves, figures) and the duty overlap. A chart with an occupation in it
has the rows every job has in common: what the job is, its main tasks, preparation, education,
pay, employment and outlook. Everything here reads jobs fetched by `selection.select_jobs`; it
makes no queries.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from roles.compare.overlap import build_overlap, duty_holders
from roles.models import (
    EMPLOYMENT,
    ChartRow,
    Comparison,
    ComparisonRowNote,
    Emphasis,
    FigureMetric,
    Qualification,
    TaskType,
)

NO_FIGURE = "No published figure"
# Pay ranges in order of preference: the widest published pair of percentiles wins.
PAY_RANGES = (
    (FigureMetric.PAY_10, FigureMetric.PAY_90, "10th to 90th percentile"),
    (FigureMetric.PAY_25, FigureMetric.PAY_75, "25th to 75th percentile"),
)
HOURLY_RANGES = (
    ("hourly_p10", "hourly_p90", "10th to 90th percentile"),
    ("hourly_p25", "hourly_p75", "25th to 75th percentile"),
)
# Appears under a pay row whose figures come from more than one source or period.
FIGURES_FROM_SEVERAL_SOURCES = (
    "These figures come from different sources or periods, named with each, so part of any "
    "difference between them may be the source's rather than the jobs'."
)
# Appears under the jobs row when it holds both kinds of job count.
JOB_COUNTS_DIFFER = (
    "OEWS employment counts wage and salary jobs only; the Occupational Outlook Handbook's "
    "number of jobs also counts the self-employed, so the two kinds of figure differ."
)


# Projected growth in BLS's words.


@dataclass(frozen=True)
class OutlookCategory:
    """One of the Occupational Outlook Handbook's words for a projection, and the published
    percentages it covers: from `low` (inclusive) up to `high` (exclusive); None is open."""

    slug: str
    words: str
    span: str
    low: Decimal | None
    high: Decimal | None

    def covers(self, value):
        return (self.low is None or value >= self.low) and (self.high is None or value < self.high)


# The projection the categories describe, and BLS's categories for it (the Handbook words each
# occupation's projected change by how it compares with the average for all occupations; see
# https://www.bls.gov/ooh/about/occupational-information-included-in-the-ooh.htm). They apply to
# the percentage as BLS publishes it, a whole number: the bounds sit half a point either side.
OUTLOOK_PROJECTION = (2023, 2033)
OUTLOOK_PROJECTION_TEXT = "2023–33"
OUTLOOK_CATEGORIES = (
    OutlookCategory(
        "much-faster-than-average", "Much faster than average", "+8% or more", Decimal("7.5"), None
    ),
    OutlookCategory(
        "faster-than-average", "Faster than average", "+5% to +7%", Decimal("4.5"), Decimal("7.5")
    ),
    OutlookCategory(
        "as-fast-as-average", "As fast as average", "+3% to +4%", Decimal("2.5"), Decimal("4.5")
    ),
    OutlookCategory(
        "slower-than-average", "Slower than average", "+1% to +2%", Decimal("0.5"), Decimal("2.5")
    ),
    OutlookCategory(
        "little-or-no-change", "Little or no change", "0%", Decimal("-0.5"), Decimal("0.5")
    ),
    OutlookCategory("decline", "Decline", "−1% or lower", None, Decimal("-0.5")),
)


def outlook_category(figure):
    """BLS's category for a growth `Figure`, or None (no figure, or a projection of another
    period, whose categories the guide does not hold)."""
    if figure is None or figure.metric != FigureMetric.GROWTH:
        return None
    if figure.period != "–".join(str(year) for year in OUTLOOK_PROJECTION):
        return None
    return next(category for category in OUTLOOK_CATEGORIES if category.covers(figure.value))


def outlook_words(figure):
    """'Slower than average' for a 2023–33 projection of +1%; '' when BLS's words are unknown."""
    category = outlook_category(figure)
    return category.words if category is not None else ""


# What a chart cell shows, as compared across its row.

# The group a figure covers, as its population names it ("All secretaries and administrative
# assistants (SOC 43-6000)"), without what follows: a remark on how that group relates to the
# page's own job (", not legal secretaries alone") says nothing about the figure itself.
NAMED_GROUP = re.compile(r"^(.*?\(SOC [^)]*\))")


def covered_group(population):
    match = NAMED_GROUP.match(population.strip())
    named = match.group(1) if match else population
    return " ".join(named.split()).casefold()


def shown_figure(figure):
    """A figure as a reader compares it: what it measures, its value as shown, the group it
    covers, its source and its period. Two cells showing these alike show the same figure."""
    return (
        figure.label,
        figure.shown,
        covered_group(figure.population),
        figure.source.url,
        figure.citation_period,
    )


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
    figures: list = field(default_factory=list)
    missing: str = ""  # said in place of a figure none is published for
    aside: str = ""  # where the cell's facts come from; not what is compared

    def compared(self):
        """What the cell shows, as its row compares it: its text, its items with their details
        (a level such as "Required" is part of what it says), its figures (`shown_figure`) and
        what it says for a missing figure. Order does not count; how an item is shared and the
        aside (where the cell's facts come from) do not either."""
        return (
            self.text,
            tuple(sorted((item.text, item.detail) for item in self.items)),
            tuple(sorted(shown_figure(figure) for figure in self.figures)),
            self.missing,
        )


@dataclass
class Row:
    key: str
    label: str
    cells: list
    note: str = ""
    holds_figures: bool = False

    @property
    def differs(self):
        """Whether the cells show different things; the same figures read "Same"."""
        return len({cell.compared() for cell in self.cells}) > 1


@dataclass
class Chart:
    jobs: list
    rows: list
    title: str
    overlap: object = None  # the duty overlap, for charts of curated roles only
    comparison: Comparison | None = None

    @property
    def differing_rows(self):
        return [row for row in self.rows if row.differs]

    @property
    def all_curated(self):
        return all(job.is_curated for job in self.jobs)


def chart_title(jobs, comparison=None):
    if comparison is not None:
        return comparison.title
    return " vs ".join(job.title for job in jobs)


def curated_comparison_for(jobs, user):
    """The editor's comparison of exactly these roles, if one is visible to `user`."""
    if not all(job.is_curated for job in jobs):
        return None
    return (
        Comparison.objects.visible_to(user)
        .for_roles(jobs)
        .prefetch_related(Prefetch("row_notes", queryset=ComparisonRowNote.objects.order_by("id")))
        .first()
    )


def build_chart(jobs, comparison=None):
    """The chart for `jobs` (from `select_jobs`), with the curated comparison's notes if any."""
    if all(job.is_curated for job in jobs):
        rows, overlap = _curated_rows(jobs), build_overlap(jobs)
    else:
        rows, overlap = _catalogue_rows(jobs), None
    if comparison is not None:
        notes = {note.row: note.note for note in comparison.row_notes.all()}
        for row in rows:
            row.note = notes.get(row.key, row.note)
    return Chart(
        jobs=jobs,
        rows=rows,
        title=chart_title(jobs, comparison),
        overlap=overlap,
        comparison=comparison,
    )


# Charts of curated roles.


def duty_rows(roles):
    """(key, label, duty kind ids) for each chart row of duties, in the fields' kind order."""
    rows = {}
    # The kinds of the roles' fields, and any kind a role's duties borrow from another field.
    kinds = {kind.pk: kind for role in roles for kind in role.field.duty_kinds.all()}
    kinds.update({rd.duty.kind_id: rd.duty.kind for role in roles for rd in role.role_duties.all()})
    for kind in sorted(kinds.values(), key=lambda kind: (kind.field_id, kind.order, kind.name)):
        key = kind.chart_row_key
        rows.setdefault(key, (key, kind.chart_row_label, set()))[2].add(kind.pk)
    return list(rows.values())


def _holders_by(roles, items_of):
    holders = {}
    for role in roles:
        for key in items_of(role):
            holders.setdefault(key, []).append(role)
    return holders


def _shared_with(holders, key, role):
    return [other.title for other in holders[key] if other.pk != role.pk]


def _curated_rows(roles):
    count = len(roles)
    duties = duty_holders(roles)
    qualifications = _holders_by(
        roles, lambda role: [rq.qualification_id for rq in role.role_qualifications.all()]
    )
    settings = _holders_by(roles, lambda role: [setting.pk for setting in role.work_settings.all()])

    def duty_cell(role, kind_ids):
        role_duties = sorted(
            (rd for rd in role.role_duties.all() if rd.duty.kind_id in kind_ids),
            key=lambda rd: rd.sort_key,
        )
        return Cell(
            items=[
                Item(
                    text=rd.duty.name,
                    detail=rd.get_emphasis_display(),
                    shared_with=_shared_with(duties, rd.duty_id, role),
                    shared_by_all=len(duties[rd.duty_id]) == count,
                )
                for rd in role_duties
            ]
        )

    def qualification_cell(role, kinds):
        return Cell(
            items=[
                Item(
                    text=rq.qualification.name,
                    detail=rq.get_level_display(),
                    shared_with=_shared_with(qualifications, rq.qualification_id, role),
                )
                for rq in role.role_qualifications.all()
                if rq.qualification.kind in kinds
            ]
        )

    def education_cell(role):
        cell = qualification_cell(role, (Qualification.Kind.EDUCATION,))
        cell.text = role.get_entry_education_display()
        return cell

    def settings_cell(role):
        return Cell(
            items=[
                Item(text=setting.name, shared_with=_shared_with(settings, setting.pk, role))
                for setting in role.work_settings.all()
            ]
        )

    def figure_cell(role, metric):
        figure = role.figures_by_metric().get(metric)
        return Cell(figures=[figure] if figure else [], missing="" if figure else NO_FIGURE)

    def outlook_cell(role):
        figures = role.figures_by_metric()
        growth = figures.get(FigureMetric.GROWTH)
        return Cell(
            figures=([growth] if growth else []) + job_count(figures),
            missing="" if growth else NO_FIGURE,
            text=outlook_words(growth),
        )

    def moves_cell(role):
        return Cell(
            items=[
                Item(text=move.destination_title, detail=move.what_it_takes)
                for move in role.moves.all()
            ]
        )

    def row(key, label, make_cell, *, holds_figures=False):
        return Row(
            key=key,
            label=label,
            cells=[make_cell(role) for role in roles],
            holds_figures=holds_figures,
        )

    rows = [
        row(
            ChartRow.PRIMARY_FOCUS,
            ChartRow.PRIMARY_FOCUS.label,
            lambda r: Cell(text=r.primary_focus),
        )
    ]
    for key, label, kind_ids in duty_rows(roles):
        rows.append(row(key, label, lambda r, ids=kind_ids: duty_cell(r, ids)))
    certification_kinds = (Qualification.Kind.CERTIFICATION, Qualification.Kind.LICENCE)
    skill_kinds = (Qualification.Kind.SKILL, Qualification.Kind.EXPERIENCE)
    rows += [
        row(ChartRow.EDUCATION, ChartRow.EDUCATION.label, education_cell),
        row(
            ChartRow.CERTIFICATIONS,
            ChartRow.CERTIFICATIONS.label,
            lambda r: qualification_cell(r, certification_kinds),
        ),
        row(ChartRow.SKILLS, ChartRow.SKILLS.label, lambda r: qualification_cell(r, skill_kinds)),
        row(ChartRow.WORK_SETTINGS, ChartRow.WORK_SETTINGS.label, settings_cell),
        row(
            ChartRow.MEDIAN_PAY,
            ChartRow.MEDIAN_PAY.label,
            lambda r: figure_cell(r, FigureMetric.MEDIAN_PAY),
            holds_figures=True,
        ),
        row(ChartRow.OUTLOOK, ChartRow.OUTLOOK.label, outlook_cell, holds_figures=True),
        row(ChartRow.CAREER_MOVES, ChartRow.CAREER_MOVES.label, moves_cell),
    ]
    rows[-2].note = job_counts_note(rows[-2])
    return rows


# Charts with an occupation in them.


def main_tasks(job):
    """A job's core tasks (an occupation's O*NET tasks, a role's core duties) as chart items."""
    if job.is_curated:
        duties = sorted(job.role_duties.all(), key=lambda rd: rd.sort_key)
        return [Item(text=rd.duty.name) for rd in duties if rd.emphasis == Emphasis.CORE]
    tasks = sorted(job.tasks.all(), key=lambda task: task.sort_key)
    core = [task for task in tasks if task.task_type == TaskType.CORE]
    return [Item(text=task.text) for task in core or tasks]


def preparation(job):
    """The O*NET Job Zone a job falls in (a role takes its occupation's), as a cell."""
    occupation = job.shown_occupation
    if occupation is None or occupation.job_zone is None:
        return Cell(text="No O*NET Job Zone")
    zone = occupation.job_zone
    cell = Cell(
        text=f"Job Zone {zone.number}: {zone.short_name}", items=[Item(text=zone.education)]
    )
    if job.is_curated:
        nearest = "" if job.within_occupation else "nearest "
        cell.aside = f"The Job Zone of {occupation.title}, its {nearest}occupation."
    return cell


def education(job):
    if job.is_curated:
        return Cell(text=f"Typical entry education: {job.get_entry_education_display()}")
    if job.common_education is None:
        return Cell(text="No O*NET education data")
    return Cell(text=f"Most often reported as needed: {job.common_education_text}")


def pay_figures(figures):
    """The median pay to show: annual where BLS publishes it, else hourly."""
    for metric in (FigureMetric.MEDIAN_PAY, "median_hourly"):
        if metric in figures:
            return [figures[metric]]
    return []


def pay_range(figures, ranges=(*PAY_RANGES, *HOURLY_RANGES)):
    """The widest published pair of pay percentiles (annual before hourly), and its label."""
    for low, high, label in ranges:
        if low in figures and high in figures:
            return figures[low], figures[high], label
    return None, None, ""


def job_count(figures):
    """A job's number of jobs: OEWS employment, or the Occupational Outlook Handbook's count
    where it has no OEWS figure (never both: they count different things)."""
    metric = EMPLOYMENT if EMPLOYMENT in figures else FigureMetric.JOBS
    return [figures[metric]] if metric in figures else []


def job_counts_note(row):
    """The note a row needs when it shows OEWS employment beside an OOH number of jobs."""
    counts = {figure.metric for cell in row.cells for figure in cell.figures}
    return JOB_COUNTS_DIFFER if {FigureMetric.JOBS, EMPLOYMENT} <= counts else row.note


def sources_of(row):
    """The (source, period) pairs a row's figures come from."""
    return {(figure.source.pk, figure.period) for cell in row.cells for figure in cell.figures}


def _catalogue_rows(jobs):
    figures = [job.figures_by_metric() for job in jobs]

    def figure_row(key, label, pick):
        cells = []
        for job_figures in figures:
            shown = pick(job_figures)
            cells.append(Cell(figures=shown, missing="" if shown else NO_FIGURE))
        return Row(key=key, label=label, cells=cells, holds_figures=True)

    def range_figures(job_figures):
        low, high, _ = pay_range(job_figures)
        return [low, high] if low else []

    def range_row():
        row = figure_row("pay_range", "Pay range", range_figures)
        for cell, job_figures in zip(row.cells, figures, strict=True):
            cell.text = pay_range(job_figures)[2]
        return row

    rows = [
        Row("about", "What the job is", [Cell(text=job.summary) for job in jobs]),
        Row("tasks", "Main tasks", [Cell(items=main_tasks(job)) for job in jobs]),
        Row("preparation", "Preparation (O*NET Job Zone)", [preparation(job) for job in jobs]),
        Row(ChartRow.EDUCATION, "Education", [education(job) for job in jobs]),
        figure_row(ChartRow.MEDIAN_PAY, "Median pay", pay_figures),
        range_row(),
        figure_row("jobs", "Jobs", job_count),
    ]
    rows[-1].note = job_counts_note(rows[-1])
    for row in rows[4:6]:
        if len(sources_of(row)) > 1:
            row.note = FIGURES_FROM_SEVERAL_SOURCES
    if any(FigureMetric.GROWTH in job_figures for job_figures in figures):
        outlook = figure_row(
            ChartRow.OUTLOOK,
            "Job outlook",
            lambda job_figures: (
                [job_figures[FigureMetric.GROWTH]] if FigureMetric.GROWTH in job_figures else []
            ),
        )
        for cell, job_figures in zip(outlook.cells, figures, strict=True):
            cell.text = outlook_words(job_figures.get(FigureMetric.GROWTH))
        rows.append(outlook)
    return rows
