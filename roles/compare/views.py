"""The compare picker, the comparison chart and its downloads."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from roles.compare import export
from roles.compare.chart import build_chart, curated_comparison_for
from roles.compare.drawing import pay_chart
from roles.compare.selection import (
    MAX_JOBS,
    MIN_JOBS,
    SUGGESTIONS,
    chosen,
    compare_url,
    find_jobs,
    picker_choices,
    select_jobs,
    selection_problem,
    unknown_jobs_problem,
)
from roles.compare.shared_work import fetch_shared_work
from roles.models import COMPARE_SEPARATOR, CareerField, Comparison
from roles.seo import citation

MAX_SEARCH_LENGTH = 100


def _search_text(request):
    return " ".join(request.GET.get("q", "").split())[:MAX_SEARCH_LENGTH]


def _picker_field(request):
    """The field the reader is browsing (an unknown slug browses none), and the fields to offer."""
    fields = list(CareerField.objects.order_by("soc_major_group", "order", "name"))
    slug = request.GET.get("field", "").strip()
    return next((f for f in fields if f.slug == slug), None), fields


def _render_picker(request, *, requested=(), message="", status=200):
    # Queries: the fields to browse; the chosen jobs (roles, occupations); with a field or a
    # search, the jobs it finds (roles, occupations).
    career_field, fields = _picker_field(request)
    text = _search_text(request)
    selected = chosen(list(requested), request.user)
    chosen_slugs = {choice.slug for choice in selected}
    results, more = [], False
    if career_field is not None or text:
        results, more = picker_choices(request.user, field=career_field, text=text)
        results = [choice for choice in results if choice.slug not in chosen_slugs]
    return render(
        request,
        "roles/compare_picker.html",
        {
            "selected": selected,
            "fields": fields,
            "browsed_field": career_field,
            "search_text": text,
            "searched": career_field is not None or bool(text),
            "results": results,
            "more_results": more,
            "min_jobs": MIN_JOBS,
            "max_jobs": MAX_JOBS,
            "differences_only": request.GET.get("differences") == "only",
            "message": message,
            "breadcrumb": [("Compare jobs", "")],
        },
        status=status,
    )


def _keep_view_options(url, request):
    """Carry the chart's view options (e.g. differences only) through a redirect."""
    if request.GET.get("differences") == "only":
        return f"{url}?differences=only"
    return url


def picker_url(slugs):
    """The picker with these jobs already chosen, ready to add or remove some."""
    query = urlencode([("roles", slug) for slug in slugs] + [("browse", "1")])
    return f"{reverse('roles:compare_picker')}?{query}"


@require_safe
def compare_picker(request):
    """The picker. `?roles=a&roles=b...` alone goes to the chart's one canonical address; with
    `browse`, a search or a field, the picker lists jobs to add to those already chosen."""
    requested = [slug.strip() for slug in request.GET.getlist("roles") if slug.strip()]
    browsing = "browse" in request.GET or "q" in request.GET or "field" in request.GET
    if not requested or (browsing and "go" not in request.GET):
        return _render_picker(request, requested=requested)
    problem = selection_problem(requested)
    if problem is None:
        problem = unknown_jobs_problem(requested, set(find_jobs(requested, request.user)))
    if problem is not None:
        return _render_picker(
            request, requested=requested, message=problem.message, status=problem.status
        )
    return redirect(_keep_view_options(compare_url(requested), request))


@require_safe
def suggest(request):
    """Jobs whose title contains `q`, for the picker's type-to-find (a small JSON list)."""
    text = _search_text(request)
    if len(text) < 2:
        return JsonResponse({"results": []})
    results, _ = picker_choices(request.user, text=text, limit=SUGGESTIONS)
    return JsonResponse(
        {
            "results": [
                {
                    "slug": choice.slug,
                    "title": choice.title,
                    "kind": choice.kind_label,
                    "field": choice.field_name,
                }
                for choice in results
            ]
        }
    )


@require_safe
def compare(request, slugs):
    requested = slugs.split(COMPARE_SEPARATOR)
    selection = select_jobs(requested, request.user)
    if selection.needs_redirect:
        return redirect(
            _keep_view_options(compare_url(selection.canonical), request), permanent=True
        )
    if selection.problem is not None:
        problem = selection.problem
        return _render_picker(
            request, requested=requested, message=problem.message, status=problem.status
        )
    jobs = selection.jobs
    chart = build_chart(jobs, curated_comparison_for(jobs, request.user))
    differences_only = request.GET.get("differences") == "only"
    path = compare_url(selection.canonical)
    return render(
        request,
        "roles/compare.html",
        {
            "chart": chart,
            "jobs": jobs,
            "rows": chart.differing_rows if differences_only else chart.rows,
            "pay_chart": pay_chart(jobs),
            "shared_work": fetch_shared_work(jobs),
            "slugs": export.joined_slugs(selection.canonical),
            "differences_only": differences_only,
            "picker_url": picker_url(selection.canonical),
            "credit": export.onet_credit(jobs),
            "sources": export.cited_sources(jobs),
            "citation": citation.for_chart(chart.title, path, jobs, chart.comparison),
            "breadcrumb": [("Compare jobs", reverse("roles:compare_picker")), ("Chart", "")],
        },
    )


@require_safe
def comparison_by_slug(request, slug):
    """A curated comparison's own address: send the reader to its chart."""
    comparison = get_object_or_404(
        Comparison.objects.visible_to(request.user).prefetch_related("roles"), slug=slug
    )
    slugs = [role.slug for role in comparison.roles.all()]
    if not MIN_JOBS <= len(slugs) <= MAX_JOBS:
        raise Http404("This comparison has no chart yet.")
    return redirect(compare_url(slugs))


def _chart_for_download(request, slugs, extension):
    """The chart a data download holds, or else the redirect or error that answers instead."""
    selection = select_jobs(slugs.split(COMPARE_SEPARATOR), request.user)
    if selection.needs_redirect:
        return None, redirect(
            export.compare_data_url(selection.canonical, extension), permanent=True
        )
    if selection.problem is not None:
        problem = selection.problem
        return None, export.data_error(extension, problem.message, problem.status)
    jobs = selection.jobs
    return build_chart(jobs, curated_comparison_for(jobs, request.user)), None


@require_safe
def compare_csv(request, slugs):
    # Queries (as the chart page): the jobs with everything a column shows; the curated
    # comparison and its row notes, for a chart of curated roles.
    chart, answer = _chart_for_download(request, slugs, "csv")
    return answer or export.csv_download(chart)


@require_safe
def compare_json(request, slugs):
    # Queries: as compare_csv.
    chart, answer = _chart_for_download(request, slugs, "json")
    if answer is not None:
        return answer
    return export.json_response(export.comparison_data(chart, export.site_url))
