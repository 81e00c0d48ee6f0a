"""Pages about one thing: the home page, a role, an occupation, a field, the sources page, a
role's data. Each view fetches explicitly, calls the functions that shape the page, and renders."""

import re

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from roles.catalogue.moves import MOVES_ON_JOB_PAGES, next_moves
from roles.catalogue.paths import field_career_paths
from roles.catalogue.profile import (
    group_duties,
    group_qualifications,
    group_tasks,
    occupation_facts,
    pay_percentiles,
    related_roles,
    related_tiers,
    role_facts,
    work_activities,
)
from roles.catalogue.sources import cited_sources, onet_informed_duties
from roles.compare import export
from roles.compare.drawing import career_paths, pay_chart
from roles.compare.selection import compare_url, find_jobs, picker_choices
from roles.models import (
    AlternateTitle,
    CareerField,
    CareerMove,
    Comparison,
    EducationShare,
    FormerSlug,
    Occupation,
    OccupationSkill,
    RelatedOccupation,
    ReportedTitle,
    Role,
)
from roles.models.occupations import shown_to_readers
from roles.seo import citation, structured

ONET_CODE = re.compile(r"\d{2}-\d{4}\.\d{2}")
SOC_CODE = re.compile(r"\d{2}-\d{4}")
ALTERNATE_TITLES_SHOWN = 40
SKILLS_SHOWN = 10


def _with_chart_urls(comparisons):
    for comparison in comparisons:
        comparison.chart_url = compare_url(role.slug for role in comparison.roles.all())
    return comparisons


def current_release():
    """The O*NET release the catalogue was last imported from (the vendored one before that)."""
    release = Occupation.objects.current().values_list("release", flat=True).first()
    return release or export.ONET_RELEASE


@require_safe
def home(request):
    visible_roles = Role.objects.visible_to(request.user).order_by("title")
    # Queries: curated fields; their visible roles; the major groups with occupation counts;
    # featured comparisons; those comparisons' roles.
    curated = CareerField.objects.curated().prefetch_related(
        Prefetch("roles", queryset=visible_roles)
    )
    groups = (
        CareerField.objects.major_groups()
        .annotate(occupation_count=Count("occupations", filter=shown_to_readers("occupations__")))
        .filter(occupation_count__gt=0)
        .order_by("soc_major_group")
    )
    featured = _with_chart_urls(
        Comparison.objects.visible_to(request.user)
        .filter(featured=True)
        .prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("slug")))
    )
    return render(
        request,
        "roles/home.html",
        {
            "fields": [career_field for career_field in curated if career_field.roles.all()],
            "major_groups": groups,
            "occupation_total": sum(group.occupation_count for group in groups),
            "featured_comparisons": featured,
        },
    )


@require_safe
def role_detail(request, slug):
    # Queries: the role with its field and occupation; duties; qualifications; figures; work
    # settings; moves; the field's duty kinds; comparisons with their roles; related roles;
    # the field's roles and moves for the career paths.
    role = (
        Role.objects.visible_to(request.user).with_profile(request.user).filter(slug=slug).first()
    )
    if role is None:
        return _former_address(request, slug)
    comparisons = _with_chart_urls(
        Comparison.objects.visible_to(request.user)
        .filter(roles=role)
        .prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("slug")))
    )
    move_targets = [move.to_role_id for move in role.moves.all() if move.to_role_id]
    candidates = (
        Role.objects.visible_to(request.user)
        .filter(Q(field=role.field_id) | Q(pk__in=move_targets))
        .exclude(pk=role.pk)
    )
    related = related_roles(role, candidates)
    for other in related:
        other.compare_url = compare_url([role.slug, other.slug])
    occupation, moves = _job_moves(role, request.user, limit=MOVES_ON_JOB_PAGES)
    facts = role_facts(role)
    duty_groups = group_duties(role)
    qualification_groups = group_qualifications(role)
    breadcrumb = [("All jobs", reverse("roles:role_list")), (role.title, "")]
    return render(
        request,
        "roles/role_detail.html",
        {
            "role": role,
            "moves": moves,
            "facts": facts,
            "occupation": occupation,
            "occupation_compare_url": compare_url([role.slug, occupation.slug])
            if occupation
            else "",
            "duty_groups": duty_groups,
            "qualification_groups": qualification_groups,
            "related_roles": related,
            "comparisons": comparisons,
            "credit": export.onet_credit([role]),
            "picker_url": reverse("roles:compare_picker") + f"?roles={role.slug}&browse=1",
            "career_paths": field_career_paths(role.field, request.user, current=role),
            "breadcrumb": breadcrumb,
            "citation": citation.for_role(role),
            "structured_data": structured.scripts(
                structured.role_occupation(
                    role,
                    facts=facts,
                    occupation=occupation,
                    duty_groups=duty_groups,
                    qualification_groups=qualification_groups,
                ),
            ),
        },
    )


