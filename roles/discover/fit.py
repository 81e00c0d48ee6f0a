"""The fit helper: a few questions a career-changer answers, and roles ranked by how their data fits.

The questions are a field's own, kept as data (`FitQuestion`, each answer naming the duty kinds it
is about), followed by three every field shares: education, pay and remote work. Every score
comes from a role's own data (its duties' kinds and emphasis, typical entry education, median pay
figure, work settings), measured against the other roles being ranked, so a role or a field an
editor adds is scored like the rest without code changes. Pure functions over roles fetched with
`Role.objects.with_profile()` and questions fetched with `field_questions()`.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from roles.models import EducationLevel, FigureMetric, FitOption, FitQuestion

# How many of the best matches the results page links to as one comparison.
COMPARED_MATCHES = 3
NEUTRAL_FIT = 0.5
# How much of an answer's duty kinds a reader wants, on the 0-1 scale of the roles ranked.
WANTED_LEVEL = {"most": 1.0, "some": 0.5, "least": 0.0}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    kinds: frozenset = frozenset()  # duty kind ids
    amount: str = "most"
    balanced: bool = False


@dataclass(frozen=True)
class Question:
    name: str
    legend: str
    topic: str
    options: tuple
    hint: str = ""
    weight: int = 0  # a field question's weight; the shared questions weigh their own answers
    kind_groups: tuple = ()  # (phrase, kind ids) per work-mix share the question is about

    def option(self, value):
        return next((option for option in self.options if option.value == value), None)

    @property
    def about_duties(self):
        return bool(self.kind_groups)


EDUCATION = Question(
    "education",
    "How much more education are you willing to do?",
    "Education",
    (
        Option("none", "None"),
        Option("short", "A short course or certificate"),
        Option("associate", "An associate degree"),
        Option("bachelor", "A bachelor's degree"),
    ),
    hint="We assume a high school diploma or equivalent. If you already hold a degree, "
    "choose that level.",
)
PAY = Question(
    "pay",
    "How much does pay matter to you?",
    "Pay",
    (
        Option("high", "A lot: it's a top priority"),
        Option("moderate", "Somewhat"),
        Option("low", "Not much"),
    ),
)
REMOTE = Question(
    "remote",
    "How important is working remotely?",
    "Remote work",
    (
        Option("essential", "It's a must"),
        Option("nice", "Nice to have"),
        Option("unimportant", "It doesn't matter"),
    ),
)
SHARED_QUESTIONS = (EDUCATION, PAY, REMOTE)

# The highest typical entry education each answer covers.
EDUCATION_REACH = {
    "none": EducationLevel.HIGH_SCHOOL,
    "short": EducationLevel.POSTSECONDARY_NONDEGREE,
    "associate": EducationLevel.ASSOCIATE,
    "bachelor": EducationLevel.BACHELOR,
}
EDUCATION_WEIGHT = 3
# Pay and remote count as much as the reader says they matter ("not much" and "doesn't matter"
# still show the facts, but score nothing).
PAY_WEIGHT = {"high": 2, "moderate": 1, "low": 0}
REMOTE_WEIGHT = {"essential": 3, "nice": 1, "unimportant": 0}


def field_questions(career_field):
    """A field's own questions with their answers and duty kinds: two queries, or none without a field."""
    if career_field is None:
        return []
    stored = FitQuestion.objects.filter(field=career_field).prefetch_related(
        Prefetch("options", queryset=FitOption.objects.prefetch_related("kinds"))
    )
    questions = [question_from(stored_question) for stored_question in stored]
    return [question for question in questions if question.options]


def question_from(stored):
    """A stored field question as the helper asks and scores it.

    An answer whose duty kinds were all deleted is about nothing the roles have, so it is left
    out (and a question left with no answers is not asked).
    """
    options = tuple(
        Option(
            value=option.value,
            label=option.label,
            kinds=frozenset(kind.pk for kind in option.kinds.all()),
            amount=option.amount,
            balanced=option.balanced,
        )
        for option in stored.options.all()
        if option.kinds.all()
    )
    groups = {}
    for option in stored.options.all():
        for kind in sorted(option.kinds.all(), key=lambda kind: (kind.order, kind.name)):
            names, ids = groups.setdefault(kind.work_mix_label, ([], set()))
            if kind.pk not in ids:
                names.append(kind.name.lower())
                ids.add(kind.pk)
    return Question(
        name=stored.slug,
        legend=stored.legend,
        topic=stored.topic,
        options=options,
        hint=stored.hint,
        weight=stored.weight,
        kind_groups=tuple((" or ".join(names), frozenset(ids)) for names, ids in groups.values()),
    )


def all_questions(own_questions):
    return (*own_questions, *SHARED_QUESTIONS)


