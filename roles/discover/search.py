"""Searching every job, the guide's roles and O*NET's occupations, by the names people use.

The reader's words are read into needs: each a word (with its word forms, through the stem), a
quoted phrase, or a multi-word name such as "work from home", plus the synonyms kept in
`roles/data/search/synonyms.toml`. A job is found when it has every need and no excluded word
(-word), and is ranked by where each need was found: title, then other names (O*NET's alternate
and reported titles, a role's other titles), then summary or description, then tasks, duties and
qualifications. A word no visible job uses is taken for a misspelling and replaced by the nearest
word in the vocabulary (trigram similarity on PostgreSQL, a first- or last-letters scan
elsewhere, then the same edit distance on both).

Everything is answered from the index `index.py` builds in Python, so both databases find and
rank the same jobs. The ranking needs one query for the postings of the words asked about (two
more for a misspelling); explaining the shown page needs a few more, however many jobs matched.
Matched words are marked with two private-use characters; `marked_html` escapes the text and
only then turns the markers into <mark> tags.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Greatest, Length
from django.utils.html import escape
from django.utils.safestring import mark_safe

from roles.discover.index import REMOTE_WORK, ROW_PLACES, TEXT_GAP, place_of, place_rows
from roles.discover.words import (
    WORD_PATTERN,
    allowed_typos,
    analyse,
    contains_phrase,
    edit_distance,
    phrase_of,
    synonyms,
    words,
)
from roles.models import (
    SearchPlace,
    SearchPosting,
    SearchWord,
)

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
# Matching other titles, tasks, duties and qualifications listed per job; the rest are counted.
REASONS_SHOWN = 3
MARK_START, MARK_END = "\ue000", "\ue001"

# How much a need found in each place counts towards a job's rank.
PLACE_WEIGHTS = {
    SearchPlace.TITLE: 100,
    SearchPlace.ALSO_CALLED: 40,
    SearchPlace.REPORTED_TITLE: 35,
    SearchPlace.SUMMARY: 10,
    SearchPlace.DUTY: 3,
    SearchPlace.QUALIFICATION: 2,
    SearchPlace.WORK_SETTING: 10,
}
# A synonym found counts a little less than the reader's own word found in the same place, and
# a job that also holds the reader's own word anywhere counts a little more: "cop" ranks police
# officers (also called "Cop") above dispatchers whose title says "police" only.
SYNONYM_SHARE = 0.9
OWN_WORD_BONUS = 15
# Vocabulary words fetched per misspelled word on PostgreSQL, the most similar first.
CORRECTION_CANDIDATES = 50

# A quoted phrase or a bare token, either one perhaps excluded with a leading minus.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
# Control characters (NUL included) cannot reach PostgreSQL and mean nothing in a search.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000\ue001]")


@dataclass(frozen=True)
class Alternative:
    """A way a job can meet a need: stems side by side (None: any one word between)."""

    phrase: tuple
    own: bool = True  # the reader's word (or its correction), not a synonym


@dataclass
class Need:
    """What every job found must have (or, excluded, must not): any one of `alternatives`."""

    typed: str
    alternatives: list
    # A single word the reader typed, which a misspelling correction may replace.
    word: str = ""


@dataclass
class SearchTerms:
    """What the reader typed, cleaned and cut to length, and what it asks for."""

    text: str = ""
    was_cut: bool = False
    needs: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)  # {word as typed: word searched for}

    def __bool__(self):
        return bool(self.needs)

    @property
    def corrected_text(self):
        """The query with each misspelled word replaced by the word searched for instead."""
        text = self.text
        for typed, corrected in self.corrections.items():
            text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", corrected, text, flags=re.I)
        return text


def read_query(raw):
    """The reader's query as `SearchTerms`: words, "phrases", -exclusions and `or`."""
    text = " ".join(_CONTROL.sub(" ", raw or "").split())
    was_cut = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    terms = SearchTerms(text=text, was_cut=was_cut)
    run = []  # bare words waiting to be read, in case some of them make a multi-word name
    joined = False  # an "or" came before the next need

    def add(need):
        nonlocal joined
        if joined and terms.needs:
            earlier = terms.needs[-1]
            earlier.typed = f"{earlier.typed} or {need.typed}"
            earlier.alternatives += [a for a in need.alternatives if a not in earlier.alternatives]
            earlier.word = ""
        else:
            terms.needs.append(need)
        joined = False

    def read_run():
        for need in _needs_in(run):
            add(need)
        run.clear()

    for match in _TOKEN.finditer(text):
        minus, quoted, bare_minus, bare = match.groups()
        if bare is not None and not bare_minus and bare.lower() == "or":
            read_run()
            joined = bool(terms.needs)
            continue
        if bare is not None and not bare_minus:
            run.extend(WORD_PATTERN.findall(bare))
            continue
        read_run()
        if minus or bare_minus:
            typed = quoted if quoted is not None else bare
            excluded = (
                [_phrase_need(typed)]
                if quoted is not None
                else [_phrase_need(word) for word in WORD_PATTERN.findall(typed)]
            )
            terms.excluded += [need for need in excluded if need is not None]
        else:
            need = _phrase_need(quoted)
            if need is not None:
                add(need)
    read_run()
    return terms


