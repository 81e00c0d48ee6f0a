"""The fit helper: a few questions a career changer answers, and jobs ranked by how their data fits.

Every field shares four questions grounded in the data: interests (scored against O*NET's RIASEC
profile; a role takes its occupation's), how much more preparation the reader will do (O*NET Job
Zones; a role's own typical entry education), pay (median annual pay) and outlook (projected
growth, which our sources publish for the guide's roles only). A curated field adds its own
questions, kept as data (`FitQuestion`, each answer naming the duty kinds it is about), the
experience question (its answers are the kinds of experience the field's roles require or prefer)
and the remote-work question its roles' work settings answer, and ranks its roles; otherwise the
shared questions rank every occupation, or those of one SOC major group.

The order, as a careers counselor would give it (`Match.sort_key`): jobs that fit the answer the
reader says matters most come first whatever their overall score (it also counts double in that
score); then jobs that meet a must ("remote work is a must"); then, for a reader whose top priority
is pay, jobs with a published pay figure before jobs without one; then the overall score. Missing
data is "no data": it never counts as a fit. Each reason quotes the values the job's own page shows.
Pure functions over jobs the view fetched: no queries except `field_questions()` and
`experience_question()`.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Prefetch

from roles.compare.chart import outlook_category, outlook_words
from roles.discover.interests import (
    BY_VALUE,
    INTERESTS,
    MOST_CHOSEN,
    NUMBER_WORDS,
    code_names,
    has_profile,
    interest_fit,
    scores_phrase,
    shared_count_phrase,
)
from roles.models import (
    EducationLevel,
    FigureMetric,
    FitOption,
    FitQuestion,
    OccupationRelation,
    Qualification,
    QualificationLevel,
)

# How many of the best matches the results page links to as one comparison, and lists.
COMPARED_MATCHES = 3
SHOWN_MATCHES = 20
# The address's name for "every occupation", and for the answer that matters most.
ANY_FIELD = "any"
FIRST = "first"
# The answer that matters most counts this many times in the overall score.
FIRST_MULTIPLIER = 2
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
    description: str = ""
    exclusive: bool = False  # a checkbox that cannot be ticked with another ("None of these")
    must: bool = False  # a job that doesn't fit this answer ranks below every job that does
    needs_figure: bool = False  # a job without data for it ranks below every job with data


@dataclass(frozen=True)
class Question:
    name: str
    legend: str
    topic: str
    options: tuple
    hint: str = ""
    weight: int = 0  # a field question's weight; the shared questions weigh their own answers
    kind_groups: tuple = ()  # (phrase, kind ids) per work-mix share the question is about
    most_chosen: int = 1  # more than one makes it a question of checkboxes

    def option(self, value):
        return next((option for option in self.options if option.value == value), None)

    @property
    def about_duties(self):
        return bool(self.kind_groups)

    @property
    def multiple(self):
        return self.most_chosen > 1


INTERESTS_QUESTION = Question(
    "interests",
    "Which kinds of work interest you? Pick up to three.",
    "Interests",
    tuple(
        Option(interest.value, interest.name, description=interest.explanation)
        for interest in INTERESTS
    ),
    hint="These are the six interest types O*NET uses to describe every occupation.",
    most_chosen=MOST_CHOSEN,
)
# Named "education" since the helper first asked about education: old addresses keep working.
PREPARATION = Question(
    "education",
    "How much more preparation will you do for a new job?",
    "Preparation",
    (
        Option("none", "Little or none: a few weeks of training on the job"),
        Option(
            "short", "A few months to a year of training, such as a short course or certificate"
        ),
        Option(
            "associate",
            "One or two years: vocational school, an apprenticeship or an associate degree",
        ),
        Option("bachelor", "A bachelor's degree"),
        Option("graduate", "A graduate degree: a master's, law, medical or doctoral degree"),
    ),
    hint="We assume a high school diploma or equivalent. If you already hold a degree, "
    "choose that level.",
)
PAY = Question(
    "pay",
    "How much does pay matter to you?",
    "Pay",
    (
        # "Top priority": a job whose pay nobody publishes cannot be shown to meet it.
        Option("high", "A lot: it's a top priority", needs_figure=True),
        Option("moderate", "Somewhat"),
        Option("low", "Not much"),
    ),
)
OUTLOOK = Question(
    "outlook",
    "How much does it matter that the job is growing?",
    "Outlook",
    (
        Option("high", "A lot: I want work that's projected to grow"),
        Option("moderate", "Somewhat"),
        Option("low", "Not much"),
    ),
    hint="Our sources project employment growth for the guide's own roles only; other "
    "occupations show “No projection in our sources”.",
)
REMOTE = Question(
    "remote",
    "How important is working remotely?",
    "Remote work",
    (
        Option("essential", "It's a must", must=True),
        Option("nice", "Nice to have"),
        Option("unimportant", "It doesn't matter"),
    ),
)
SHARED_QUESTIONS = (INTERESTS_QUESTION, PREPARATION, PAY, OUTLOOK)
# Work settings are the guide's own data: only its roles have them.
ROLE_QUESTIONS = (REMOTE,)
# The experience question's name in the address, and its answer for a reader with none of them.
EXPERIENCE = "experience"
NO_EXPERIENCE = "none"
# Address names a field's own question cannot take (an editor's question with one is left out).
TAKEN_NAMES = {"field", FIRST, "page", EXPERIENCE} | {
    q.name for q in (*SHARED_QUESTIONS, *ROLE_QUESTIONS)
}
# The levels at which a role's experience counts: the reader is asked about these only.
ASKED_LEVELS = (QualificationLevel.REQUIRED, QualificationLevel.PREFERRED)

# The most each preparation answer covers: an O*NET Job Zone (for occupations) and a typical
# entry education (for the guide's roles, as their pages give it).
PREPARATION_REACH = {
    "none": (1, EducationLevel.HIGH_SCHOOL),
    "short": (2, EducationLevel.POSTSECONDARY_NONDEGREE),
    "associate": (3, EducationLevel.ASSOCIATE),
    "bachelor": (4, EducationLevel.BACHELOR),
    "graduate": (5, EducationLevel.DOCTORAL),
}
# O*NET's Job Zones in our own words.
JOB_ZONE_WORDS = {
    1: "little or no preparation, from a few days to a few months of training",
    2: "some preparation, usually a high school diploma and up to a year of training",
    3: "medium preparation, usually one or two years of training, vocational school or an "
    "associate degree",
    4: "considerable preparation, usually a bachelor's degree",
    5: "extensive preparation, usually a graduate degree",
}
INTERESTS_WEIGHT = 3
PREPARATION_WEIGHT = 3
# Experience a job asks for before you start is an entry requirement, as preparation is.
EXPERIENCE_WEIGHT = 3
# Pay, outlook and remote count as much as the reader says they matter ("not much" and "doesn't
# matter" still show the facts, but score nothing).
ANSWER_WEIGHTS = {
    PAY.name: {"high": 2, "moderate": 1, "low": 0},
    OUTLOOK.name: {"high": 2, "moderate": 1, "low": 0},
    REMOTE.name: {"essential": 3, "nice": 1, "unimportant": 0},
}
FIXED_WEIGHTS = {
    INTERESTS_QUESTION.name: INTERESTS_WEIGHT,
    PREPARATION.name: PREPARATION_WEIGHT,
    EXPERIENCE: EXPERIENCE_WEIGHT,
}
# How well each of BLS's outlook categories (the words the role pages give) fits a reader who
# wants growing work: "as fast as average" is a partial fit, anything slower a poor one.
OUTLOOK_FITS = {
    "much-faster-than-average": 1.0,
    "faster-than-average": 0.8,
    "as-fast-as-average": 0.5,
    "slower-than-average": 0.25,
    "little-or-no-change": 0.1,
    "decline": 0.0,
}
# A projection of another period has no category here: its growth (percent over ten years)
# scores 0 at this decline or worse, rising evenly to 1 at this growth or better.
GROWTH_FLOOR, GROWTH_CEILING = Decimal(-2), Decimal(6)


def answer_weight(question, answer):
    """How much an answer counts in the overall score (before the one that matters most doubles)."""
    if question.name in ANSWER_WEIGHTS:
        return ANSWER_WEIGHTS[question.name][answer]
    return FIXED_WEIGHTS.get(question.name, question.weight)


# --- Which jobs are ranked ----------------------------------------------------------------------


@dataclass
class Scope:
    """The jobs the reader asked to rank: a curated field's roles, one major group's occupations,
    or every occupation (`career_field` None)."""

    career_field: object = None
    unknown_field: bool = False

    @property
    def ranks_roles(self):
        return self.career_field is not None and not self.career_field.is_major_group

    @property
    def description(self):
        if self.career_field is None:
            return "every occupation in the catalog"
        if self.ranks_roles:
            return f"the guide’s roles in {self.career_field.name.lower()}"
        return f"the occupations in {self.career_field.name}"


def choose_scope(query, fields):
    """The scope the address asks for, among `fields` (curated fields and major groups).

    Without a choice, the guide's one curated field if it has exactly one, else every occupation;
    a field the reader may not rank is reported and the default used.
    """
    value = query.get("field", "")
    if value == ANY_FIELD:
        return Scope()
    chosen = next((career_field for career_field in fields if career_field.slug == value), None)
    if chosen is not None:
        return Scope(chosen)
    curated = [career_field for career_field in fields if not career_field.is_major_group]
    return Scope(curated[0] if len(curated) == 1 else None, unknown_field=bool(value))


# --- Questions and answers ----------------------------------------------------------------------


def field_questions(career_field):
    """A field's own questions with their answers and duty kinds: three queries, or none without
    a curated field."""
    if career_field is None or career_field.is_major_group:
        return []
    stored = FitQuestion.objects.filter(field=career_field).prefetch_related(
        Prefetch("options", queryset=FitOption.objects.prefetch_related("kinds"))
    )
    questions = [question_from(stored_question) for stored_question in stored]
    return [
        question for question in questions if question.options and question.name not in TAKEN_NAMES
    ]


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


def experience_question(roles):
    """The experience question for a field's `roles` (a queryset; one query), or None when none of
    them requires or prefers any experience, or without roles.

    Its answers are the kinds of experience the roles ask for, as their pages name them, and
    "None of these yet"; a reader ticks what they have.
    """
    if roles is None:
        return None
    asked = (
        Qualification.objects.filter(
            kind=Qualification.Kind.EXPERIENCE,
            role_qualifications__role__in=roles,
            role_qualifications__level__in=ASKED_LEVELS,
        )
        .distinct()
        .order_by("name")
    )
    options = tuple(
        Option(qualification.slug, qualification.name, description=qualification.description)
        for qualification in asked
        if qualification.slug != NO_EXPERIENCE
    )
    if not options:
        return None
    return Question(
        EXPERIENCE,
        "Which of these kinds of experience do you already have?",
        "Experience",
        (*options, Option(NO_EXPERIENCE, "None of these yet", exclusive=True)),
        hint="Some jobs require or prefer experience before you start; their pages list it under "
        "Qualifications. Tick each kind you have.",
        most_chosen=len(options) + 1,
    )


def questions_for(scope, own_questions, experience=None):
    """Every question asked: a curated field's own, then the shared ones (for roles, the
    experience question after preparation, and remote work, which their work settings answer)."""
    if scope.ranks_roles:
        entry = (PREPARATION, experience) if experience is not None else (PREPARATION,)
        return (*own_questions, INTERESTS_QUESTION, *entry, PAY, OUTLOOK, *ROLE_QUESTIONS)
    return SHARED_QUESTIONS


@dataclass
class Problem:
    """An answer we could not use, and what the reader should know about it."""

    question: object
    message: str


def _unusable(question):
    return Problem(
        question,
        f"We couldn't use your answer to “{question.legend}”, so it doesn't count. "
        "Choose one of the listed answers below.",
    )


def read_answers(query, questions):
    """The recognised answers in a query string, and the answers we had to ignore.

    A blank or missing answer means the question was skipped. For a one-answer question, an
    unknown value or two different values are ignored and reported; for interests, unknown values
    are left out and more than three choices ignored, each with a note. Interests are kept in
    O*NET's order.
    """
    answers = {}
    problems = []
    for question in questions:
        values = list(dict.fromkeys(value for value in query.getlist(question.name) if value))
        if not values:
            continue
        if not question.multiple:
            if len(values) == 1 and question.option(values[0]):
                answers[question.name] = values[0]
            else:
                problems.append(_unusable(question))
            continue
        known = [option.value for option in question.options if option.value in values]
        if not known:
            problems.append(_unusable(question))
            continue
        ticked_alone = [
            option.label
            for option in question.options
            if option.exclusive and option.value in known
        ]
        if ticked_alone and len(known) > 1:
            problems.append(
                Problem(
                    question,
                    f"You ticked “{ticked_alone[0]}” with another answer to “{question.legend}”, "
                    "so this answer doesn't count yet.",
                )
            )
            continue
        if len(known) < len(values):
            problems.append(
                Problem(
                    question,
                    f"Part of your answer to “{question.legend}” isn't one of the listed "
                    "answers, so only the rest counts.",
                )
            )
        if len(known) > question.most_chosen:
            problems.append(
                Problem(
                    question,
                    f"You picked {len(known)} answers to “{question.legend}”: pick no more "
                    f"than {NUMBER_WORDS[question.most_chosen]}, so this answer doesn't count yet.",
                )
            )
            continue
        answers[question.name] = tuple(known)
    return answers, problems


def read_first(query, questions, answers):
    """The question whose answer the reader says matters most, or None; and a note if we had to
    ignore what they said."""
    values = {value for value in query.getlist(FIRST) if value}
    if not values:
        return None, None
    question = next((q for q in questions if q.name in values), None)
    if len(values) > 1 or question is None:
        return None, Problem(
            None,
            "We couldn't use your answer to “Which of your answers matters most?”, so no answer "
            "is put first.",
        )
    if question.name not in answers:
        return None, Problem(
            question,
            f"You said “{question.topic}” matters most but didn't answer that question, so no "
            "answer is put first.",
        )
    if not answer_weight(question, answers[question.name]):
        return None, Problem(
            question,
            f"You said “{question.topic}” matters most but also that it doesn't matter much, so "
            "no answer is put first.",
        )
    return question, None


def all_skipped(query, questions, answers, problems):
    """True when the form was sent with every question left blank."""
    return not answers and not problems and any(q.name in query for q in questions)


@dataclass
class FormQuestion:
    question: Question
    chosen: object  # the chosen value, or a tuple of them for interests; "" when unanswered


def form_questions(questions, answers):
    """The questions with the reader's current answer, to pre-select in the form."""
    return [
        FormQuestion(question, answers.get(question.name, () if question.multiple else ""))
        for question in questions
    ]


