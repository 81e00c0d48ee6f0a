"""Finding jobs: the filtered list of every job, search and the fit helper."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from roles.compare.selection import compare_url
from roles.discover.fit import (
    all_questions,
    all_skipped,
    field_questions,
    form_questions,
    rank_roles,
    read_answers,
    slugs_to_compare,
)
from roles.discover.listing import build_listing, fetch_page_jobs
from roles.discover.search import (
    RESULTS_PER_PAGE,
    explain_matches,
    match_prefetches,
    read_query,
    search_occupations,
    search_roles,
    uses_full_text_search,
)
from roles.models import CareerField, Occupation, Role


@require_safe
def role_list(request):
    # Queries: the fields holding a job; with a pay or outlook filter, the roles and the
    # occupations each filter leaves out; the count; the page; the page's roles with their
    # median pay figures; the page's occupations.
    roles = Role.objects.visible_to(request.user)
    occupations = Occupation.objects.visible_to(request.user)
    listing = fetch_page_jobs(build_listing(roles, occupations, request.GET), roles, occupations)
    return render(request, "roles/role_list.html", {"listing": listing})


def _fit_fields(user):
    """Curated fields with roles the reader may see: the fields the fit helper can rank."""
    return list(
        CareerField.objects.curated()
        .filter(roles__in=Role.objects.visible_to(user))
        .distinct()
        .order_by("order", "name")
    )


@require_safe
def fit(request):
    """The fit helper: its questions, and once answered, the field's roles ranked with reasons."""
    # Queries: the fields it can rank; the chosen field's questions; their answers with duty
    # kinds; once answered, the roles with their profile (one query per relation).
    fields = _fit_fields(request.user)
    chosen_slug = request.GET.get("field", "")
    career_field = next((f for f in fields if f.slug == chosen_slug), None)
    if career_field is None and len(fields) == 1:
        career_field = fields[0]
    questions = all_questions(field_questions(career_field))
    answers, ignored = read_answers(request.GET, questions)
    matches = []
    if answers:
        roles = Role.objects.visible_to(request.user).with_profile(request.user)
        if career_field is not None:
            roles = roles.filter(field=career_field)
        matches = rank_roles(list(roles), questions, answers)
    top_slugs = slugs_to_compare(matches)
    return render(
        request,
        "roles/fit.html",
        {
            "fields": fields,
            "career_field": career_field,
            "unknown_field": bool(chosen_slug) and career_field is None,
            "questions": form_questions(questions, answers),
            "question_count": len(questions),
            "answered_count": len(answers),
            "ignored": ignored,
            "all_skipped": all_skipped(request.GET, questions, answers, ignored),
            "matches": matches,
            "compare_top_url": compare_url(top_slugs) if top_slugs else "",
            "compare_top_count": len(top_slugs),
            "breadcrumb": [("Find your fit", "")],
        },
    )


@require_safe
def search(request):
    terms = read_query(request.GET.get("q", ""))
    page = results = None
    occupations, more_occupations = [], False
    if terms:
        # Queries: occupations whose names hold the words; their matching alternate titles.
        occupations, more_occupations = search_occupations(
            Occupation.objects.visible_to(request.user), terms
        )
        # Queries: the count of matching roles; this page of them with their field; their matching
        # duties; their matching qualifications.
        roles = (
            search_roles(Role.objects.visible_to(request.user), terms)
            .select_related("field")
            .prefetch_related(*match_prefetches(terms))
        )
        page = Paginator(roles, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        results = explain_matches(page.object_list, terms)
    return render(
        request,
        "roles/search.html",
        {
            "terms": terms,
            "page": page,
            "results": results,
            "occupations": occupations,
            "more_occupations": more_occupations,
            "uses_full_text_search": uses_full_text_search(),
        },
    )
