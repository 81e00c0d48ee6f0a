"""Shaping one job's fetched data for its page: duties by kind, qualifications, quick facts,
tasks with their work activities, related occupations. Pure functions: no queries."""

from dataclasses import dataclass, field

from roles.compare.chart import job_count, outlook_words, pay_figures, pay_range
from roles.models import EMPLOYMENT, FigureMetric, Qualification, RelatedTier, TaskType

RELATED_ROLES_SHOWN = 8


@dataclass
class Group:
    key: str
    label: str
    entries: list


def group_duties(role):
    """The role's duties grouped by kind (its field's kind order), core duties first in a kind."""
    groups = {}
    role_duties = sorted(
        role.role_duties.all(), key=lambda rd: (rd.duty.kind.order, rd.duty.kind.name, rd.sort_key)
    )
    for role_duty in role_duties:
        kind = role_duty.duty.kind
        groups.setdefault(kind.pk, Group(key=kind.slug, label=kind.name, entries=[]))
        groups[kind.pk].entries.append(role_duty)
    return list(groups.values())


def group_qualifications(role):
    """The role's qualifications grouped by kind, required ones first within a kind."""
    groups = []
    role_qualifications = list(role.role_qualifications.all())
    for kind, label in Qualification.Kind.choices:
        entries = sorted(
            (rq for rq in role_qualifications if rq.qualification.kind == kind),
            key=lambda rq: rq.sort_key,
        )
        if entries:
            groups.append(Group(key=kind, label=label, entries=entries))
    return groups


def related_roles(role, candidates):
    """Roles a reader of `role` may want next: its field's other roles and where it leads."""
    move_targets = {move.to_role_id for move in role.moves.all() if move.to_role_id}
    related = [
        other
        for other in candidates
        if other.pk != role.pk and (other.field_id == role.field_id or other.pk in move_targets)
    ]
    return sorted(related, key=lambda other: other.title)[:RELATED_ROLES_SHOWN]


@dataclass
class Fact:
    """One line of a page's quick facts: a label and the figures (or text) it shows."""

    label: str
    figures: list = field(default_factory=list)
    text: str = ""
    joiner: str = ""  # between two figures, e.g. " to " for a range
    missing: str = "No published figure"


def role_facts(role):
    """The quick facts of a curated role's page: its entry education, then its figures (its
    occupation's OEWS pay and employment where it takes them), read as an occupation's are."""
    figures = role.figures_by_metric()
    facts = [Fact("Typical entry education", text=role.get_entry_education_display())]
    facts += pay_facts(figures)
    count = job_count(figures)  # OEWS employment, else the Handbook's number of jobs
    handbook = count and count[0].metric == FigureMetric.JOBS
    facts.append(Fact("Number of jobs" if handbook else "Employment", count))
    # BLS's words for the projection go in the label: "Job outlook: slower than average".
    words = outlook_words(figures.get(FigureMetric.GROWTH))
    facts.append(
        Fact(
            f"Job outlook: {words.lower()}" if words else "Job outlook",
            _present(figures, FigureMetric.GROWTH),
        )
    )
    return facts


def pay_facts(figures):
    """Median pay (annual, with the hourly figure beside it, or hourly only) and the widest
    published pay range: the same lines for a role and an occupation."""
    median = pay_figures(figures)
    facts = [Fact("Median pay", median)]
    if median and median[0].metric == FigureMetric.MEDIAN_PAY and "median_hourly" in figures:
        facts.append(Fact("Median hourly pay", [figures["median_hourly"]]))
    low, high, label = pay_range(figures)
    if low is not None:
        facts.append(Fact(f"Pay range ({label})", [low, high], joiner=" to "))
    return facts


def occupation_facts(occupation):
    """The OEWS quick facts of an occupation (its own figures or a broader group's)."""
    figures = occupation.figures_by_metric()
    return [*pay_facts(figures), Fact("Employment", _present(figures, EMPLOYMENT))]


def pay_percentiles(occupation):
    """Every published pay percentile of the occupation, as (label, annual figure, hourly figure)."""
    figures = occupation.figures_by_metric()
    rows = []
    for label, annual, hourly in (
        ("10th percentile", FigureMetric.PAY_10, "hourly_p10"),
        ("25th percentile", FigureMetric.PAY_25, "hourly_p25"),
        ("Median", FigureMetric.MEDIAN_PAY, "median_hourly"),
        ("75th percentile", FigureMetric.PAY_75, "hourly_p75"),
        ("90th percentile", FigureMetric.PAY_90, "hourly_p90"),
    ):
        if annual in figures or hourly in figures:
            rows.append((label, figures.get(annual), figures.get(hourly)))
    return rows


def _present(figures, metric):
    return [figures[metric]] if metric in figures else []


@dataclass
class TaskGroup:
    label: str
    tasks: list


TASK_GROUP_LABELS = {
    TaskType.CORE: "Core tasks",
    TaskType.SUPPLEMENTAL: "Supplemental tasks",
    TaskType.NOT_RATED: "Other tasks (not rated by O*NET)",
}


def group_tasks(occupation):
    """The occupation's tasks, core before supplemental (O*NET task type), each with its DWAs."""
    groups = {}
    for task in sorted(occupation.tasks.all(), key=lambda task: task.sort_key):
        groups.setdefault(task.task_type, TaskGroup(TASK_GROUP_LABELS[task.task_type], []))
        groups[task.task_type].tasks.append(task)
    return list(groups.values())


@dataclass
class Activity:
    title: str
    task_count: int


def work_activities(occupation):
    """The detailed work activities the occupation's tasks map to, most tasks first."""
    counts = {}
    titles = {}
    for task in occupation.tasks.all():
        for activity in task.activities.all():
            counts[activity.pk] = counts.get(activity.pk, 0) + 1
            titles[activity.pk] = activity.title
    ranked = sorted(counts, key=lambda pk: (-counts[pk], titles[pk]))
    return [Activity(titles[pk], counts[pk]) for pk in ranked]


def related_tiers(links):
    """Related occupations grouped by O*NET's tiers, in O*NET's order."""
    groups = {}
    for link in links:
        label = RelatedTier(link.tier).label
        groups.setdefault(link.tier, Group(key=link.tier, label=label, entries=[]))
        groups[link.tier].entries.append(link.related)
    return [groups[tier] for tier in RelatedTier.values if tier in groups]