def read_answers(query, questions):
    """The recognised answers in a query string, and the questions whose answer we had to ignore.

    A blank or missing answer means the question was skipped; an unknown value, or two different
    values for one question, is ignored and reported.
    """
    answers = {}
    ignored = []
    for question in questions:
        values = {value for value in query.getlist(question.name) if value != ""}
        if not values:
            continue
        value = values.pop() if len(values) == 1 else None
        if value is not None and question.option(value):
            answers[question.name] = value
        else:
            ignored.append(question)
    return answers, ignored


def all_skipped(query, questions, answers, ignored):
    """True when the form was sent with every question left blank."""
    return not answers and not ignored and any(q.name in query for q in questions)


@dataclass
class FormQuestion:
    question: Question
    chosen: str


def form_questions(questions, answers):
    """The questions with the reader's current answer, to pre-select in the form."""
    return [FormQuestion(question, answers.get(question.name, "")) for question in questions]


@dataclass
class DutyMix:
    """How a role's listed duties divide between kinds, by count and by emphasis weight."""

    counts: dict
    core_counts: dict
    weights: dict
    total_count: int
    total_weight: int

    @classmethod
    def of(cls, role):
        counts, core_counts, weights = {}, {}, {}
        for role_duty in role.role_duties.all():
            kind = role_duty.duty.kind_id
            counts[kind] = counts.get(kind, 0) + 1
            if role_duty.sort_key[0] == 0:
                core_counts[kind] = core_counts.get(kind, 0) + 1
            weights[kind] = weights.get(kind, 0) + role_duty.weight
        return cls(counts, core_counts, weights, sum(counts.values()), sum(weights.values()))

    def share(self, kinds):
        """The emphasis-weighted part of the role's duties that are of these kinds, 0 to 1."""
        if not self.total_weight:
            return 0.0
        return sum(self.weights.get(kind, 0) for kind in kinds) / self.total_weight

    def count(self, kinds):
        return sum(self.counts.get(kind, 0) for kind in kinds)

    def core_count(self, kinds):
        return sum(self.core_counts.get(kind, 0) for kind in kinds)

    def describe(self, kinds, what, *, first=True):
        """'3 of its 13 listed duties (23%) are client communication, 1 of them core'.

        With `first=False` the phrase is shortened to follow another about the same duties.
        """
        count = self.count(kinds)
        if not count:
            if first:
                return f"None of its {self.total_count} listed duties is {what}"
            return f"none is {what}"
        percent = round(100 * count / self.total_count)
        subject = f"{count} of its {self.total_count} listed duties" if first else str(count)
        text = f"{subject} ({percent}%) {'is' if count == 1 else 'are'} {what}"
        core = self.core_count(kinds)
        if core and count == 1:
            text += ", a core duty"
        elif core == count:
            text += ", all of them core"
        elif core:
            text += f", {core} of them core"
        return text


@dataclass
class RoleFacts:
    """What the fit helper reads from one prefetched role."""

    role: object
    duties: DutyMix
    median_pay: object  # a Figure, or None
    settings: list
    remote_settings: list

    @classmethod
    def of(cls, role):
        settings = list(role.work_settings.all())
        return cls(
            role=role,
            duties=DutyMix.of(role),
            median_pay=role.figures_by_metric().get(FigureMetric.MEDIAN_PAY),
            settings=settings,
            remote_settings=[setting for setting in settings if setting.is_remote],
        )

    def level(self, question, option):
        """How much of the answer's duty kinds the role has, 0 to 1 (the smallest share for a
        balanced answer, so a role must have some of each)."""
        if not option.balanced:
            return self.duties.share(option.kinds)
        groups = [ids & option.kinds for _, ids in question.kind_groups]
        return min((self.duties.share(ids) for ids in groups if ids), default=0.0)


@dataclass
class Peers:
    """The highest and lowest values among the roles being ranked, to scale each role against."""

    all_facts: list
    lowest_pay: float | None
    highest_pay: float | None
    tops: dict = field(default_factory=dict)

    @classmethod
    def of(cls, all_facts):
        pays = [float(facts.median_pay.value) for facts in all_facts if facts.median_pay]
        return cls(all_facts, min(pays, default=None), max(pays, default=None))

    def top_level(self, question, option):
        key = (question.name, option.value)
        if key not in self.tops:
            self.tops[key] = max(
                (facts.level(question, option) for facts in self.all_facts), default=0.0
            )
        return self.tops[key]


def relative_to(value, top):
    """`value` on a 0-1 scale where 1 is the highest among the roles ranked."""
    return value / top if top else 0.0


def closeness(level, target):
    """1 when `level` is the `target`, falling to 0 at the far end of the 0-1 scale."""
    return 1 - abs(level - target) / max(target, 1 - target)