def _phrase_need(typed):
    """A need for exactly these words side by side (in any of their forms), or None."""
    phrase = phrase_of(" ".join(WORD_PATTERN.findall(typed)[:TEXT_GAP]))
    if not phrase:
        return None
    return Need(typed=typed.strip(), alternatives=[Alternative(phrase)])


def _needs_in(run):
    """The needs in a run of bare words: multi-word names first, then single words."""
    group_list = synonyms()
    at = 0
    while at < len(run):
        for length in range(min(group_list.longest, len(run) - at), 1, -1):
            # A name neither starts nor ends with a stop word ("work from home", not "from home").
            phrase = phrase_of(" ".join(run[at : at + length]))
            if len(phrase) == length:
                others = group_list.group_of(phrase)
                if others:
                    yield Need(
                        typed=" ".join(run[at : at + length]),
                        alternatives=[Alternative(phrase)]
                        + [Alternative(other, own=False) for other in others],
                    )
                    at += length
                    break
        else:
            word, found = analyse(run[at])
            if found is not None:
                yield _word_need(run[at], word, found)
            at += 1


def _word_need(typed, word, found):
    others = synonyms().group_of((found,))
    return Need(
        typed=typed,
        alternatives=[Alternative((found,))] + [Alternative(other, own=False) for other in others],
        word=word,
    )


# Finding and ranking.


@dataclass
class Hit:
    """A job that matched: its rank, and what it matched with (for marking and reasons)."""

    kind: str  # "occupation" or "role"
    pk: int
    title: str
    score: float
    # Bit set of the places that explain the match: for each need, the best place it was found
    # in, and the best place the reader's own word (not a synonym) was found in.
    places: int
    matched: tuple  # the alternatives found in this job
    job: object = None  # the Occupation or Role, for the page's hits only

    @property
    def sort_key(self):
        return (-self.score, self.title.casefold(), self.kind, self.pk)


class _Job:
    """One job's postings for the words asked about."""

    __slots__ = ("positions", "stems", "title")

    def __init__(self, title):
        self.title = title
        self.stems = {}  # stem -> bit set of places
        self.positions = {}  # stem -> positions text, for stems in phrases

    def place(self, alternative):
        """The best place `alternative` is found in this job, or None."""
        phrase = alternative.phrase
        if len(phrase) == 1:
            places = self.stems.get(phrase[0])
            return None if places is None else (places & -places).bit_length() - 1
        if any(part is not None and part not in self.stems for part in phrase):
            return None
        at = {part: self._positions(part) for part in phrase if part is not None}
        for start in sorted(at[phrase[0]]):
            if all(
                part is None or start + offset in at[part]
                for offset, part in enumerate(phrase[1:], start=1)
            ):
                return place_of(start)
        return None

    def _positions(self, stem):
        found = self.positions.get(stem)
        if isinstance(found, str):
            found = self.positions[stem] = {int(p) for p in found.split()}
        return found or set()


def _stems_of(needs):
    single, in_phrases = set(), set()
    for need in needs:
        for alternative in need.alternatives:
            parts = {part for part in alternative.phrase if part is not None}
            (single if len(alternative.phrase) == 1 else in_phrases).update(parts)
    return single | in_phrases, in_phrases


