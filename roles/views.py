"""Public pages: the home page, the role list, role pages and comparison charts."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from roles import export
from roles.charts import (
    career_paths,
    field_career_paths,
    field_moves,
    pay_chart,
)
from roles.comparison import (
    MAX_ROLES,
    MIN_ROLES,
    build_chart,
    compare_url,
    curated_comparison_for,
    figures_by_metric,
    figures_prefetch,
    is_slug,
    picker_roles,
    role_profile_prefetches,
    select_roles,
    selection_problem,
    unknown_roles_problem,
    uses_onet,
)
from roles.fit import (
    QUESTIONS,
    all_skipped,
    form_questions,
    rank_roles,
    read_answers,
    slugs_to_compare,
)
from roles.listing import filter_roles, median_pay_prefetch
from roles.models import COMPARE_SEPARATOR, CareerField, Comparison, Role
from roles.profile import group_duties, group_qualifications, related_roles
from roles.search import (
    RESULTS_PER_PAGE,
    explain_matches,
    match_prefetches,
    read_query,
    search_roles,
    uses_full_text_search,
)
from roles.sources import cited_sources, onet_informed_duties


def _with_chart_urls(comparisons):
    for comparison in comparisons:
        comparison.chart_url = compare_url(role.slug for role in comparison.roles.all())
    return comparisons


@require_safe
def home(request):
    visible_roles = Role.objects.visible_to(request.user).order_by("title")
    # Queries: career fields; their visible roles; featured comparisons; those comparisons' roles.
    fields = CareerField.objects.prefetch_related(Prefetch("roles", queryset=visible_roles))
    featured = _with_chart_urls(
        Comparison.objects.visible_to(request.user)
        .filter(featured=True)
        .prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("slug")))
    )
    return render(
        request,
        "roles/home.html",
        {
            "fields": [career_field for career_field in fields if career_field.roles.all()],
            "featured_comparisons": featured,
        },
    )


@require_safe
def role_list(request):
    # Queries: career fields for the field filter; roles with fields, median pay and growth;
    # their median pay figures with sources; with a pay or outlook filter, roles left out.
    listing = filter_roles(
        Role.objects.visible_to(request.user)
        .select_related("field")
        .prefetch_related(median_pay_prefetch()),
        request.GET,
    )
    return render(request, "roles/role_list.html", {"listing": listing})


@require_safe
def role_detail(request, slug):
    role = get_object_or_404(
        Role.objects.visible_to(request.user)
        .select_related("field")
        .prefetch_related(*role_profile_prefetches(request.user)),
        slug=slug,
    )
    comparisons = _with_chart_urls(
        Comparison.objects.visible_to(request.user)
        .filter(roles=role)
        .prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("slug")))
    )
    compare_choices = [other for other in picker_roles(request.user) if other.pk != role.pk]
    related = related_roles(role, compare_choices)
    for other in related:
        other.compare_url = compare_url([role.slug, other.slug])
    return render(
        request,
        "roles/role_detail.html",
        {
            "role": role,
            "figures": figures_by_metric(role),
            "duty_groups": group_duties(role),
            "qualification_groups": group_qualifications(role),
            "related_roles": related,
            "comparisons": comparisons,
            "uses_onet": uses_onet([role]),
            "compare_choices": compare_choices,
            "career_paths": field_career_paths(role.field, request.user, current=role),
            "breadcrumb": [("All roles", reverse("roles:role_list")), (role.title, "")],
        },
    )


def _render_picker(request, *, message="", status=200, selected=()):
    # Queries: every role the reader may pick, with its field (for grouping).
    return render(
        request,
        "roles/compare_picker.html",
        {
            "picker_roles": picker_roles(request.user),
            "selected": list(selected),
            "message": message,
            "breadcrumb": [("Compare roles", "")],
        },
        status=status,
    )


def _keep_view_options(url, request):
    """Carry the chart's view options (e.g. differences only) through a redirect."""
    if request.GET.get("differences") == "only":
        return f"{url}?differences=only"
    return url


@require_safe
def compare_picker(request):
    """The picker: `?roles=a&roles=b...` goes to the chart's one canonical address."""
    requested = [slug.strip() for slug in request.GET.getlist("roles") if slug.strip()]
    if not requested:
        return _render_picker(request)
    problem = selection_problem(requested)
    if problem is None:
        known = set(
            Role.objects.visible_to(request.user)
            .filter(slug__in=[slug for slug in requested if is_slug(slug)])
            .values_list("slug", flat=True)
        )
        problem = unknown_roles_problem(requested, known)
    if problem is not None:
        return _render_picker(
            request, message=problem.message, status=problem.status, selected=requested
        )
    return redirect(_keep_view_options(compare_url(requested), request))