# --- What each job offers -----------------------------------------------------------------------


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
class JobFacts:
    """What the ranking reads of one role or occupation: the values its scores come from.

    `job` is the fetched Role, or for an occupation, its page's data once `explain()` has it (the
    ranking reads every occupation as plain values, `OCCUPATION_VALUES`).
    """

    job: object
    pk: int
    title: str
    slug: str
    is_curated: bool
    interests: dict
    interest_code: str
    job_zone: int | None = None  # an occupation's O*NET Job Zone
    entry_education: int | None = None  # a role's typical entry education
    pay: Decimal | None = None  # median annual pay
    growth: Decimal | None = None  # projected employment growth, percent
    outlook: object = None  # BLS's category for that growth, where the guide holds them
    duties: DutyMix | None = None
    settings: list = field(default_factory=list)
    qualifications: list | None = None  # a role's, most demanding level first
    experience: list = field(default_factory=list)  # its RoleQualifications of kind experience

    @classmethod
    def of_role(cls, role):
        """A role fetched with its occupation, duties, figures, qualifications and work settings."""
        occupation = role.occupation
        figures = role.figures_by_metric()
        # The pay its page and cards show.
        pay = role.headline_pay()
        growth = figures.get(FigureMetric.GROWTH)
        qualifications = sorted(role.role_qualifications.all(), key=lambda rq: rq.sort_key)
        return cls(
            job=role,
            pk=role.pk,
            title=role.title,
            slug=role.slug,
            is_curated=True,
            interests=occupation.interests if occupation is not None else {},
            interest_code=occupation.interest_code if occupation is not None else "",
            entry_education=role.entry_education,
            pay=pay.value if pay is not None else None,
            growth=growth.value if growth is not None else None,
            outlook=outlook_category(growth),
            duties=DutyMix.of(role),
            settings=list(role.work_settings.all()),
            qualifications=qualifications,
            experience=[
                rq
                for rq in qualifications
                if rq.qualification.kind == Qualification.Kind.EXPERIENCE
            ],
        )

    @classmethod
    def of_occupation(cls, values):
        """An occupation fetched as `OCCUPATION_VALUES`."""
        pay = values["wage_estimate__median_annual"]
        return cls(
            job=None,
            pk=values["pk"],
            title=values["title"],
            slug=values["slug"],
            is_curated=False,
            interests=values["interests"] or {},
            interest_code=values["interest_code"],
            job_zone=values["job_zone__number"],
            pay=Decimal(pay) if pay is not None else None,
        )

    @property
    def remote_settings(self):
        return [setting for setting in self.settings if setting.is_remote]

    @property
    def required_experience(self):
        return [
            rq.qualification.name
            for rq in self.experience
            if rq.level == QualificationLevel.REQUIRED
        ]

    def level(self, question, option):
        """How much of the answer's duty kinds the role has, 0 to 1 (the smallest share for a
        balanced answer, so a role must have some of each)."""
        if not option.balanced:
            return self.duties.share(option.kinds)
        groups = [ids & option.kinds for _, ids in question.kind_groups]
        return min((self.duties.share(ids) for ids in groups if ids), default=0.0)