def postings_query(needs, occupations, roles):
    """The visible jobs' postings of every stem `needs` look for, with each job's title and,
    for stems in phrases, their positions."""
    wanted, in_phrases = _stems_of(needs)
    return (
        SearchPosting.objects.filter(stem__in=wanted)
        .filter(Q(occupation__in=occupations.values("pk")) | Q(role__in=roles.values("pk")))
        .annotate(
            job_title=Coalesce("occupation__title", "role__title"),
            phrase_positions=Case(
                When(stem__in=in_phrases, then=F("positions")),
                default=Value(""),
                output_field=TextField(),
            ),
        )
        .order_by()
        .values_list("stem", "occupation_id", "role_id", "places", "job_title", "phrase_positions")
    )


def _fetch_postings(needs, occupations, roles, jobs):
    """Add the postings `postings_query` finds to `jobs`, by (kind, pk) (one query)."""
    if not _stems_of(needs)[0]:
        return
    for stem, occupation, role, places, title, positions in postings_query(
        needs, occupations, roles
    ):
        key = ("occupation", occupation) if occupation is not None else ("role", role)
        job = jobs.get(key)
        if job is None:
            job = jobs[key] = _Job(title)
        job.stems[stem] = places
        if positions:
            job.positions[stem] = positions


def _found(need, job):
    """(score, alternatives found, places that explain it) of `need` in `job`; a score of 0
    means it is not there. The places are the best one, and the best for the reader's own word."""
    score, found, best, best_own = 0, [], None, None
    for alternative in need.alternatives:
        place = job.place(alternative)
        if place is None:
            continue
        found.append(alternative)
        score = max(score, PLACE_WEIGHTS[place] * (1 if alternative.own else SYNONYM_SHARE))
        best = place if best is None else min(best, place)
        if alternative.own:
            best_own = place if best_own is None else min(best_own, place)
    places = 0 if best is None else 1 << best
    if best_own is not None:
        places |= 1 << best_own
        if len(need.alternatives) > 1:
            score += OWN_WORD_BONUS
    return score, found, places


def find_jobs(terms, occupations, roles):
    """The jobs among `occupations` and `roles` that match `terms`, best first, as `Hit`s.

    One query for the postings; when a word matches nothing, one more for the words it may be a
    misspelling of and one for the postings of the correction (recorded in `terms.corrections`).
    """
    jobs = {}
    _fetch_postings(terms.needs + terms.excluded, occupations, roles, jobs)
    # A word with synonyms is a word readers use: nothing found for it is no misspelling.
    missing = [
        need
        for need in terms.needs
        if need.word
        and len(need.alternatives) == 1
        and allowed_typos(need.word)
        and not any(_found(need, job)[0] for job in jobs.values())
    ]
    if missing:
        corrected = _correct(missing)
        if corrected:
            _fetch_postings(corrected, occupations, roles, jobs)
            for need in corrected:
                terms.corrections[need.typed] = need.word
    hits = []
    for (kind, pk), job in jobs.items():
        if any(_found(need, job)[0] for need in terms.excluded):
            continue
        score, matched, places = 0, [], 0
        for need in terms.needs:
            need_score, found, explaining = _found(need, job)
            if not need_score:
                break
            score += need_score
            matched += found
            places |= explaining
        else:
            hits.append(Hit(kind, pk, job.title, score, places, tuple(matched)))
    hits.sort(key=lambda hit: hit.sort_key)
    return hits


def _correct(needs):
    """Replace each misspelled need's word by the nearest vocabulary word; returns those changed.

    A need is left alone when its own word is in the vocabulary (it is only hidden, or matched
    nothing together with the other words) or no word is near enough.
    """
    candidates = list(correction_candidates([need.word for need in needs]))
    changed = []
    for need in needs:
        own_stem = need.alternatives[0].phrase[0]
        if any(word == need.word or stem == own_stem for word, stem, _ in candidates):
            continue
        limit = allowed_typos(need.word)
        letters = set(need.word)
        scored = sorted(
            (distance, -jobs, word, stem)
            for word, stem, jobs in candidates
            # Each edit adds or takes away at most one letter: a cheap test before the real one.
            if len(letters.symmetric_difference(word)) <= 2 * limit
            and (distance := edit_distance(need.word, word, limit)) <= limit
        )
        if scored:
            _, _, word, stem = scored[0]
            replacement = _word_need(need.typed, word, stem)
            need.alternatives, need.word = replacement.alternatives, word
            changed.append(need)
    return changed