@dataclass
class Reason:
    """One answer's part in a role's match, said in terms of the role's own data."""

    question: Question
    fit: float
    weight: int
    text: str
    figure: object = None
    has_data: bool = True

    @property
    def verdict(self):
        if not self.weight:
            return "info"
        if not self.has_data:
            return "unknown"
        if self.fit >= 2 / 3:
            return "good"
        if self.fit > 1 / 3:
            return "partial"
        return "poor"

    @property
    def verdict_label(self):
        return {
            "info": "Doesn't count",
            "unknown": "No data",
            "good": "Good fit",
            "partial": "Partial fit",
            "poor": "Poor fit",
        }[self.verdict]


def _no_data(question, weight, text):
    """The role has nothing to judge this answer by, so it counts halfway."""
    return Reason(question, NEUTRAL_FIT, weight, text, has_data=False)


def duty_reason(question, facts, answer, peers):
    """A field question: how close the role's share of the answer's duty kinds is to the wish."""
    duties = facts.duties
    if not duties.total_count:
        return _no_data(question, question.weight, "It lists no duties yet.")
    option = question.option(answer)
    level = relative_to(facts.level(question, option), peers.top_level(question, option))
    fit = closeness(level, WANTED_LEVEL.get(option.amount, 1.0))
    phrases = [
        duties.describe(ids, phrase, first=index == 0)
        for index, (phrase, ids) in enumerate(question.kind_groups)
    ]
    return Reason(question, fit, question.weight, "; ".join(phrases) + ".")


def education_reason(question, facts, answer, peers):
    role = facts.role
    within = role.entry_education <= EDUCATION_REACH[answer]
    verdict = "within what you said you'd do" if within else "more than you said you'd do"
    return Reason(
        question,
        1.0 if within else 0.0,
        EDUCATION_WEIGHT,
        f"Typical entry education: {role.get_entry_education_display()} — {verdict}.",
    )


def pay_reason(question, facts, answer, peers):
    weight = PAY_WEIGHT[answer]
    figure = facts.median_pay
    if figure is None:
        return _no_data(
            question,
            weight,
            "There is no published pay figure for this role, so pay counts neutrally.",
        )
    spread = (peers.highest_pay or 0) - (peers.lowest_pay or 0)
    if spread <= 0:
        return Reason(
            question, NEUTRAL_FIT, weight, "The same as every other role with a figure.", figure
        )
    level = (float(figure.value) - peers.lowest_pay) / spread
    if level >= 2 / 3:
        standing = "Towards the top of the roles with a pay figure."
    elif level > 1 / 3:
        standing = "In the middle of the roles with a pay figure."
    else:
        standing = "Towards the bottom of the roles with a pay figure."
    return Reason(question, level, weight, standing, figure)


def remote_reason(question, facts, answer, peers):
    weight = REMOTE_WEIGHT[answer]
    if facts.remote_settings:
        names = ", ".join(setting.name for setting in facts.remote_settings)
        return Reason(question, 1.0, weight, f"{names} is one of its work settings.")
    if not facts.settings:
        return _no_data(question, weight, "It lists no work settings yet.")
    names = ", ".join(setting.name for setting in facts.settings)
    return Reason(question, 0.0, weight, f"None of its work settings is remote ({names}).")


SHARED_REASONS = {
    EDUCATION.name: education_reason,
    PAY.name: pay_reason,
    REMOTE.name: remote_reason,
}


def reason_for(question, facts, answer, peers):
    if question.about_duties:
        return duty_reason(question, facts, answer, peers)
    return SHARED_REASONS[question.name](question, facts, answer, peers)


@dataclass
class RoleMatch:
    role: object
    reasons: list = field(default_factory=list)

    @property
    def score(self):
        """The weighted share of the answers this role fits, 0 to 1; None if no answer counts."""
        total = sum(reason.weight for reason in self.reasons)
        if not total:
            return None
        return sum(reason.fit * reason.weight for reason in self.reasons) / total

    @property
    def percent(self):
        score = self.score
        return None if score is None else round(100 * score)


def rank_roles(roles, questions, answers):
    """Every role with its reasons, best match first (ties by title)."""
    all_facts = [RoleFacts.of(role) for role in roles]
    peers = Peers.of(all_facts)
    matches = [
        RoleMatch(
            role=facts.role,
            reasons=[
                reason_for(question, facts, answers[question.name], peers)
                for question in questions
                if question.name in answers
            ],
        )
        for facts in all_facts
    ]
    matches.sort(key=lambda match: (-(match.score or 0), match.role.title))
    return matches


def slugs_to_compare(matches):
    """The best matches worth opening side by side, or nothing when there are fewer than two."""
    best = matches[:COMPARED_MATCHES]
    return [match.role.slug for match in best] if len(best) >= 2 else []
