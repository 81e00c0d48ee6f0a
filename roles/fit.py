"""The fit helper: a few questions a career-changer answers, and roles ranked by how their data fits.

Every score comes from a role's own data (duty kinds and emphasis, typical entry education, median
pay figure, work settings), measured against the other roles being ranked, so a role an editor adds
is scored like the rest without code changes. These are pure functions over roles prefetched with
`roles.comparison.role_profile_prefetches()`.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify

from roles.comparison import EMPHASIS_WEIGHT, SUBSTANTIVE_KINDS, figures_by_metric
from roles.models import Duty, EducationLevel, Emphasis, LabourFigure

LEGAL_KINDS = SUBSTANTIVE_KINDS
OFFICE_KINDS = (Duty.Kind.ADMINISTRATIVE,)
CLIENT_KINDS = (Duty.Kind.CLIENT,)
COORDINATION_KINDS = (Duty.Kind.COORDINATION,)
# A work setting whose slug or name contains one of these is a way of working remotely.
REMOTE_MARKERS = ("remote", "work-from-home", "home-based", "telework")
# How many of the best matches the results page links to as one comparison.
COMPARED_MATCHES = 3
NEUTRAL_FIT = 0.5


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    name: str
    legend: str
    topic: str
    options: tuple
    hint: str = ""

    def option(self, value):
        return next((option for option in self.options if option.value == value), None)


WORK = Question(
    "work",
    "What would you rather spend most of your day on?",
    "Legal or office work",
    (
        Option("legal", "Legal work and research: drafting, digging into facts and the law"),
        Option("mix", "A mix of legal work and office work"),
        Option("office", "Keeping the office running: documents, files, schedules, billing"),
    ),
)
CLIENTS = Question(
    "clients",
    "How much contact with clients do you want?",
    "Client contact",
    (
        Option("lots", "A lot: talking to clients should be a big part of the job"),
        Option("some", "Some"),
        Option("little", "As little as possible"),
    ),
)
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
COORDINATION = Question(
    "coordination",
    "Do you enjoy juggling deadlines, calendars and people?",
    "Coordination",
    (
        Option("yes", "Yes, I like keeping many things moving"),
        Option("some", "Some is fine"),
        Option("no", "I'd rather focus on one thing at a time"),
    ),
)
QUESTIONS = (WORK, CLIENTS, EDUCATION, PAY, REMOTE, COORDINATION)

# The highest typical entry education each answer covers.
EDUCATION_REACH = {
    "none": EducationLevel.HIGH_SCHOOL,
    "short": EducationLevel.POSTSECONDARY_NONDEGREE,
    "associate": EducationLevel.ASSOCIATE,
    "bachelor": EducationLevel.BACHELOR,
}
# How much each question counts in the overall match; pay and remote count as much as the reader
# says they matter ("not much" and "doesn't matter" still show the facts, but score nothing).
QUESTION_WEIGHT = {"work": 3, "education": 3, "clients": 2, "coordination": 2}
PAY_WEIGHT = {"high": 2, "moderate": 1, "low": 0}
REMOTE_WEIGHT = {"essential": 3, "nice": 1, "unimportant": 0}


def read_answers(query):
    """The recognised answers in a query string, and the questions whose answer we had to ignore.

    A blank or missing answer means the question was skipped; an unknown value, or two different
    values for one question, is ignored and reported.
    """
    answers = {}
    ignored = []
    for question in QUESTIONS:
        values = {value for value in query.getlist(question.name) if value != ""}
        if not values:
            continue
        value = values.pop() if len(values) == 1 else None
        if value is not None and question.option(value):
            answers[question.name] = value
        else:
            ignored.append(question)
    return answers, ignored


def all_skipped(query, answers, ignored):
    """True when the form was sent with every question left blank."""
    return not answers and not ignored and any(q.name in query for q in QUESTIONS)


@dataclass
class FormQuestion:
    question: Question
    chosen: str


def form_questions(answers):
    """The questions with the reader's current answer, to pre-select in the form."""
    return [FormQuestion(question, answers.get(question.name, "")) for question in QUESTIONS]


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
            kind = role_duty.duty.kind
            counts[kind] = counts.get(kind, 0) + 1
            if role_duty.emphasis == Emphasis.CORE:
                core_counts[kind] = core_counts.get(kind, 0) + 1
            weights[kind] = weights.get(kind, 0) + EMPHASIS_WEIGHT.get(role_duty.emphasis, 1)
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


def is_remote_setting(setting):
    words = f"{setting.slug} {slugify(setting.name)}"
    return any(marker in words for marker in REMOTE_MARKERS)


@dataclass
class RoleFacts:
    """What the fit helper reads from one prefetched role."""

    role: object
    duties: DutyMix
    median_pay: LabourFigure | None
    settings: list
    remote_settings: list

    @classmethod
    def of(cls, role):
        settings = list(role.work_settings.all())
        return cls(
            role=role,
            duties=DutyMix.of(role),
            median_pay=figures_by_metric(role).get(LabourFigure.Metric.MEDIAN_PAY),
            settings=settings,
            remote_settings=[setting for setting in settings if is_remote_setting(setting)],
        )

    @property
    def legal_share(self):
        return self.duties.share(LEGAL_KINDS)

    @property
    def office_share(self):
        return self.duties.share(OFFICE_KINDS)

    @property
    def mixed_share(self):
        """How much of the day is both legal and office work: the smaller of the two shares."""
        return min(self.legal_share, self.office_share)


