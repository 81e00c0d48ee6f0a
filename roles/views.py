"""Public pages: the home page, the role list, role pages and comparison charts."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from roles.comparison import (
    MAX_ROLES,
    MIN_ROLES,
    build_chart,
    canonical_slugs,
    compare_url,
    curated_comparison_for,
    figures_by_metric,
    role_profile_prefetches,
)
from roles.models import COMPARE_SEPARATOR, CareerField, Comparison, Role
from roles.profile import group_duties, group_qualifications, related_roles


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
    roles = (
        Role.objects.visible_to(request.user)
        .select_related("field")
        .order_by("field__order", "field__name", "title")
    )
    return render(request, "roles/role_list.html", {"roles": roles})


@require_safe
def role_detail(request, slug):
    role = get_object_or_404(
        Role.objects.visible_to(request.user)
        .select_related("field")
        .prefetch_related(*role_profile_prefetches()),
        slug=slug,
    )
    comparisons = _with_chart_urls(
        Comparison.objects.visible_to(request.user)
        .filter(roles=role)
        .prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("slug")))
    )
    related = related_roles(role, Role.objects.visible_to(request.user))
    uses_onet = any(role_duty.duty.onet_task_id for role_duty in role.role_duties.all())
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
            "uses_onet": uses_onet,
            "breadcrumb": [("All roles", reverse("roles:role_list")), (role.title, "")],
        },
    )


@require_safe
def compare(request, slugs):
    requested = slugs.split(COMPARE_SEPARATOR)
    wanted = canonical_slugs(requested)
    if not MIN_ROLES <= len(wanted) <= MAX_ROLES:
        raise Http404("A comparison needs two to four different roles.")
    if wanted != requested:
        return redirect(compare_url(wanted), permanent=True)
    found = {
        role.slug: role
        for role in Role.objects.visible_to(request.user)
        .filter(slug__in=wanted)
        .select_related("field")
        .prefetch_related(*role_profile_prefetches())
    }
    if len(found) != len(wanted):
        raise Http404("One of those roles is not in the guide.")
    roles = [found[slug] for slug in wanted]
    chart = build_chart(roles, curated_comparison_for(roles, request.user))
    uses_onet = any(
        role_duty.duty.onet_task_id for role in roles for role_duty in role.role_duties.all()
    )
    return render(
        request,
        "roles/compare.html",
        {
            "chart": chart,
            "roles": roles,
            "uses_onet": uses_onet,
            "breadcrumb": [("All roles", reverse("roles:role_list")), ("Comparison", "")],
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