# What the ranking reads of every occupation in scope: plain values, not model instances, so
# ranking the whole catalogue stays fast. The matches shown are then fetched in full.
OCCUPATION_VALUES = (
    "pk",
    "title",
    "slug",
    "interests",
    "interest_code",
    "job_zone__number",
    "wage_estimate__median_annual",
)


@dataclass
class Peers:
    """What each job is measured against: the others being ranked."""

    all_facts: list
    pays: list  # every annual median among the jobs ranked, lowest first
    tops: dict = field(default_factory=dict)

    @classmethod
    def of(cls, all_facts):
        return cls(all_facts, sorted(facts.pay for facts in all_facts if facts.pay is not None))

    def pay_level(self, value):
        """Where a median sits among the jobs ranked with one, 0 (lowest) to 1 (highest); ties
        share the middle of their places. Half when there is nothing to compare it with."""
        if self.pays[0] == self.pays[-1]:
            return NEUTRAL_FIT
        below = bisect_left(self.pays, value)
        level_with = bisect_right(self.pays, value) - below - 1
        return (below + level_with / 2) / (len(self.pays) - 1)

    def top_level(self, question, option):
        key = (question.name, option.value)
        if key not in self.tops:
            self.tops[key] = max(
                (facts.level(question, option) for facts in self.all_facts if facts.duties),
                default=0.0,
            )
        return self.tops[key]