@require_safe
def occupation_detail(request, slug):
    occupations = Occupation.objects.visible_to(request.user)
    occupation = occupations.with_page().filter(slug=slug).first()
    if occupation is None:
        # "23-2011" is a SOC code: its O*NET occupation is usually "23-2011.00".
        if SOC_CODE.fullmatch(slug):
            return occupation_by_code(request, f"{slug}.00")
        raise Http404("No occupation at this address.")
    # Queries: the occupation with its field, Job Zone, education and OEWS row; its tasks; their
    # work activities; reported titles; the first alternate titles; their count; top skills;
    # education shares; related occupations; curated roles in it.
    alternate_titles = AlternateTitle.objects.filter(occupation=occupation)
    related = (
        RelatedOccupation.objects.filter(occupation=occupation, related__in=occupations)
        .select_related("related")
        .order_by("index")
    )
    related_groups = related_tiers(related)
    for group in related_groups:
        for other in group.entries:
            other.compare_url = compare_url([occupation.slug, other.slug])
    curated = list(
        Role.objects.visible_to(request.user).filter(occupation=occupation).order_by("title")
    )
    for role in curated:
        role.compare_url = compare_url([occupation.slug, role.slug])
    percentiles = pay_percentiles(occupation)
    task_groups = group_tasks(occupation)
    skills = list(
        OccupationSkill.objects.filter(occupation=occupation, suppressed=False)
        .select_related("skill")
        .order_by("-importance", "skill__name")[:SKILLS_SHOWN]
    )
    breadcrumb = [
        (occupation.field.name, occupation.field.get_absolute_url()),
        (occupation.title, ""),
    ]
    _, moves = _job_moves(occupation, request.user, limit=MOVES_ON_JOB_PAGES)
    return render(
        request,
        "roles/occupation_detail.html",
        {
            "occupation": occupation,
            "moves": moves,
            "facts": occupation_facts(occupation),
            "percentiles": percentiles,
            "pay_source": next((a or h for _, a, h in percentiles), None),
            "credit": export.onet_credit([occupation]),
            "task_groups": task_groups,
            "activities": work_activities(occupation),
            "reported_titles": list(ReportedTitle.objects.filter(occupation=occupation)),
            "alternate_titles": list(alternate_titles[:ALTERNATE_TITLES_SHOWN]),
            "alternate_title_count": alternate_titles.count(),
            "skills": skills,
            "education_shares": list(
                EducationShare.objects.filter(occupation=occupation)
                .exclude(percent=0)
                .select_related("category")
                .order_by("category__number")
            ),
            "related_groups": related_groups,
            "curated_roles": curated,
            "picker_url": reverse("roles:compare_picker") + f"?roles={occupation.slug}&browse=1",
            "breadcrumb": breadcrumb,
            "citation": citation.for_occupation(occupation),
            "structured_data": structured.scripts(
                structured.occupation_occupation(
                    occupation, percentiles=percentiles, task_groups=task_groups, skills=skills
                ),
            ),
        },
    )


def _job_moves(job, user, *, limit=None):
    """The occupation a job's next moves start from, and the moves (none for a role without one)."""
    occupation = job.shown_occupation
    if occupation is None:
        return None, []
    # A role only near its occupation does not share its pay, so no pay change is worked out.
    compare_pay = not job.is_curated or job.within_occupation
    return occupation, next_moves(
        occupation, user, from_slug=job.slug, compare_pay=compare_pay, limit=limit
    )


MOVE_FINDER_RESULTS = 20


@require_safe
def next_moves_finder(request):
    """Where a reader names their current job: straight to its next moves, or a list to pick from."""
    # Queries: none without a name; an exact slug is one or two; a name is two (roles, then
    # occupations, capped).
    text = " ".join(request.GET.get("job", "").split())[:200]
    choices, more = [], False
    if text:
        found = find_jobs([text], request.user)
        if text in found:
            return redirect("roles:next_moves", slug=text)
        choices, more = picker_choices(request.user, text=text, limit=MOVE_FINDER_RESULTS)
        names = {text.lower(), f"{text.lower()}s", f"{text.lower()}es"}
        exact = [choice for choice in choices if choice.title.lower() in names]
        if len(choices) == 1 or len(exact) == 1:
            return redirect("roles:next_moves", slug=(exact or choices)[0].slug)
    return render(
        request,
        "roles/next_moves_finder.html",
        {
            "text": text,
            "choices": choices,
            "more": more,
            "breadcrumb": [("Next moves", "")],
        },
    )


