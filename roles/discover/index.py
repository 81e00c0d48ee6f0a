"""Building the search index: which stems each occupation and role uses, where, and in what order.

`rebuild_search_index` rewrites every posting and the vocabulary: at the end of an O*NET import
that changed anything (`index_import`), and when the guide's content is loaded into a database
whose catalogue was imported before it had an index (`index_content`). `index_roles` and
`index_occupation` rewrite a few jobs' postings when an editor changes them (see `signals.py`). Texts are read with a fixed number of queries; postings
are written in bulk as plain rows (about 160,000 for the full catalogue: model instances would
cost more than the rest of the rebuild).
"""

from collections import Counter

from django.db import connection

from roles.discover.words import WORD_PATTERN, analyse
from roles.importers.tabular import analyze
from roles.models import (
    AlternateTitle,
    Occupation,
    ReportedTitle,
    Role,
    RoleDuty,
    RoleQualification,
    SearchPlace,
    SearchPosting,
    SearchWord,
    Task,
)

# A word's position is its place * POSITION_SPAN + its number among that place's words; texts in
# one place are TEXT_GAP positions apart, so no phrase of up to TEXT_GAP words spans two texts.
POSITION_SPAN = 1_000_000
TEXT_GAP = 8
BATCH_SIZE = 5_000


def place_of(position):
    return position // POSITION_SPAN


class JobWords:
    """One job's stems, {stem: [bit set of places, [positions]]}, and the words it uses."""

    def __init__(self):
        self.stems = {}
        self.words = set()
        self._next = {}

    def add(self, place, text):
        if not text:
            return
        stems, words = self.stems, self.words
        start = place * POSITION_SPAN
        position = start + self._next.get(place, 0)
        bit = 1 << place
        for raw in WORD_PATTERN.findall(text):
            word, found = analyse(raw)
            if found is not None:
                entry = stems.get(found)
                if entry is None:
                    stems[found] = [bit, [position]]
                else:
                    entry[0] |= bit
                    entry[1].append(position)
                words.add(word)
            position += 1
        self._next[place] = position - start + TEXT_GAP


# Indexed beside a remote work setting's own name, so "work from home" and its synonyms (all
# about the arrangement, not the word) find it.
REMOTE_WORK = "remote work"

# The places whose texts live in rows of their own, by kind of job and place, in reading order:
# (model, the job's column, texts, order within a job).
PLACE_SOURCES = {
    ("occupation", SearchPlace.ALSO_CALLED): (
        AlternateTitle,
        "occupation",
        ("title", "short_title"),
        ("title",),
    ),
    ("occupation", SearchPlace.REPORTED_TITLE): (
        ReportedTitle,
        "occupation",
        ("title",),
        ("title",),
    ),
    ("occupation", SearchPlace.DUTY): (Task, "occupation", ("text",), ("position",)),
    ("role", SearchPlace.DUTY): (
        RoleDuty,
        "role",
        ("duty__name", "duty__description"),
        ("order", "id"),
    ),
    ("role", SearchPlace.QUALIFICATION): (
        RoleQualification,
        "role",
        ("qualification__name", "qualification__description"),
        ("order", "id"),
    ),
    ("role", SearchPlace.WORK_SETTING): (
        Role.work_settings.through,
        "role",
        ("worksetting__name", "worksetting__is_remote"),
        ("worksetting__name",),
    ),
}


# Those places per kind of job.
ROW_PLACES = {
    kind: tuple(place for (of_kind, place) in PLACE_SOURCES if of_kind == kind)
    for kind in ("occupation", "role")
}


def place_rows(kind, place, jobs):
    """The (job pk, *texts) rows of one of `ROW_PLACES` for `jobs` (pks or a pk queryset), in
    reading order: one query. The index reads them to build postings, search to explain hits."""
    model, job, texts, order = PLACE_SOURCES[(kind, place)]
    return (
        model.objects.filter(**{f"{job}__in": jobs})
        .order_by(f"{job}_id", *order)
        .values_list(f"{job}_id", *texts)
    )


def occupation_words(occupations):
    """{occupation pk: JobWords} for `occupations`, read in four queries."""
    found = {}
    for pk, title, description in occupations.order_by().values_list("pk", "title", "description"):
        job = found[pk] = JobWords()
        job.add(SearchPlace.TITLE, title)
        job.add(SearchPlace.SUMMARY, description)
    pks = occupations.values("pk")
    for pk, title, short_title in place_rows("occupation", SearchPlace.ALSO_CALLED, pks):
        found[pk].add(SearchPlace.ALSO_CALLED, title)
        if short_title and short_title != title:
            found[pk].add(SearchPlace.ALSO_CALLED, short_title)
    for place in (SearchPlace.REPORTED_TITLE, SearchPlace.DUTY):
        for pk, text in place_rows("occupation", place, pks):
            found[pk].add(place, text)
    return found