def relative_to(value, top):
    """`value` on a 0-1 scale where 1 is the highest among the roles ranked."""
    return value / top if top else 0.0


def closeness(level, target):
    """1 when `level` is the `target`, falling to 0 at the far end of the 0-1 scale."""
    return 1 - abs(level - target) / max(target, 1 - target)


# --- How well each job fits each answer: 0 to 1, or None without data ---------------------------


def duties_fit(question, facts, answer, peers):
    """A field question: how close the role's share of the answer's duty kinds is to the wish."""
    if not facts.duties.total_count:
        return None
    option = question.option(answer)
    level = relative_to(facts.level(question, option), peers.top_level(question, option))
    return closeness(level, WANTED_LEVEL.get(option.amount, 1.0))


def interests_fit(facts, answer, peers):
    return interest_fit(facts.interests, [BY_VALUE[value].letter for value in answer])


def preparation_fit(facts, answer, peers):
    most_zone, most_education = PREPARATION_REACH[answer]
    if facts.is_curated:
        return 1.0 if facts.entry_education <= most_education else 0.0
    if facts.job_zone is None:
        return None
    return 1.0 if facts.job_zone <= most_zone else 0.0


def pay_fit(facts, answer, peers):
    return None if facts.pay is None else peers.pay_level(facts.pay)


