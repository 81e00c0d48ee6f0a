"""Which jobs a chart shows: reading two to four slugs (curated roles or occupations), the one
canonical address of a set, and the jobs a reader can pick from."""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from roles.discover.search import find_jobs as search_jobs
from roles.discover.search import read_query
from roles.models import COMPARE_SEPARATOR, FormerSlug, Occupation, Role, SearchPlace

MIN_JOBS = 2
MAX_JOBS = 4
SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]{1,200}")
# How many jobs the picker lists for a search or a field before asking to narrow it down.
PICKER_RESULTS = 120
SUGGESTIONS = 10


def canonical_slugs(slugs):
    """The one order a set of slugs is shown and addressed in."""
    return sorted(set(slugs))


def compare_url(slugs):
    return reverse(
        "roles:compare", kwargs={"slugs": COMPARE_SEPARATOR.join(canonical_slugs(slugs))}
    )


@dataclass
class SelectionProblem:
    message: str
    status: int


def selection_problem(slugs):
    """What is wrong with a requested set of slugs before looking them up, if anything."""
    if len(slugs) < MIN_JOBS:
        return SelectionProblem("Pick at least two jobs to compare.", 400)
    if len(slugs) > MAX_JOBS:
        return SelectionProblem(
            f"You picked {len(slugs)} jobs: a chart holds at most {MAX_JOBS}. "
            "Leave some out and try again.",
            400,
        )
    if len(set(slugs)) < len(slugs):
        return SelectionProblem("You picked the same job more than once. Pick different jobs.", 400)
    return None


def is_slug(text):
    """Whether `text` could be a slug (anything else is unknown without asking the database)."""
    return bool(SLUG_PATTERN.fullmatch(text))


def unknown_jobs_problem(slugs, known_slugs):
    unknown = [slug for slug in slugs if slug not in known_slugs]
    if not unknown:
        return None
    names = ", ".join(f"“{slug[:80]}”" for slug in unknown[:MAX_JOBS])
    return SelectionProblem(
        f"The guide has no published role or occupation called {names}. Pick from the list.", 404
    )


def chart_occupations(user):
    """Occupations with what a chart column shows: field, Job Zone, education, pay and tasks."""
    return Occupation.objects.visible_to(user).with_page()


def find_jobs(slugs, user, *, roles=None, occupations=None):
    """The curated roles and occupations `user` may see with these slugs, by slug.

    One query for the roles and, when some slug is not a role's, one for the occupations (plus
    each queryset's prefetches when it finds anything); `roles` and `occupations` are the
    querysets to look in, so a chart can fetch everything it shows.
    """
    slugs = [slug for slug in slugs if is_slug(slug)]
    if roles is None:
        roles = Role.objects.visible_to(user)
    if occupations is None:
        occupations = Occupation.objects.visible_to(user)
    found = {role.slug: role for role in roles.filter(slug__in=slugs)}
    # A role's page and an occupation's never share a slug (see Role.clean and the importer),
    # so only slugs no role has are looked for among occupations.
    rest = [slug for slug in slugs if slug not in found]
    if rest:
        found.update({job.slug: job for job in occupations.filter(slug__in=rest)})
    return found


@dataclass
class Selection:
    """The outcome of asking for a chart of `requested` slugs."""

    canonical: list
    jobs: list | None = None  # fetched for the chart, in canonical order, when all is well
    problem: SelectionProblem | None = None
    needs_redirect: bool = False  # asked for in another order than the canonical one


def select_jobs(requested, user):
    """Fetch the jobs for a chart with everything it shows, or say why there is no chart."""
    problem = selection_problem(requested)
    if problem is not None:
        return Selection(canonical=[], problem=problem)
    wanted = canonical_slugs(requested)
    if wanted != requested:
        return Selection(canonical=wanted, needs_redirect=True)
    found = find_jobs(
        wanted,
        user,
        roles=Role.objects.visible_to(user).with_profile(user),
        occupations=chart_occupations(user),
    )
    problem = unknown_jobs_problem(wanted, set(found))
    if problem is not None:
        # A role renamed since the address was made: the same chart under the role's new slug.
        renamed = FormerSlug.objects.current_slugs([s for s in wanted if s not in found], user)
        if renamed:
            current = [renamed.get(slug, slug) for slug in wanted]
            if selection_problem(current) is None:
                return Selection(canonical=canonical_slugs(current), needs_redirect=True)
        return Selection(canonical=wanted, problem=problem)
    return Selection(canonical=wanted, jobs=[found[slug] for slug in wanted])