def correction_candidates(misspelled):
    """(word, stem, jobs) of vocabulary words that may be what the reader meant (one query)."""
    words_found = SearchWord.objects.order_by()
    if connection.vendor == "postgresql":
        # The GIN trigram index answers `word % 'paralgal'`; the most similar come first.
        similar = Q()
        for word in misspelled:
            similar |= Q(TrigramSimilar(F("word"), Value(word)))
        similarity = [TrigramSimilarity("word", word) for word in misspelled]
        words_found = (
            words_found.filter(similar)
            .annotate(similarity=similarity[0] if len(similarity) == 1 else Greatest(*similarity))
            .order_by("-similarity", "word")[: CORRECTION_CANDIDATES * len(misspelled)]
        )
    else:
        # Near misspellings keep the first letter or the last two, and about the length.
        near = Q()
        for word in misspelled:
            near |= (Q(word__startswith=word[0]) | Q(word__endswith=word[-2:])) & Q(
                length__range=(len(word) - 2, len(word) + 2)
            )
        words_found = words_found.alias(length=Length("word")).filter(near)
    return words_found.values_list("word", "stem", "jobs")


# Explaining the shown page.


@dataclass
class Reason:
    where: str
    html: str = ""
    detail: str = ""


@dataclass
class Result:
    job: object
    title_html: str
    summary_html: str
    reasons: list
    more: list


class Marker:
    """Marks the words of a job's texts that its matched alternatives found."""

    def __init__(self, alternatives):
        self.single = {a.phrase[0]: a.own for a in alternatives if len(a.phrase) == 1}
        self.phrases = [(a.phrase, a.own) for a in alternatives if len(a.phrase) > 1]
        self.found_own = False
        # Letters any text with a match must contain: a stem without its last letter ("studi"
        # from "study"), or its first letter for a short one ("die" from "dying").
        self.probes = {
            stem[:-1] if len(stem) > 3 else stem[:1]
            for stem in [*self.single, *(phrase[0] for phrase, _ in self.phrases)]
        }

    def spans(self, text):
        """The (start, end) of each matched word or phrase in `text`, in order; `found_own`
        says whether one of them is the reader's own word rather than a synonym."""
        self.found_own = False
        lowered = text.lower()
        if (
            lowered.isascii()
            and "'" not in lowered
            and not any(probe in lowered for probe in self.probes)
        ):
            return []  # most texts of a page's jobs, skipped without reading their words
        found = words(text)
        stems = [stem for _, _, stem in found]
        spans = []
        for start, end, stem in found:
            if stem in self.single:
                spans.append((start, end))
                self.found_own |= self.single[stem]
        for phrase, own in self.phrases:
            for at in range(len(stems) - len(phrase) + 1):
                if contains_phrase(stems[at : at + len(phrase)], phrase):
                    spans.append((found[at][0], found[at + len(phrase) - 1][1]))
                    self.found_own |= own
        return _merged(spans)

    def mark(self, text):
        """`text` with the matched words between the markers (unchanged if none matched)."""
        if not text:
            self.found_own = False
            return text
        pieces, end = [], 0
        for start, stop in self.spans(text):
            pieces += [text[end:start], MARK_START, text[start:stop], MARK_END]
            end = stop
        return "".join(pieces) + text[end:]

    def names(self, texts):
        """The matching texts among `texts`, marked, without repeats: those with the reader's
        own word first, then the shortest ("Attorney" says more than "Civil Litigation
        Attorney")."""
        found = {}
        for text in texts:
            marked = self.mark(text)
            if _has_mark(marked) and marked not in found:
                found[marked] = (not self.found_own, len(text), text)
        return [(marked, "") for marked in sorted(found, key=found.get)]