@dataclass
class Peers:
    """The highest and lowest values among the roles being ranked, to scale each role against."""

    top_legal: float
    top_office: float
    top_mixed: float
    top_client: float
    top_coordination: float
    lowest_pay: float | None
    highest_pay: float | None

    @classmethod
    def of(cls, all_facts):
        pays = [float(facts.median_pay.value) for facts in all_facts if facts.median_pay]
        return cls(
            top_legal=max((facts.legal_share for facts in all_facts), default=0.0),
            top_office=max((facts.office_share for facts in all_facts), default=0.0),
            top_mixed=max((facts.mixed_share for facts in all_facts), default=0.0),
            top_client=max((f.duties.share(CLIENT_KINDS) for f in all_facts), default=0.0),
            top_coordination=max(
                (f.duties.share(COORDINATION_KINDS) for f in all_facts), default=0.0
            ),
            lowest_pay=min(pays, default=None),
            highest_pay=max(pays, default=None),
        )


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
    figure: LabourFigure | None = None
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


def work_reason(facts, answer, peers):
    duties = facts.duties
    if not duties.total_count:
        return _no_data(WORK, QUESTION_WEIGHT["work"], "It lists no duties yet.")
    if answer == "legal":
        fit = relative_to(facts.legal_share, peers.top_legal)
    elif answer == "office":
        fit = relative_to(facts.office_share, peers.top_office)
    else:
        fit = relative_to(facts.mixed_share, peers.top_mixed)
    legal = duties.describe(LEGAL_KINDS, "substantive legal work or research")
    office = duties.describe(OFFICE_KINDS, "administrative or clerical", first=False)
    return Reason(WORK, fit, QUESTION_WEIGHT["work"], f"{legal}; {office}.")


def _duty_amount_reason(question, facts, kinds, what, top, wanted_level):
    """How close the role's share of these duties (1 = the most of any role) is to what's wanted."""
    duties = facts.duties
    weight = QUESTION_WEIGHT[question.name]
    if not duties.total_count:
        return _no_data(question, weight, "It lists no duties yet.")
    fit = closeness(relative_to(duties.share(kinds), top), wanted_level)
    return Reason(question, fit, weight, f"{duties.describe(kinds, what)}.")


def clients_reason(facts, answer, peers):
    wanted_level = {"lots": 1.0, "some": 0.5, "little": 0.0}[answer]
    return _duty_amount_reason(
        CLIENTS, facts, CLIENT_KINDS, "client communication", peers.top_client, wanted_level
    )


def coordination_reason(facts, answer, peers):
    wanted_level = {"yes": 1.0, "some": 0.5, "no": 0.0}[answer]
    return _duty_amount_reason(
        COORDINATION,
        facts,
        COORDINATION_KINDS,
        "coordination and case management",
        peers.top_coordination,
        wanted_level,
    )


def education_reason(facts, answer, peers):
    role = facts.role
    within = role.entry_education <= EDUCATION_REACH[answer]
    verdict = "within what you said you'd do" if within else "more than you said you'd do"
    return Reason(
        EDUCATION,
        1.0 if within else 0.0,
        QUESTION_WEIGHT["education"],
        f"Typical entry education: {role.get_entry_education_display()} — {verdict}.",
    )


def pay_reason(facts, answer, peers):
    weight = PAY_WEIGHT[answer]
    figure = facts.median_pay
    if figure is None:
        return _no_data(
            PAY, weight, "There is no published pay figure for this role, so pay counts neutrally."
        )
    spread = (peers.highest_pay or 0) - (peers.lowest_pay or 0)
    if spread <= 0:
        return Reason(
            PAY, NEUTRAL_FIT, weight, "The same as every other role with a figure.", figure
        )
    level = (float(figure.value) - peers.lowest_pay) / spread
    if level >= 2 / 3:
        standing = "Towards the top of the roles with a pay figure."
    elif level > 1 / 3:
        standing = "In the middle of the roles with a pay figure."
    else:
        standing = "Towards the bottom of the roles with a pay figure."
    return Reason(PAY, level, weight, standing, figure)


def remote_reason(facts, answer, peers):
    weight = REMOTE_WEIGHT[answer]
    if facts.remote_settings:
        names = ", ".join(setting.name for setting in facts.remote_settings)
        return Reason(REMOTE, 1.0, weight, f"{names} is one of its work settings.")
    if not facts.settings:
        return _no_data(REMOTE, weight, "It lists no work settings yet.")
    names = ", ".join(setting.name for setting in facts.settings)
    return Reason(REMOTE, 0.0, weight, f"None of its work settings is remote ({names}).")


REASON_FOR = {
    WORK.name: work_reason,
    CLIENTS.name: clients_reason,
    EDUCATION.name: education_reason,
    PAY.name: pay_reason,
    REMOTE.name: remote_reason,
    COORDINATION.name: coordination_reason,
}


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


def rank_roles(roles, answers):
    """Every role with its reasons, best match first (ties by title)."""
    all_facts = [RoleFacts.of(role) for role in roles]
    peers = Peers.of(all_facts)
    matches = [
        RoleMatch(
            role=facts.role,
            reasons=[
                REASON_FOR[question.name](facts, answers[question.name], peers)
                for question in QUESTIONS
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
