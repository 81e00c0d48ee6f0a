"""Next moves as readers see them: the occupations that share the most work with a job.

The ranking is computed at import time (`roles/importers/moves.py`); here each stored move gets
what a reader weighs: the work that carries over (shared detailed work activities), the pay
change between the two OEWS medians and the extra preparation (O*NET Job Zones). Two queries
whatever the catalogue's size: the moves with their occupations, Job Zones and OEWS rows, and
the work activities of the occupations involved.
"""

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma

from roles.compare.selection import compare_url
from roles.models import NextMove
from roles.models.occupations import activities_by_occupation

# How many moves a job page lists before linking to the next-moves page.
MOVES_ON_JOB_PAGES = 5
# Shared work activities named per move.
SHARED_NAMED = 3


@dataclass
class PayChange:
    text: str  # "+$8,130 a year", "The same median pay", or why there is none
    direction: str = ""  # "up", "down", "same" or "" when it can't be computed
    before: object = None  # the published median it is computed from (a Figure)...
    after: object = None  # ...and the one it is computed to

    @property
    def citation(self):
        figure = self.after or self.before
        return figure.citation if figure else ""


@dataclass
class Move:
    occupation: object
    rank: int
    shared_activities: list  # titles of the DWAs both do, A to Z
    shared_activity_count: int
    from_activity_count: int
    shared_groups_percent: int
    skill_percent: int
    pay: PayChange
    preparation: str
    preparation_change: int | None
    compare_url: str

    @property
    def work_carried_over(self):
        """'5 of 15 work activities shared, including: a; b; c.' or, with none, the groups."""
        groups = (
            f"{self.shared_groups_percent}% of the kinds of work (O*NET activity groups) shared."
        )
        if not self.shared_activity_count:
            return f"No identical work activity; {groups}"
        named = "; ".join(self.shared_activities)
        named = named[0].lower() + named[1:]
        return (
            f"{self.shared_activity_count} of {self.from_activity_count} work activities shared, "
            f"including: {named}. {groups}"
        )


NOT_COMPARED = (
    "Not worked out: the role's own pay is not counted in the occupation these moves start from"
)


def pay_change(from_figures, target, *, compare=True):
    """The difference between two OEWS medians of the same kind (annual, else hourly): the
    occupation moved from (its figures) and the `target` occupation.

    With `compare=False` (a role only near the occupation the moves start from, whose pay is not
    the role's) only the destination's median is given.
    """
    if not compare:
        return PayChange(NOT_COMPARED, after=target.headline_pay())
    to_figures = target.figures_by_metric()
    for metric, unit in (("median_pay", "a year"), ("median_hourly", "an hour")):
        before, after = from_figures.get(metric), to_figures.get(metric)
        if before is None or after is None:
            continue
        if before.top_coded or after.top_coded:
            return PayChange(
                "Can't be worked out: a median is above the highest figure BLS publishes",
                before=before,
                after=after,
            )
        difference = after.value - before.value
        if not difference:
            return PayChange("The same median pay", "same", before, after)
        amount = f"{abs(difference):.2f}" if unit == "an hour" else str(round(abs(difference)))
        sign = "+" if difference > 0 else "−"
        return PayChange(
            f"{sign}${intcomma(amount)} {unit}", "up" if difference > 0 else "down", before, after
        )
    return PayChange("No pay figure to compare: BLS publishes no comparable median for both")


def preparation_change(from_zone, to_zone):
    """'Job Zone 3 to 4: more preparation', or why it can't be said."""
    if from_zone is None or to_zone is None:
        return "O*NET gives no Job Zone for one of them", None
    steps = to_zone.number - from_zone.number
    if steps == 0:
        return f"The same preparation (Job Zone {to_zone.number}: {to_zone.short_name})", 0
    more = "one step" if steps == 1 else f"{steps} steps"
    return (
        f"{more[0].upper()}{more[1:]} more preparation: Job Zone {from_zone.number} to "
        f"{to_zone.number} ({to_zone.short_name})",
        steps,
    )


def next_moves(occupation, user, *, from_slug=None, compare_pay=True, limit=None):
    """The stored next moves from `occupation` that `user` may see, as `Move`s, best first.

    `from_slug` is the job the reader started from (a role's slug, or the occupation's own), for
    the one-click compare links; `compare_pay=False` leaves out the pay change (see `pay_change`).
    """
    from roles.models import Occupation

    visible = Occupation.objects.visible_to(user)
    stored = (
        NextMove.objects.filter(from_occupation=occupation, to_occupation__in=visible)
        .select_related(
            "to_occupation__field",
            "to_occupation__job_zone",
            "to_occupation__wage_estimate__source",
        )
        .order_by("rank")
    )
    if limit is not None:
        stored = stored[:limit]
    stored = list(stored)
    if not stored:
        return []
    activities = activities_by_occupation(
        [occupation.pk, *(move.to_occupation_id for move in stored)]
    )
    own = activities.get(occupation.pk, {})
    from_figures = occupation.figures_by_metric()
    moves = []
    for move in stored:
        target = move.to_occupation
        theirs = activities.get(target.pk, {})
        shared = sorted(set(own) & set(theirs), key=lambda pk: own[pk])
        text, steps = preparation_change(occupation.job_zone, target.job_zone)
        moves.append(
            Move(
                occupation=target,
                rank=move.rank,
                shared_activities=[own[pk] for pk in shared[:SHARED_NAMED]],
                shared_activity_count=len(shared),
                from_activity_count=len(own),
                shared_groups_percent=move.shared_groups_percent,
                skill_percent=round(100 * move.skill_similarity),
                pay=pay_change(from_figures, target, compare=compare_pay),
                preparation=text,
                preparation_change=steps,
                compare_url=compare_url([from_slug or occupation.slug, target.slug]),
            )
        )
    return moves
