"""What any two to four jobs share by O*NET's detailed work activities, and their top skills.

Every occupation's tasks map to detailed work activities (DWAs), so any set of jobs can be
compared by the work they share, whatever their field: a curated role counts its occupation's.
Two queries whatever the catalogue's size (`fetch_shared_work`), then pure functions.
"""

from dataclasses import dataclass, field

from roles.compare.overlap import join_words
from roles.models import OccupationSkill
from roles.models.occupations import activities_by_occupation

# Skills each job contributes to the side-by-side list (its most important), and the cap.
TOP_SKILLS_EACH = 5
SKILL_ROWS = 10
# Activities listed openly for each job's own work; the rest sit behind a disclosure.
OWN_SHOWN = 8


@dataclass
class Column:
    job: object
    occupation: object  # the occupation whose activities stand for the job, or None
    activities: dict = field(default_factory=dict)  # DWA pk -> title

    @property
    def via(self):
        """Which occupation a guide role's activities are its occupation's ("" for occupations)."""
        if not self.job.is_curated:
            return ""
        if self.occupation is None:
            return f"{self.job.title} names no O*NET occupation"
        return f"{self.job.title} counts as {self.occupation.title} ({self.occupation.code})"


@dataclass
class SkillRow:
    name: str
    cells: list  # per job: (importance, level) or None


@dataclass
class Own:
    job: object
    shown: list
    more: list


@dataclass
class SharedWork:
    columns: list
    summary: str
    shared_heading: str
    shared_by_all: list
    shared_by_some: list  # (activity title, [job titles])
    own: list  # Own per job
    skills: list
    same_occupation: str = ""  # why the activities can't tell some of the jobs apart

    @property
    def jobs_with_data(self):
        return [column for column in self.columns if column.activities]


def fetch_shared_work(jobs):
    """The work activities and skills of the jobs' occupations, then `build_shared_work`."""
    occupations = {job.shown_occupation.pk for job in jobs if job.shown_occupation is not None}
    activities = activities_by_occupation(occupations)
    skills = {}
    ratings = (
        OccupationSkill.objects.filter(occupation_id__in=occupations, suppressed=False)
        .select_related("skill")
        .order_by("-importance", "skill__name")
    )
    for rating in ratings:
        skills.setdefault(rating.occupation_id, []).append(rating)
    return build_shared_work(jobs, activities, skills)


def build_shared_work(jobs, activities, skills):
    columns = []
    for job in jobs:
        occupation = job.shown_occupation
        own = activities.get(occupation.pk, {}) if occupation is not None else {}
        columns.append(Column(job=job, occupation=occupation, activities=own))
    with_data = [column for column in columns if column.activities]
    if len(with_data) < 2:
        return None
    holders = {}
    titles = {}
    for column in with_data:
        for pk, title in column.activities.items():
            holders.setdefault(pk, []).append(column.job)
            titles[pk] = title
    by_title = sorted(titles, key=lambda pk: titles[pk].lower())
    count = len(with_data)
    shared_by_all = [titles[pk] for pk in by_title if len(holders[pk]) == count]
    shared_by_some = [
        (titles[pk], [job.title for job in holders[pk]])
        for pk in by_title
        if 1 < len(holders[pk]) < count
    ]
    own = []
    for column in with_data:
        alone = [titles[pk] for pk in by_title if holders[pk] == [column.job]]
        own.append(Own(job=column.job, shown=alone[:OWN_SHOWN], more=alone[OWN_SHOWN:]))
    return SharedWork(
        columns=columns,
        summary=_summary(with_data, len(titles), len(shared_by_all), len(shared_by_some)),
        shared_heading="Activities both do" if count == 2 else f"Activities all {count} do",
        shared_by_all=shared_by_all,
        shared_by_some=shared_by_some,
        own=own,
        skills=_skill_rows(columns, skills),
        same_occupation=_same_occupation(columns),
    )


def _in_sentence(job):
    """A guide role's title as it reads mid-sentence ("legal assistant"); O*NET's stay as named."""
    return job.title[:1].lower() + job.title[1:] if job.is_curated else job.title


def _summary(columns, total, all_count, some_count):
    names = join_words(_in_sentence(column.job) for column in columns)
    names = names[:1].upper() + names[1:]
    shared = str(all_count) if all_count else "none"
    verb = "share" if len(columns) == 2 else "all share"
    text = f"{names} {verb} {shared} of the {total} detailed work activities they do between them"
    if some_count:
        text += f"; {some_count} more {'is' if some_count == 1 else 'are'} shared by some of them"
    return text + "."


def _same_occupation(columns):
    by_occupation = {}
    for column in columns:
        if column.occupation is not None:
            by_occupation.setdefault(column.occupation, []).append(column.job.title)
    return " ".join(
        f"{join_words(titles)} are {'both' if len(titles) == 2 else 'all'} counted as "
        f"{occupation.title}, so these activities cannot tell them apart: their duties can."
        for occupation, titles in by_occupation.items()
        if len(titles) > 1
    )


def _skill_rows(columns, skills):
    """The most important skills of each job, side by side (importance 1-5, level 0-7)."""
    chosen = {}
    for column in columns:
        if column.occupation is None:
            continue
        for rating in skills.get(column.occupation.pk, [])[:TOP_SKILLS_EACH]:
            chosen[rating.skill_id] = (
                max(chosen.get(rating.skill_id, (0, ""))[0], rating.importance),
                rating.skill.name,
            )
    order = sorted(chosen, key=lambda pk: (-chosen[pk][0], chosen[pk][1]))[:SKILL_ROWS]
    ratings = {
        (rating.occupation_id, rating.skill_id): rating
        for ratings in skills.values()
        for rating in ratings
    }
    rows = []
    for skill_id in order:
        cells = []
        for column in columns:
            rating = ratings.get((column.occupation.pk, skill_id)) if column.occupation else None
            cells.append((rating.importance, rating.level) if rating else None)
        rows.append(SkillRow(name=chosen[skill_id][1], cells=cells))
    return rows