def role_words(roles):
    """{role pk: JobWords} for `roles`, read in four queries."""
    found = {}
    for pk, title, other_titles, summary in roles.order_by().values_list(
        "pk", "title", "other_titles", "summary"
    ):
        job = found[pk] = JobWords()
        job.add(SearchPlace.TITLE, title)
        for line in other_titles.splitlines():
            job.add(SearchPlace.ALSO_CALLED, line)
        job.add(SearchPlace.SUMMARY, summary)
    pks = roles.values("pk")
    for place in (SearchPlace.DUTY, SearchPlace.QUALIFICATION):
        for pk, name, description in place_rows("role", place, pks):
            found[pk].add(place, name)
            found[pk].add(place, description)
    for pk, name, is_remote in place_rows("role", SearchPlace.WORK_SETTING, pks):
        found[pk].add(SearchPlace.WORK_SETTING, name)
        if is_remote:
            found[pk].add(SearchPlace.WORK_SETTING, REMOTE_WORK)
    return found


def rebuild_search_index(report=None):
    """Rewrite every job's postings and the whole vocabulary; returns the number of postings.

    Called at the end of each O*NET import. Retired occupations are left out: readers never see
    them, and a release that brings one back rebuilds the index again.
    """
    occupations = occupation_words(Occupation.objects.current())
    roles = role_words(Role.objects.all())
    SearchPosting.objects.all().delete()
    count = _write_postings(occupations, roles)
    SearchWord.objects.all().delete()
    counts = Counter()
    for jobs in (occupations, roles):
        for job in jobs.values():
            counts.update(job.words)
    _write_words(counts)
    analyze(SearchPosting, SearchWord)
    if report is not None:
        report.say(
            f"Search index: {count:,} entries for {len(occupations):,} occupations and "
            f"{len(roles):,} roles"
        )
    return count


def index_import(report):
    """At the end of an O*NET import: rebuild the index if the import changed anything.

    A rerun that changed nothing writes nothing (editors' changes since were indexed as they
    were saved).
    """
    if report.changed:
        rebuild_search_index(report)


def index_content():
    """At the end of loading the guide's content: index every role, or everything if the
    catalogue's occupations have never been indexed (imported before the index existed)."""
    if (
        Occupation.objects.current().exists()
        and not SearchPosting.objects.filter(occupation__isnull=False).exists()
    ):
        rebuild_search_index()
    else:
        index_roles()


def index_roles(pks=None):
    """Rewrite the postings of the roles with these pks, or of every role."""
    roles = Role.objects.all() if pks is None else Role.objects.filter(pk__in=pks)
    found = role_words(roles)
    stale = SearchPosting.objects.filter(role__isnull=False)
    if pks is not None:
        stale = stale.filter(role__in=pks)
    stale.delete()
    _write_postings({}, found)
    _add_words(found)


def index_occupation(pk):
    """Rewrite one occupation's postings (after an editor changed its title or description)."""
    found = occupation_words(Occupation.objects.current().filter(pk=pk))
    SearchPosting.objects.filter(occupation=pk).delete()
    _write_postings(found, {})
    _add_words(found)


def _add_words(jobs):
    """Add the words these jobs use to the vocabulary; words already there are left as they are."""
    wanted = set().union(*(job.words for job in jobs.values()))
    if not wanted:
        return
    known = set(SearchWord.objects.filter(word__in=wanted).values_list("word", flat=True))
    _write_words(dict.fromkeys(wanted - known, 1))


def _write_words(counts):
    SearchWord.objects.bulk_create(
        (SearchWord(word=word, stem=analyse(word)[1], jobs=jobs) for word, jobs in counts.items()),
        batch_size=BATCH_SIZE,
    )


def _write_postings(occupations, roles):
    rows = [
        (found, pk, None, places, " ".join(map(str, positions)))
        for pk, job in occupations.items()
        for found, (places, positions) in job.stems.items()
    ]
    rows += [
        (found, None, pk, places, " ".join(map(str, positions)))
        for pk, job in roles.items()
        for found, (places, positions) in job.stems.items()
    ]
    if not rows:
        return 0
    # Written in stem order, so each stem's postings sit together on disk, read in a few pages.
    rows.sort(key=lambda row: row[0])
    meta = SearchPosting._meta
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(meta.get_field(name).column)
        for name in ("stem", "occupation", "role", "places", "positions")
    )
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY writes the whole catalogue's rows several times faster than INSERTs.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"
            for start in range(0, len(rows), BATCH_SIZE):
                cursor.executemany(sql, rows[start : start + BATCH_SIZE])
    return len(rows)