@dataclass
class Choice:
    """A job the picker lists, as the reader sees it."""

    slug: str
    title: str
    kind_label: str
    field_name: str
    url: str

    @classmethod
    def of(cls, job):
        return cls(
            slug=job.slug,
            title=job.title,
            kind_label="Guide role" if job.is_curated else f"Occupation {job.code}",
            field_name=job.field.name,
            url=job.get_absolute_url(),
        )


# Where a search hit must have matched for the picker to offer it: the job's names.
NAME_PLACES = (SearchPlace.TITLE, SearchPlace.ALSO_CALLED, SearchPlace.REPORTED_TITLE)


def picker_choices(user, *, field=None, text="", limit=PICKER_RESULTS):
    """The jobs a reader may pick in one field or matching `text`, roles first, capped at `limit`.

    Without `text`, two queries. With it: the roles, then the occupations, whose titles hold
    `text` (so a half-typed "parale" finds paralegals); then the search index adds the jobs
    another of whose names holds the words ("attorney" finds lawyers): one query, two more for a
    misspelled word, and one for each kind of job it adds. Returns (choices, whether more
    matched).
    """
    roles = Role.objects.visible_to(user).select_related("field")
    occupations = Occupation.objects.visible_to(user).select_related("field")
    if field is not None:
        occupations = occupations.filter(field=field)
        roles = roles.filter(Q(field=field) | Q(occupation__in=occupations))
    if not text:
        found = list(roles.order_by("title")[: limit + 1])
        found += list(occupations.order_by("title")[: limit + 1 - len(found)])
        return [Choice.of(job) for job in found[:limit]], len(found) > limit
    by_title_roles = roles.filter(Q(title__icontains=text) | Q(other_titles__icontains=text))
    found = list(by_title_roles.order_by("title")[: limit + 1])
    found += list(
        occupations.filter(title__icontains=text).order_by("title")[: limit + 1 - len(found)]
    )
    # Asked even when the titles fill the list, so the page's queries do not vary with how many
    # titles match; at most one more job is kept then, to say that more matched.
    found += _found_by_other_names(text, roles, occupations, found, max(1, limit + 1 - len(found)))
    return [Choice.of(job) for job in found[:limit]], len(found) > limit


def _found_by_other_names(text, roles, occupations, already, room):
    """Up to `room` jobs not in `already` that the search index finds by one of their names."""
    terms = read_query(text)
    if not terms:
        return []
    taken = {(job.kind, job.pk) for job in already}
    hits = [
        hit
        for hit in search_jobs(terms, occupations, roles)
        if any(hit.places & (1 << place) for place in NAME_PLACES)
        and (hit.kind, hit.pk) not in taken
    ][:room]
    if not hits:
        return []
    fetched = {}
    for kind, queryset in (("role", roles), ("occupation", occupations)):
        pks = [hit.pk for hit in hits if hit.kind == kind]
        if pks:
            fetched.update({(kind, job.pk): job for job in queryset.filter(pk__in=pks)})
    return [fetched[(hit.kind, hit.pk)] for hit in hits if (hit.kind, hit.pk) in fetched]


def chosen(slugs, user):
    """The already-chosen jobs among `slugs`, in the order given (unknown slugs are dropped)."""
    found = find_jobs(
        slugs,
        user,
        roles=Role.objects.visible_to(user).select_related("field"),
        occupations=Occupation.objects.visible_to(user).select_related("field"),
    )
    return [Choice.of(found[slug]) for slug in dict.fromkeys(slugs) if slug in found]
