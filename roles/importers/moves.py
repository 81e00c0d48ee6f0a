"""Rank each occupation's next moves from O*NET's data, once per import.

For an occupation A (where the reader works now) and a candidate B, three measures, each 0 to 1:

- **activities carried over**: the part of A's detailed work activities (DWAs) that B's tasks
  map to too, each DWA weighted by how rare it is across the catalogue (inverse document
  frequency, so "Prepare legal documents" counts for more than "Maintain office records");
- **activity groups carried over**: the same for the intermediate work activities (IWAs) the
  DWAs belong to, so related work counts even when O*NET words the tasks differently
  (electricians and electrical engineering technicians share no DWA but half their IWAs);
- **skills**: the correlation between the two skill profiles (importance × level per skill,
  standardised across the catalogue so the skills every job needs do not make every pair
  look alike), below zero counted as zero.

score = 0.3 × activities + 0.4 × activity groups + 0.3 × skills (`WEIGHTS`). A move must share at least
`MIN_SHARED_GROUPS` activity groups and never asks for less preparation (a lower Job Zone): a next
move is a step along or up, not back. Each occupation keeps its best `MOVES_KEPT`. The whole
catalogue takes about a second: shares come from inverted indexes (activity -> occupations), so
pairs that share nothing are never compared, and only each occupation's best `SKILL_CANDIDATES`
by shared work have their skills compared.
"""

from collections import defaultdict
from math import log, sqrt
from statistics import fmean, pstdev

from roles.importers.tabular import analyze
from roles.models import NextMove, Occupation, OccupationSkill, Task

MOVES_KEPT = 15
MIN_SHARED_GROUPS = 1
WEIGHTS = {"activities": 0.3, "groups": 0.4, "skills": 0.3}


def activity_sets(occupation_ids):
    """({occupation pk: set of DWA pks}, {occupation pk: set of IWA ids})."""
    links = Task.activities.through.objects.filter(task__occupation_id__in=occupation_ids)
    activities, groups = defaultdict(set), defaultdict(set)
    for occupation_id, activity_id, iwa_id in links.values_list(
        "task__occupation_id", "workactivity_id", "workactivity__iwa_id"
    ):
        activities[occupation_id].add(activity_id)
        groups[occupation_id].add(iwa_id)
    return activities, groups


def rarity(sets):
    """{item: inverse document frequency} over the occupations' sets."""
    counts = defaultdict(int)
    for items in sets.values():
        for item in items:
            counts[item] += 1
    return {item: log(len(sets) / count) for item, count in counts.items()}


def skill_profiles(occupation_ids):
    """{occupation pk: unit vector} of standardised importance × level, for correlation."""
    raw = defaultdict(dict)
    ratings = OccupationSkill.objects.filter(occupation_id__in=occupation_ids).values_list(
        "occupation_id", "skill_id", "importance", "level"
    )
    for occupation_id, skill_id, importance, level in ratings:
        raw[occupation_id][skill_id] = float(importance) * float(level or 0)
    skills = sorted({skill for profile in raw.values() for skill in profile})
    columns = {skill: [profile.get(skill, 0.0) for profile in raw.values()] for skill in skills}
    means = {skill: fmean(values) for skill, values in columns.items()}
    spreads = {skill: pstdev(values) or 1.0 for skill, values in columns.items()}
    profiles = {}
    for occupation_id, profile in raw.items():
        values = [(profile.get(skill, 0.0) - means[skill]) / spreads[skill] for skill in skills]
        mean = fmean(values)
        centred = [value - mean for value in values]
        norm = sqrt(sum(value * value for value in centred))
        profiles[occupation_id] = [value / norm for value in centred] if norm else None
    return profiles


def correlation(first, second):
    if first is None or second is None:
        return 0.0
    return max(0.0, sum(a * b for a, b in zip(first, second, strict=True)))


def shared_weights(sets, weights):
    """{occupation pk: {other pk: (rarity-weighted share of its items the other has, count)}}.

    Built from an inverted index (item -> holders), so pairs sharing nothing cost nothing.
    """
    holders = defaultdict(list)
    for occupation_id, items in sets.items():
        for item in items:
            holders[item].append(occupation_id)
    shares = {}
    for occupation_id, items in sets.items():
        total = sum(weights[item] for item in items)
        sums, counts = defaultdict(float), defaultdict(int)
        for item in items:
            for other in holders[item]:
                sums[other] += weights[item]
                counts[other] += 1
        shares[occupation_id] = {
            other: (value / total if total else 0.0, counts[other]) for other, value in sums.items()
        }
    return shares


# How many candidates, best by shared work alone, have their skills compared.
SKILL_CANDIDATES = 250


def rank_moves(activities, groups, profiles, zones):
    """NextMove objects (unsaved) for every occupation with tasks, best first per occupation."""
    by_activity = shared_weights(activities, rarity(activities))
    by_group = shared_weights(groups, rarity(groups))
    moves = []
    for occupation_id, candidates in by_group.items():
        partial = []
        for other, (group_share, count) in candidates.items():
            if other == occupation_id or count < MIN_SHARED_GROUPS:
                continue
            if (zones.get(other) or 0) < (zones.get(occupation_id) or 0):
                continue  # asks for less preparation: a step back, not a next move
            activity_share = by_activity[occupation_id].get(other, (0.0, 0))[0]
            work = WEIGHTS["activities"] * activity_share + WEIGHTS["groups"] * group_share
            partial.append((work, other, count))
        partial.sort(key=lambda item: (-item[0], item[1]))
        scored = []
        for work, other, count in partial[:SKILL_CANDIDATES]:
            skills = correlation(profiles.get(occupation_id), profiles.get(other))
            scored.append((-(work + WEIGHTS["skills"] * skills), other, skills, count))
        scored.sort()
        for rank, (negative_score, other, skills, count) in enumerate(scored[:MOVES_KEPT], 1):
            moves.append(
                NextMove(
                    from_occupation_id=occupation_id,
                    to_occupation_id=other,
                    rank=rank,
                    shared_activities=len(activities[occupation_id] & activities[other]),
                    from_activities=len(activities[occupation_id]),
                    shared_groups=count,
                    from_groups=len(groups[occupation_id]),
                    skill_similarity=round(skills, 4),
                    score=round(-negative_score, 4),
                )
            )
    return moves


MOVE_FIELDS = (
    "from_occupation_id",
    "to_occupation_id",
    "rank",
    "shared_activities",
    "from_activities",
    "shared_groups",
    "from_groups",
    "skill_similarity",
    "score",
)


def sync_next_moves(report):
    """Rank the current occupations' next moves; replace the stored ones if any differ."""
    current = dict(Occupation.objects.current().values_list("pk", "job_zone__number"))
    activities, groups = activity_sets(list(current))
    moves = rank_moves(activities, groups, skill_profiles(list(current)), current)
    ranked = {tuple(getattr(move, name) for name in MOVE_FIELDS) for move in moves}
    if ranked == set(NextMove.objects.values_list(*MOVE_FIELDS)):
        report.say(f"Next moves: the same {len(moves):,} as before")
        return
    deleted, _ = NextMove.objects.all().delete()
    NextMove.objects.bulk_create(moves, batch_size=2000)
    analyze(NextMove)
    report.say(f"Ranked {len(moves):,} next moves (replacing {deleted:,})")
