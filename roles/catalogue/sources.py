"""The sources page: every source the guide cites, and the pages that cite it."""

from dataclasses import dataclass, field

from django.db.models import Count

from roles.models import LabourFigure, RoleDuty, RoleQualification, Source
from roles.models.occupations import shown_to_readers


@dataclass
class CitedSource:
    source: Source
    uses: dict = field(default_factory=dict)  # role -> [what that role's page takes from it]
    occupation_count: int = 0  # occupation pages showing its figures

    @property
    def pages(self):
        return sorted(self.uses.items(), key=lambda item: item[0].title)


def cited_sources(visible_roles):
    """Sources with the visible pages citing them: role pages (figures, or a qualification's
    link), and how many occupation pages show their figures."""
    shown_occupations = shown_to_readers("wage_estimates__occupations__")
    sources = Source.objects.annotate(
        occupation_total=Count("wage_estimates__occupations", filter=shown_occupations)
    ).order_by("name")
    by_id = {
        source.pk: CitedSource(source, occupation_count=source.occupation_total)
        for source in sources
    }
    by_url = {cited.source.url.rstrip("/"): cited for cited in by_id.values()}
    for figure in (
        LabourFigure.objects.filter(role__in=visible_roles)
        .select_related("role")
        .order_by("role__title", "metric")
    ):
        by_id[figure.source_id].uses.setdefault(figure.role, []).append(
            f"{figure.get_metric_display().lower()} ({figure.year})"
        )
    for role_qualification in (
        RoleQualification.objects.filter(role__in=visible_roles)
        .exclude(qualification__url="")
        .select_related("role", "qualification")
        .order_by("role__title", "order")
    ):
        cited = by_url.get(role_qualification.qualification.url.rstrip("/"))
        if cited is not None:
            cited.uses.setdefault(role_qualification.role, []).append(
                role_qualification.qualification.name
            )
    return list(by_id.values())


def onet_informed_duties(visible_roles):
    """Roles whose duties draw on O*NET task wording, with those duties."""
    roles = {}
    for role_duty in (
        RoleDuty.objects.filter(role__in=visible_roles, duty__onet_task_id__isnull=False)
        .select_related("role", "duty")
        .order_by("role__title", "order")
    ):
        roles.setdefault(role_duty.role, []).append(role_duty.duty)
    return list(roles.items())