def outlook_fit(facts, answer, peers):
    if facts.growth is None:
        return None
    if facts.outlook is not None:
        return OUTLOOK_FITS[facts.outlook.slug]
    level = (facts.growth - GROWTH_FLOOR) / (GROWTH_CEILING - GROWTH_FLOOR)
    return float(min(max(level, Decimal(0)), Decimal(1)))


def experience_fit(facts, answer, peers):
    """Poor when the role requires experience the reader lacks, partial when it prefers some."""
    if not facts.qualifications:
        return None
    lacking = {rq.level for rq in facts.experience if rq.qualification.slug not in answer}
    if QualificationLevel.REQUIRED in lacking:
        return 0.0
    if QualificationLevel.PREFERRED in lacking:
        return 0.5
    return 1.0


def remote_fit(facts, answer, peers):
    if not facts.settings:
        return None
    return 1.0 if facts.remote_settings else 0.0


SHARED_FITS = {
    INTERESTS_QUESTION.name: interests_fit,
    PREPARATION.name: preparation_fit,
    PAY.name: pay_fit,
    OUTLOOK.name: outlook_fit,
    EXPERIENCE: experience_fit,
    REMOTE.name: remote_fit,
}


def fit_of(question, facts, answer, peers):
    if question.about_duties:
        return duties_fit(question, facts, answer, peers)
    return SHARED_FITS[question.name](facts, answer, peers)