@require_safe
def compare(request, slugs):
    requested = slugs.split(COMPARE_SEPARATOR)
    selection = select_roles(requested, request.user)
    if selection.needs_redirect:
        return redirect(
            _keep_view_options(compare_url(selection.canonical), request), permanent=True
        )
    if selection.problem is not None:
        problem = selection.problem
        return _render_picker(
            request, message=problem.message, status=problem.status, selected=requested
        )
    roles, wanted = selection.roles, selection.canonical
    chart = build_chart(roles, curated_comparison_for(roles, request.user))
    differences_only = request.GET.get("differences") == "only"
    return render(
        request,
        "roles/compare.html",
        {
            "chart": chart,
            "roles": roles,
            "rows": chart.differing_rows if differences_only else chart.rows,
            "pay_chart": pay_chart(roles),
            "slugs": export.joined_slugs(wanted),
            "differences_only": differences_only,
            "picker_roles": picker_roles(request.user),
            "selected": wanted,
            "uses_onet": uses_onet(roles),
            "breadcrumb": [("Compare roles", reverse("roles:compare_picker")), ("Chart", "")],
        },
    )


@require_safe
def comparison_by_slug(request, slug):
    """A curated comparison's own address: send the reader to its chart."""
    comparison = get_object_or_404(
        Comparison.objects.visible_to(request.user).prefetch_related("roles"), slug=slug
    )
    slugs = [role.slug for role in comparison.roles.all()]
    if not MIN_ROLES <= len(slugs) <= MAX_ROLES:
        raise Http404("This comparison has no chart yet.")
    return redirect(compare_url(slugs))


@require_safe
def fit(request):
    """The fit helper: its questions, and once answered, every role ranked with reasons."""
    answers, ignored = read_answers(request.GET)
    matches = []
    if answers:
        # Queries: roles; duties with their catalogue entries; qualifications; figures with
        # sources; work settings; moves. None of them grows with the number of roles.
        roles = Role.objects.visible_to(request.user).prefetch_related(
            *role_profile_prefetches(request.user)
        )
        matches = rank_roles(list(roles), answers)
    top_slugs = slugs_to_compare(matches)
    return render(
        request,
        "roles/fit.html",
        {
            "questions": form_questions(answers),
            "question_count": len(QUESTIONS),
            "answered_count": len(answers),
            "ignored": ignored,
            "all_skipped": all_skipped(request.GET, answers, ignored),
            "matches": matches,
            "compare_top_url": compare_url(top_slugs) if top_slugs else "",
            "compare_top_count": len(top_slugs),
            "breadcrumb": [("Find your fit", "")],
        },
    )


@require_safe
def sources(request):
    visible_roles = Role.objects.visible_to(request.user)
    # Queries: sources; figures with their roles; linked qualifications with their roles;
    # duties informed by O*NET with their roles.
    return render(
        request,
        "roles/sources.html",
        {
            "cited_sources": cited_sources(visible_roles),
            "onet_roles": onet_informed_duties(visible_roles),
            "breadcrumb": [("Sources", "")],
        },
    )


@require_safe
def field_detail(request, slug):
    # Queries: the field; its visible roles; their figures with sources; moves with both ends.
    career_field = get_object_or_404(CareerField, slug=slug)
    field_roles = list(
        Role.objects.visible_to(request.user)
        .filter(field=career_field)
        .order_by("title")
        .prefetch_related(figures_prefetch())
    )
    return render(
        request,
        "roles/field_detail.html",
        {
            "career_field": career_field,
            "roles": field_roles,
            "career_paths": career_paths(field_roles, field_moves(career_field, request.user)),
            "pay_chart": pay_chart(field_roles, title=f"Annual pay in {career_field.name.lower()}"),
            "breadcrumb": [(career_field.name, "")],
        },
    )


@require_safe
def search(request):
    terms = read_query(request.GET.get("q", ""))
    page = results = None
    if terms:
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
            "uses_full_text_search": uses_full_text_search(),
        },
    )


@require_safe
def role_json(request, slug):
    # Queries: role with field; duties; qualifications; figures with sources; work settings; moves.
    role = (
        Role.objects.visible_to(request.user)
        .select_related("field")
        .prefetch_related(*role_profile_prefetches(request.user))
        .filter(slug=slug)
        .first()
    )
    if role is None:
        return export.data_error("json", "The guide has no published role at that address.", 404)
    return export.json_response(export.role_data(role, request.build_absolute_uri))


def _chart_for_download(request, slugs, extension):
    """The chart a data download holds, or else the redirect or error that answers instead."""
    selection = select_roles(slugs.split(COMPARE_SEPARATOR), request.user)
    if selection.needs_redirect:
        return None, redirect(
            export.compare_data_url(selection.canonical, extension), permanent=True
        )
    if selection.problem is not None:
        problem = selection.problem
        return None, export.data_error(extension, problem.message, problem.status)
    roles = selection.roles
    return build_chart(roles, curated_comparison_for(roles, request.user)), None


@require_safe
def compare_csv(request, slugs):
    # Queries (as the chart page): roles with fields; duties; qualifications; figures with
    # sources; work settings; moves; the curated comparison; its row notes.
    chart, answer = _chart_for_download(request, slugs, "csv")
    return answer or export.csv_download(chart)


@require_safe
def compare_json(request, slugs):
    # Queries: as compare_csv.
    chart, answer = _chart_for_download(request, slugs, "json")
    if answer is not None:
        return answer
    return export.json_response(export.comparison_data(chart, request.build_absolute_uri))