def _merged(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def marked_html(text):
    """Escape `text`, then turn the match markers into <mark> elements."""
    html = str(escape(text))
    return mark_safe(html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _has_mark(text):
    return MARK_START in text


def _listed(where, items, plural, reasons, more):
    """Reasons for the first few matching `items` ((text, detail text)), counting the rest."""
    for text, extra in items[:REASONS_SHOWN]:
        reasons.append(Reason(where, marked_html(text), marked_html(extra) if extra else ""))
    if len(items) > REASONS_SHOWN:
        more.append(f"{len(items) - REASONS_SHOWN} more matching {plural}")


def explain_page(hits, occupations, roles):
    """Each hit on the page as a `Result`: the job, its title and summary marked up, and the
    places that explain its match. Queries: this page's occupations and roles; then, only for
    the jobs a place explains, their alternate titles, reported titles and tasks, and the roles'
    duties and qualifications."""
    by_kind = {"occupation": [], "role": []}
    for hit in hits:
        by_kind[hit.kind].append(hit)
    occupation_hits = {hit.pk: hit for hit in by_kind["occupation"]}
    role_hits = {hit.pk: hit for hit in by_kind["role"]}
    if occupation_hits:
        for occupation in occupations.filter(pk__in=occupation_hits).select_related("field"):
            occupation_hits[occupation.pk].job = occupation
    if role_hits:
        for role in roles.filter(pk__in=role_hits).select_related("field"):
            role_hits[role.pk].job = role

    def matched_in(hits_by_pk, place):
        return [pk for pk, hit in hits_by_pk.items() if hit.places & (1 << place)]

    texts = {("occupation", pk): {} for pk in occupation_hits} | {
        ("role", pk): {} for pk in role_hits
    }

    def collect(kind, place, rows):
        for pk, *values in rows:
            texts[(kind, pk)].setdefault(place, []).append(values)

    for kind, hits_by_pk in (("occupation", occupation_hits), ("role", role_hits)):
        for place in ROW_PLACES[kind]:
            if pks := matched_in(hits_by_pk, place):
                collect(kind, place, place_rows(kind, place, pks))
    return [_result(hit, texts[(hit.kind, hit.pk)]) for hit in hits if hit.job is not None]


def _result(hit, texts):
    """The hit's job marked up, with a reason for each place that explains the match."""
    marker = Marker(hit.matched)
    job = hit.job
    title = marker.mark(job.title)
    summary = marker.mark(job.summary)
    reasons, more = [], []

    def explains(place):
        return hit.places & (1 << place)

    if explains(SearchPlace.TITLE) and _has_mark(title):
        reasons.append(Reason("Title"))
    if not explains(SearchPlace.ALSO_CALLED):
        other_titles = []
    elif hit.kind == "role":
        # An editor's other titles, in the editor's order.
        other_titles = [(line, "") for line in map(marker.mark, job.other_title_list)]
        other_titles = [item for item in other_titles if _has_mark(item[0])]
    else:
        # An alternate title's short form ("Staff RN") counts when the title itself does not.
        other_titles = marker.names(
            alternate
            for title, short in texts.get(SearchPlace.ALSO_CALLED, [])
            for alternate in ([title] if not short or marker.spans(title) else [short])
        )
    _listed("Also called", other_titles, "titles", reasons, more)
    reported = marker.names(title for (title,) in texts.get(SearchPlace.REPORTED_TITLE, []))
    _listed("Reported title", reported, "reported titles", reasons, more)
    if explains(SearchPlace.SUMMARY) and _has_mark(summary):
        reasons.append(Reason("Summary" if hit.kind == "role" else "Description"))
    if hit.kind == "occupation":
        tasks = [(marker.mark(text), "") for (text,) in texts.get(SearchPlace.DUTY, [])]
        _listed("Task", [t for t in tasks if _has_mark(t[0])], "tasks", reasons, more)
    else:
        for label, plural, place in (
            ("Duty", "duties", SearchPlace.DUTY),
            ("Qualification", "qualifications", SearchPlace.QUALIFICATION),
        ):
            items = []
            for name, description in texts.get(place, []):
                name, description = marker.mark(name), marker.mark(description)
                if _has_mark(name) or _has_mark(description):
                    items.append((name, description if _has_mark(description) else ""))
            _listed(label, items, plural, reasons, more)
        settings = []
        for name, is_remote in texts.get(SearchPlace.WORK_SETTING, []):
            shown = marker.mark(f"{name} ({REMOTE_WORK})" if is_remote else name)
            if _has_mark(shown):
                settings.append((shown, ""))
        _listed("Work setting", settings, "work settings", reasons, more)
    return Result(
        job=job,
        title_html=marked_html(title),
        summary_html=marked_html(summary),
        reasons=reasons,
        more=more,
    )