# --- Reasons ------------------------------------------------------------------------------------

VERDICT_LABELS = {
    "info": "Doesn't count",
    "unknown": "No data",
    "good": "Good fit",
    "partial": "Partial fit",
    "poor": "Poor fit",
}
# Jobs are ranked first by their verdict on the answer that matters most, in this order.
VERDICT_ORDER = {"good": 0, "partial": 1, "poor": 2, "unknown": 3, "info": 3}


@dataclass
class Reason:
    """One answer's part in a job's match; `explain()` adds what the job's data says about it."""

    question: Question
    answer: object
    fit: float  # 0 to 1; nothing without data
    weight: int
    has_data: bool = True
    matters_most: bool = False
    text: str = ""
    figure: object = None
    figure_label: str = ""
    figure_words: str = ""  # what the figure means, in its source's words: "slower than average"
    show_population: bool = False

    @property
    def counted_weight(self):
        return self.weight * (FIRST_MULTIPLIER if self.matters_most else 1)

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
        return VERDICT_LABELS[self.verdict]

    @property
    def option(self):
        """The chosen answer of a one-answer question."""
        return None if self.question.multiple else self.question.option(self.answer)

    @property
    def misses_a_must(self):
        return self.option is not None and self.option.must and self.verdict != "good"

    @property
    def lacks_a_needed_figure(self):
        return self.option is not None and self.option.needs_figure and not self.has_data


def describe_duties(reason, facts, peers):
    duties = facts.duties
    if not duties.total_count:
        reason.text = "It lists no duties yet."
        return
    phrases = [
        duties.describe(ids, phrase, first=index == 0)
        for index, (phrase, ids) in enumerate(reason.question.kind_groups)
    ]
    reason.text = "; ".join(phrases) + "."


def describe_interests(reason, facts, peers):
    job = facts.job
    occupation = job.occupation if facts.is_curated else job
    if occupation is None:
        reason.text = (
            "This role is not linked to an O*NET occupation, so it has no interest profile."
        )
        return
    whose = "this occupation"
    if facts.is_curated:
        nearest = "nearest " if job.occupation_relation == OccupationRelation.NEAREST else ""
        whose = f"its {nearest}occupation, {occupation.title},"
    if not has_profile(facts.interests):
        reason.text = f"O*NET has no interest profile for {whose.rstrip(',')}."
        return
    letters = [BY_VALUE[value].letter for value in reason.answer]
    code = facts.interest_code
    if not code:
        about = f"O*NET gives {whose.rstrip(',')} no interest code"
    elif facts.is_curated:
        about = f"{whose[0].upper()}{whose[1:]} has interest code {code}"
    else:
        about = f"Interest code {code}"
    if code:
        about += f": {code_names(code)} — {shared_count_phrase(code, letters)}"
    reason.text = f"{about} ({scores_phrase(facts.interests, letters)})."