@require_safe
def next_moves_page(request, slug):
    """Every stored next move from one job, with the work that carries over, pay and preparation."""
    # Queries: the role (or, when no role has the slug, the occupation) with what the page
    # shows; the moves with their occupations; the work activities involved.
    found = find_jobs(
        [slug],
        request.user,
        roles=Role.objects.visible_to(request.user).select_related(
            "field", "occupation__job_zone", "occupation__wage_estimate__source"
        ),
        occupations=Occupation.objects.visible_to(request.user).select_related(
            "field", "job_zone", "wage_estimate__source"
        ),
    )
    job = found.get(slug)
    if job is None:
        raise Http404("The guide has no published role or occupation at this address.")
    occupation, moves = _job_moves(job, request.user)
    return render(
        request,
        "roles/next_moves.html",
        {
            "job": job,
            "occupation": occupation,
            "moves": moves,
            "credit": export.onet_credit([job]),
            "breadcrumb": [
                ("Next moves", reverse("roles:next_moves_finder")),
                (job.title, ""),
            ],
        },
    )


@require_safe
def occupation_by_code(request, code):
    """The stable address of an occupation, by its O*NET-SOC code: a permanent redirect."""
    if not ONET_CODE.fullmatch(code):
        raise Http404("That is not an O*NET-SOC code (they look like 23-2011.00).")
    occupation = get_object_or_404(Occupation.objects.visible_to(request.user), code=code)
    return redirect(occupation, permanent=True)


@require_safe
def occupation_titles(request, slug):
    """Every alternate title O*NET lists for an occupation."""
    # Queries: the occupation; its alternate titles.
    occupation = get_object_or_404(
        Occupation.objects.visible_to(request.user).select_related("field"), slug=slug
    )
    return render(
        request,
        "roles/occupation_titles.html",
        {
            "occupation": occupation,
            "credit": export.onet_credit([occupation]),
            "titles": list(AlternateTitle.objects.filter(occupation=occupation)),
            "breadcrumb": [
                (occupation.field.name, occupation.field.get_absolute_url()),
                (occupation.title, occupation.get_absolute_url()),
                ("Other titles", ""),
            ],
        },
    )


@require_safe
def sources(request):
    visible_roles = Role.objects.visible_to(request.user)
    # Queries: sources with their occupation counts; figures with their roles; linked
    # qualifications with their roles; duties informed by O*NET with their roles; the O*NET
    # release imported.
    return render(
        request,
        "roles/sources.html",
        {
            "credit": export.Credit(
                release=current_release(),
                modified=[
                    "the duty wording on the guide's roles is ours, and an occupation's page says "
                    "when an editor has reworded it"
                ],
            ),
            "cited_sources": cited_sources(visible_roles),
            "onet_roles": onet_informed_duties(visible_roles),
            "breadcrumb": [("Sources", "")],
        },
    )


@require_safe
def field_detail(request, slug):
    career_field = get_object_or_404(CareerField, slug=slug)
    if career_field.is_major_group:
        return _major_group(request, career_field)
    # Queries: the field; its visible roles; their figures with sources; moves with both ends.
    field_roles = list(
        Role.objects.visible_to(request.user)
        .filter(field=career_field)
        .order_by("title")
        .with_figures()
    )
    return render(
        request,
        "roles/field_detail.html",
        {
            "career_field": career_field,
            "roles": field_roles,
            "career_paths": career_paths(
                field_roles, CareerMove.objects.out_of_field(career_field, request.user)
            ),
            "pay_chart": pay_chart(field_roles, title=f"Annual pay in {career_field.name.lower()}"),
            "breadcrumb": [(career_field.name, "")],
        },
    )


def _major_group(request, career_field):
    # Queries: the field; its occupations with Job Zone, education and OEWS row; the curated
    # roles within them.
    occupations = list(
        Occupation.objects.visible_to(request.user)
        .filter(field=career_field)
        .for_listing()
        .order_by("title")
    )
    curated = list(
        Role.objects.visible_to(request.user)
        .filter(
            occupation__in=Occupation.objects.visible_to(request.user).filter(field=career_field)
        )
        .select_related("occupation")
        .order_by("title")
    )
    return render(
        request,
        "roles/major_group.html",
        {
            "career_field": career_field,
            "occupations": occupations,
            "credit": export.onet_credit(occupations),
            "pay_period": next(
                (o.wage_estimate.period for o in occupations if o.wage_estimate), ""
            ),
            "curated_roles": curated,
            "breadcrumb": [(career_field.name, "")],
        },
    )


@require_safe
def role_json(request, slug):
    # Queries: as the role page's profile: role with field and occupation; duties;
    # qualifications; figures with sources; work settings; moves; duty kinds.
    role = (
        Role.objects.visible_to(request.user).with_profile(request.user).filter(slug=slug).first()
    )
    if role is None:
        renamed = FormerSlug.objects.current_slugs([slug], request.user)
        if renamed:
            return redirect("roles:role_json", slug=renamed[slug], permanent=True)
        return export.data_error("json", "The guide has no published role at that address.", 404)
    return export.json_response(export.role_data(role, export.site_url))


def _former_address(request, slug):
    """A 301 from a role's former address to its current one, or the 404 page."""
    renamed = FormerSlug.objects.current_slugs([slug], request.user)
    if not renamed:
        raise Http404("No role at this address.")
    return redirect("roles:role_detail", slug=renamed[slug], permanent=True)
