"""Finding jobs: the filtered list of every job, search and the fit helper."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from roles.compare.selection import compare_url
from roles.discover.fit import (
    OCCUPATION_VALUES,
    SHOWN_MATCHES,
    JobFacts,
    all_skipped,
    choose_scope,
    experience_question,
    explain,
    field_questions,
    form_questions,
    questions_for,
    rank_jobs,
    read_answers,
    read_first,
    slugs_to_compare,
)
from roles.discover.listing import build_listing, fetch_page_jobs
from roles.discover.search import RESULTS_PER_PAGE, explain_page, find_jobs, read_query
from roles.models import (
    CareerField,
    Occupation,
    Role,
    RoleDuty,
    RoleQualification,
)


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
    """The fields the fit helper can rank: curated fields with roles the reader may see, then the
    SOC major groups with occupations they may see (one query)."""
    roles = Role.objects.visible_to(user).filter(field=OuterRef("pk"))
    occupations = Occupation.objects.visible_to(user).filter(field=OuterRef("pk"))
    return list(
        CareerField.objects.filter(
            (Q(soc_major_group="") & Exists(roles)) | (~Q(soc_major_group="") & Exists(occupations))
        ).order_by("soc_major_group", "order", "name")
    )


@require_safe
def fit(request):
    """The fit helper: its questions, and once answered, the jobs in scope ranked with reasons."""
    # Queries: the fields it can rank; for a curated field, its questions, their answers, the
    # answers' duty kinds and the kinds of experience its roles ask for. Once answered: the
    # field's roles with their occupations, then their duties, figures with sources, work settings
    # and qualifications; or the values of every occupation in scope, then the matches shown with
    # their field, Job Zone and OEWS row (two, whatever their number).
    fields = _fit_fields(request.user)
    scope = choose_scope(request.GET, fields)
    field_roles = None
    if scope.ranks_roles:
        field_roles = Role.objects.visible_to(request.user).filter(field=scope.career_field)
    questions = questions_for(
        scope, field_questions(scope.career_field), experience_question(field_roles)
    )
    answers, problems = read_answers(request.GET, questions)
    first, first_problem = read_first(request.GET, questions, answers)
    ranking, shown = None, []
    if answers and scope.ranks_roles:
        roles = field_roles.with_figures().prefetch_related(
            Prefetch("role_duties", queryset=RoleDuty.objects.select_related("duty")),
            "work_settings",
            Prefetch(
                "role_qualifications",
                queryset=RoleQualification.objects.select_related("qualification"),
            ),
        )
        ranking = rank_jobs([JobFacts.of_role(role) for role in roles], questions, answers, first)
        shown = explain(ranking.matches[:SHOWN_MATCHES], ranking)
    elif answers:
        occupations = Occupation.objects.visible_to(request.user)
        if scope.career_field is not None:
            occupations = occupations.filter(field=scope.career_field)
        rows = occupations.order_by().values(*OCCUPATION_VALUES)
        ranking = rank_jobs(
            [JobFacts.of_occupation(row) for row in rows], questions, answers, first
        )
        best = ranking.matches[:SHOWN_MATCHES]
        jobs = occupations.select_related("field", "job_zone", "wage_estimate__source").in_bulk(
            [match.facts.pk for match in best]
        )
        shown = explain(best, ranking, jobs)
    top_slugs = slugs_to_compare(shown)
    return render(
        request,
        "roles/fit.html",
        {
            "curated_fields": [f for f in fields if not f.is_major_group],
            "major_groups": [f for f in fields if f.is_major_group],
            "scope": scope,
            "questions": form_questions(questions, answers),
            "question_count": len(questions),
            "answered_count": len(answers),
            "problems": [*problems, first_problem] if first_problem else problems,
            "first": first,
            "all_skipped": all_skipped(request.GET, questions, answers, problems),
            "matches": shown,
            "ranked_count": len(ranking.matches) if ranking else 0,
            "compare_top_url": compare_url(top_slugs) if top_slugs else "",
            "compare_top_count": len(top_slugs),
            "ranking_rules": ranking.rules if ranking else [],
            "breadcrumb": [("Find your fit", "")],
        },
    )


@require_safe
def search(request):
    terms = read_query(request.GET.get("q", ""))
    page = results = None
    if terms:
        occupations = Occupation.objects.visible_to(request.user)
        roles = Role.objects.visible_to(request.user)
        # Queries: the postings of the words asked about (and, for a misspelling, the words it
        # may stand for and the correction's postings); then `explain_page`'s, for this page only.
        hits = find_jobs(terms, occupations, roles)
        page = Paginator(hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        results = explain_page(page.object_list, occupations, roles)
    return render(request, "roles/search.html", {"terms": terms, "page": page, "results": results})