def describe_preparation(reason, facts, peers):
    verdict = "within what you said you'd do" if reason.fit else "more than you said you'd do"
    job = facts.job
    if facts.is_curated:
        what = f"Typical entry education: {job.get_entry_education_display()}"
    elif job.job_zone is None:
        reason.text = "O*NET gives this occupation no Job Zone."
        return
    else:
        zone = job.job_zone
        words = JOB_ZONE_WORDS.get(zone.number) or zone.short_name.lower()
        what = f"Job Zone {zone.number}: {words}"
    reason.text = f"{what} — {verdict}."


def describe_pay(reason, facts, peers):
    figures = facts.job.figures_by_metric()
    figure = facts.job.headline_pay() if facts.is_curated else figures.get(FigureMetric.MEDIAN_PAY)
    if figure is None:
        hourly = figures.get("median_hourly")
        if hourly is not None:
            reason.figure, reason.figure_label = hourly, "Median hourly pay"
            reason.show_population = hourly.broader
            reason.text = (
                "BLS publishes hourly pay only for this occupation, so it has no annual median "
                "to rank by."
            )
            return
        whose = "role" if facts.is_curated else "occupation"
        reason.text = f"There is no published pay figure for this {whose}."
        return
    reason.figure, reason.figure_label = figure, "Median pay"
    # A role's figures always cover an occupation, never the role alone; say which.
    reason.show_population = facts.is_curated or figure.broader
    if len(peers.pays) == 1:
        reason.text = "The only job ranked here with a pay figure."
    elif peers.pays[0] == peers.pays[-1]:
        reason.text = "The same as every other job ranked with a pay figure."
    else:
        if reason.fit >= 2 / 3:
            standing = "Towards the top"
        elif reason.fit > 1 / 3:
            standing = "In the middle"
        else:
            standing = "Towards the bottom"
        count = intcomma(len(peers.pays))
        reason.text = f"{standing} of the {count} jobs ranked with a pay figure."


def describe_outlook(reason, facts, peers):
    figure = facts.job.figures_by_metric().get(FigureMetric.GROWTH) if facts.is_curated else None
    if figure is None:
        reason.text = "No projection in our sources."
        return
    # As the role page's quick facts put it: "Job outlook: slower than average".
    reason.figure, reason.figure_label = figure, "Job outlook"
    reason.figure_words = outlook_words(figure).lower()
    reason.show_population = True


def describe_experience(reason, facts, peers):
    """Each kind of experience the role lists, at its page's level, and whether the reader has
    it: "Required: Experience in a law office — you don't have it yet"."""
    if not facts.qualifications:
        reason.text = "It lists no qualifications yet."
        return
    if not facts.experience:
        reason.text = "It asks for no experience."
        return
    parts = []
    for rq in facts.experience:
        part = f"{rq.get_level_display()}: {rq.qualification.name}"
        if rq.level in ASKED_LEVELS:
            has = rq.qualification.slug in reason.answer
            part += " — you have it" if has else " — you don't have it yet"
        parts.append(part)
    reason.text = "; ".join(parts) + "."


def describe_remote(reason, facts, peers):
    if facts.remote_settings:
        names = ", ".join(setting.name for setting in facts.remote_settings)
        reason.text = f"{names} is one of its work settings."
    elif not facts.settings:
        reason.text = "It lists no work settings yet."
    else:
        names = ", ".join(setting.name for setting in facts.settings)
        reason.text = f"None of its work settings is remote ({names})."


DESCRIBERS = {
    INTERESTS_QUESTION.name: describe_interests,
    PREPARATION.name: describe_preparation,
    PAY.name: describe_pay,
    OUTLOOK.name: describe_outlook,
    EXPERIENCE: describe_experience,
    REMOTE.name: describe_remote,
}


