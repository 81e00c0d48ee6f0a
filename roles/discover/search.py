"""Searching roles by title, other titles, summary, duties and qualifications, and saying why each matched.

On PostgreSQL the reader's words go to `websearch_to_tsquery` ("quoted phrases", -exclusions, `or`)
and are matched against each role's weighted `search_document` (title A, other titles and summary B,
duties and qualifications C), a GIN-indexed column that triggers keep current (see migration 0003).
Elsewhere (SQLite in development) every plain word must appear somewhere in the role, and roles are
ranked by where their words appear: title, other titles, summary, duties, then qualifications.

Matched words are marked with two private-use characters, by `ts_headline` on PostgreSQL and in
Python elsewhere; `marked_html` escapes the text and only then turns the markers into <mark> tags.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from roles.models import AlternateTitle, Role, RoleDuty, RoleQualification

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
# Matched duties (and qualifications) listed per role; the rest are counted.
REASONS_SHOWN = 3
SEARCH_CONFIG = "english"
MARK_START, MARK_END = "\ue000", "\ue001"

# A quoted phrase or a bare token, either one perhaps excluded with a leading minus.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# Control characters (NUL included) cannot reach PostgreSQL and mean nothing in a search.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000\ue001]")

# SQLite fallback: how much a word found in each place counts towards a role's rank.
PLACE_SCORES = {"title": 16, "other_titles": 8, "summary": 4, "duties": 2, "qualifications": 1}


@dataclass
class SearchTerms:
    """What the reader typed, cleaned and cut to length, with the words it looks for."""

    text: str = ""
    was_cut: bool = False
    words: list = field(default_factory=list)
    excluded: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.words)


def read_query(raw):
    text = " ".join(_CONTROL.sub(" ", raw or "").split())
    was_cut = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    found = {False: {}, True: {}}  # excluded or not -> {lower-cased word: word as typed}
    for match in _TOKEN.finditer(text):
        minus, phrase, bare_minus, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            continue  # websearch's OR operator, not a word to find
        for word in _WORD.findall(phrase if phrase is not None else bare):
            found[bool(minus or bare_minus)].setdefault(word.lower(), word)
    return SearchTerms(
        text=text,
        was_cut=was_cut,
        words=list(found[False].values()),
        excluded=list(found[True].values()),
    )


def uses_full_text_search():
    return connection.vendor == "postgresql"


def search_roles(roles, terms):
    """The roles that match `terms`, best first."""
    if uses_full_text_search():
        return _full_text_search(roles, terms)
    return _plain_word_search(roles, terms)


def match_prefetches(terms):
    """The duties and qualifications that contain a searched word, for saying why a role matched."""
    role_duties = RoleDuty.objects.select_related("duty").order_by("order", "id")
    role_qualifications = RoleQualification.objects.select_related("qualification").order_by(
        "order", "id"
    )
    if uses_full_text_search():
        any_word = _any_word_query(terms)
        role_duties = (
            role_duties.alias(
                duty_document=SearchVector("duty__name", "duty__description", config=SEARCH_CONFIG)
            )
            .filter(duty_document=any_word)
            .annotate(
                name_marked=_headline("duty__name", any_word),
                description_marked=_headline("duty__description", any_word),
            )
        )
        role_qualifications = (
            role_qualifications.alias(
                qualification_document=SearchVector(
                    "qualification__name", "qualification__description", config=SEARCH_CONFIG
                )
            )
            .filter(qualification_document=any_word)
            .annotate(
                name_marked=_headline("qualification__name", any_word),
                description_marked=_headline("qualification__description", any_word),
            )
        )
    else:
        role_duties = role_duties.filter(
            _any_word_in(terms.words, "duty__name", "duty__description")
        )
        role_qualifications = role_qualifications.filter(
            _any_word_in(terms.words, "qualification__name", "qualification__description")
        )
    return [
        Prefetch("role_duties", queryset=role_duties, to_attr="matched_duties"),
        Prefetch(
            "role_qualifications", queryset=role_qualifications, to_attr="matched_qualifications"
        ),
    ]


@dataclass
class Reason:
    where: str
    html: str = ""
    detail: str = ""


@dataclass
class Result:
    role: Role
    title_html: str
    summary_html: str
    reasons: list
    more: list


def explain_matches(roles, terms):
    """Each role with its title and summary marked up, and the places the searched words were found."""
    results = []
    for role in roles:
        title = _marked(role, "title", role.title, terms)
        other_titles = _marked(role, "other_titles", role.other_titles, terms)
        summary = _marked(role, "summary", role.summary, terms)
        reasons = []
        if MARK_START in title:
            reasons.append(Reason("Title"))
        reasons.extend(
            Reason("Also called", marked_html(line.strip()))
            for line in other_titles.splitlines()
            if MARK_START in line
        )
        if MARK_START in summary:
            reasons.append(Reason("Summary"))
        more = []
        for label, plural, links, item in (
            ("Duty", "duties", role.matched_duties, "duty"),
            ("Qualification", "qualifications", role.matched_qualifications, "qualification"),
        ):
            for link in links[:REASONS_SHOWN]:
                reasons.append(_item_reason(label, link, getattr(link, item), terms))
            if len(links) > REASONS_SHOWN:
                more.append(f"{len(links) - REASONS_SHOWN} more matching {plural}")
        results.append(
            Result(
                role=role,
                title_html=marked_html(title),
                summary_html=marked_html(summary),
                reasons=reasons,
                more=more,
            )
        )
    return results


def marked_html(text):
    """Escape `text`, then turn the match markers into <mark> elements."""
    html = str(escape(text))
    return mark_safe(html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def mark_words(text, words):
    """`text` with every case-insensitive occurrence of any of `words` between the markers."""
    if not words or not text:
        return text
    longest_first = sorted(words, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(word) for word in longest_first), re.IGNORECASE)
    return pattern.sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_END}", text)


def _item_reason(label, link, item, terms):
    name = _marked(link, "name", item.name, terms)
    description = _marked(link, "description", item.description, terms)
    detail = marked_html(description) if MARK_START in description else ""
    return Reason(label, marked_html(name), detail)


def _marked(instance, name, text, terms):
    """`text` with matched words marked: by the database when it annotated `<name>_marked`."""
    from_database = getattr(instance, f"{name}_marked", None)
    if from_database is not None:
        return from_database
    return mark_words(text, terms.words)


# PostgreSQL: full-text search on the indexed document.


def _search_document():
    # The column exists only on PostgreSQL and is not a model field (see migration 0003).
    quote = connection.ops.quote_name
    column = f"{quote(Role._meta.db_table)}.{quote('search_document')}"
    return RawSQL(column, [], output_field=SearchVectorField())


def _any_word_query(terms):
    return reduce(or_, (SearchQuery(word, config=SEARCH_CONFIG) for word in terms.words))


def _headline(expression, query):
    return SearchHeadline(
        expression,
        query,
        config=SEARCH_CONFIG,
        highlight_all=True,
        start_sel=MARK_START,
        stop_sel=MARK_END,
    )


def _full_text_search(roles, terms):
    query = SearchQuery(terms.text, config=SEARCH_CONFIG, search_type="websearch")
    any_word = _any_word_query(terms)
    return (
        roles.alias(document=_search_document())
        .filter(document=query)
        .annotate(
            rank=SearchRank(_search_document(), query),
            title_marked=_headline("title", any_word),
            other_titles_marked=_headline("other_titles", any_word),
            summary_marked=_headline("summary", any_word),
        )
        .order_by("-rank", "title")
    )


# Elsewhere: every plain word somewhere in the role, ranked by where it was found.


def _any_word_in(words, *fields):
    return reduce(or_, (Q(**{f"{name}__icontains": word}) for word in words for name in fields))


def _word_places(word):
    """Where `word` can be found in a role, most telling first, as (place, condition)."""
    duties = RoleDuty.objects.filter(role=OuterRef("pk")).filter(
        _any_word_in([word], "duty__name", "duty__description")
    )
    qualifications = RoleQualification.objects.filter(role=OuterRef("pk")).filter(
        _any_word_in([word], "qualification__name", "qualification__description")
    )
    return [
        ("title", Q(title__icontains=word)),
        ("other_titles", Q(other_titles__icontains=word)),
        ("summary", Q(summary__icontains=word)),
        ("duties", Q(Exists(duties))),
        ("qualifications", Q(Exists(qualifications))),
    ]


def _plain_word_search(roles, terms):
    scores = []
    for word in terms.words:
        places = _word_places(word)
        roles = roles.filter(reduce(or_, (condition for _, condition in places)))
        scores.append(
            Case(
                *(When(condition, then=Value(PLACE_SCORES[place])) for place, condition in places),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    for word in terms.excluded:
        roles = roles.exclude(reduce(or_, (condition for _, condition in _word_places(word))))
    return roles.annotate(rank=reduce(lambda total, score: total + score, scores)).order_by(
        "-rank", "title"
    )


# Occupations: found by the names O*NET gives them, until catalogue-wide search ranks them too.

OCCUPATIONS_SHOWN = 20


@dataclass
class OccupationResult:
    occupation: object
    title_html: str
    also_called: list  # matching alternate titles, marked


def _name_matches(word):
    titles = AlternateTitle.objects.filter(occupation=OuterRef("pk"), title__icontains=word)
    return Q(title__icontains=word) | Q(Exists(titles))


def search_occupations(occupations, terms):
    """Occupations whose title or an alternate title holds every word, own titles first.

    Three queries whatever the catalogue's size: the occupations (capped), whether more
    matched, and their matching alternate titles. Returns (results, more_matched).
    """
    for word in terms.words:
        occupations = occupations.filter(_name_matches(word))
    for word in terms.excluded:
        occupations = occupations.exclude(_name_matches(word))
    own_title = reduce(lambda q, word: q & Q(title__icontains=word), terms.words, Q())
    ranked = occupations.annotate(
        in_title=Case(When(own_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-in_title", "title")
    first_word = terms.words[0]
    found = list(
        ranked.select_related("field").prefetch_related(
            Prefetch(
                "alternate_titles",
                queryset=AlternateTitle.objects.filter(title__icontains=first_word),
                to_attr="matching_titles",
            )
        )[: OCCUPATIONS_SHOWN + 1]
    )
    results = [
        OccupationResult(
            occupation=occupation,
            title_html=marked_html(mark_words(occupation.title, terms.words)),
            also_called=[
                marked_html(mark_words(title.title, terms.words))
                for title in occupation.matching_titles[:REASONS_SHOWN]
                if all(word.lower() in title.title.lower() for word in terms.words)
            ],
        )
        for occupation in found[:OCCUPATIONS_SHOWN]
    ]
    return results, len(found) > OCCUPATIONS_SHOWN