# --- Ranking ------------------------------------------------------------------------------------


@dataclass
class Match:
    facts: JobFacts
    reasons: list = field(default_factory=list)
    first: Reason | None = None  # the reason for the answer that matters most
    # Experience the job requires, shown when the reader skipped the experience question.
    unasked_requirements: list = field(default_factory=list)

    @property
    def job(self):
        return self.facts.job

    @property
    def score(self):
        """The weighted share of the answers this job fits, 0 to 1; None if no answer counts."""
        total = sum(reason.counted_weight for reason in self.reasons)
        if not total:
            return None
        return sum(reason.fit * reason.counted_weight for reason in self.reasons) / total

    @property
    def percent(self):
        score = self.score
        return None if score is None else round(100 * score)

    @property
    def sort_key(self):
        """Fit on the answer that matters most; then whether the job meets every must; then, for
        a top priority such as pay, whether the job has data for it; then the overall score,
        then the title."""
        return (
            VERDICT_ORDER[self.first.verdict] if self.first is not None else 0,
            any(reason.misses_a_must for reason in self.reasons),
            any(reason.lacks_a_needed_figure for reason in self.reasons),
            -(self.score or 0),
            self.facts.title,
            self.facts.slug,
        )


@dataclass
class Ranking:
    matches: list
    peers: Peers
    rules: list = field(default_factory=list)  # how the order departs from the score, in words


def ranking_rules(questions, answers, first):
    """What puts a job above one with a higher score, besides the answer that matters most
    (the page says that itself), as sentences for the reader."""
    chosen = [
        (question.topic.lower(), question.option(answers[question.name]))
        for question in questions
        if not question.multiple and question.name in answers and question != first
    ]
    # In the order `Match.sort_key` applies them.
    rules = [
        f"jobs that fit your answer on {topic} come before those that don't, since you said "
        "it's a must."
        for topic, option in chosen
        if option.must
    ] + [
        f"jobs with a published {topic} figure come before those without one, since you said "
        f"{topic} is a top priority."
        for topic, option in chosen
        if option.needs_figure
    ]
    return [
        f"After that, {rule}" if first is not None or index else rule[0].upper() + rule[1:]
        for index, rule in enumerate(rules)
    ]


def rank_jobs(all_facts, questions, answers, first=None):
    """Every job scored on each answer, best match first (see `Match.sort_key`)."""
    peers = Peers.of(all_facts)
    asked = [question for question in questions if question.name in answers]
    weights = {question.name: answer_weight(question, answers[question.name]) for question in asked}
    matches = []
    for facts in all_facts:
        match = Match(facts)
        for question in asked:
            answer = answers[question.name]
            fit = fit_of(question, facts, answer, peers)
            reason = Reason(
                question,
                answer,
                fit or 0.0,
                weights[question.name],
                has_data=fit is not None,
                matters_most=first is not None and question.name == first.name,
            )
            if reason.matters_most:
                match.first = reason
            match.reasons.append(reason)
        if EXPERIENCE not in answers and facts.is_curated:
            match.unasked_requirements = facts.required_experience
        matches.append(match)
    matches.sort(key=lambda match: match.sort_key)
    return Ranking(matches, peers, ranking_rules(asked, answers, first))


def explain(matches, ranking, jobs=None):
    """The matches with their reasons put in words from each job's data.

    `jobs` by pk are the occupations fetched in full for the matches shown (a role's facts hold
    it already); one gone since it was ranked is left out.
    """
    explained = []
    for match in matches:
        if jobs is not None:
            match.facts.job = jobs.get(match.facts.pk)
            if match.facts.job is None:
                continue
        explained.append(match)
        for reason in match.reasons:
            if reason.question.about_duties:
                describe_duties(reason, match.facts, ranking.peers)
            else:
                DESCRIBERS[reason.question.name](reason, match.facts, ranking.peers)
    return explained


def slugs_to_compare(matches):
    """The best matches worth opening side by side, or nothing when there are fewer than two."""
    best = matches[:COMPARED_MATCHES]
    return [match.facts.slug for match in best] if len(best) >= 2 else []
