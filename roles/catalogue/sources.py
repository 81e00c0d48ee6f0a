"""The sources page: every source the guide cites, and the pages that cite it."""

import html
import re
from dataclasses import dataclass, field

from django.db.models import Count

from roles.models import (
    OFFICIAL_FIGURES,
    OFFICIAL_METRICS,
    Comparison,
    LabourFigure,
    RoleDuty,
    RoleQualification,
    Source,
    Status,
)
from roles.models.occupations import shown_to_readers

# A link in an editor's rendered text (role overviews, comparisons' introductions and advice).
LINK = re.compile(r'<a\s[^>]*?href="([^"]+)"')
CITED_IN_TEXT = "cited in the text"


@dataclass
class CitedSource:
    source: Source
    uses: dict = field(default_factory=dict)  # role -> [what that role's page takes from it]
    occupation_count: int = 0  # occupation pages showing its figures

    @property
    def pages(self):
        return sorted(self.uses.items(), key=lambda item: item[0].title)


def linked_urls(rendered):
    """The addresses `rendered` HTML links to, without a trailing slash."""
    return {html.unescape(url).rstrip("/") for url in LINK.findall(rendered)}


def cited_sources(visible_roles, visible_comparisons=None):
    """Sources with the visible pages citing them: role pages (figures, a qualification's link,
    or a link in the overview, such as the note on titles), comparisons whose text links to
    them, and how many occupation pages show their figures. Comparisons default to those
    readers see."""
    shown_occupations = shown_to_readers("wage_estimates__occupations__")
    sources = Source.objects.annotate(
        occupation_total=Count("wage_estimates__occupations", filter=shown_occupations)
    ).order_by("name")
    by_id = {
        source.pk: CitedSource(source, occupation_count=source.occupation_total)
        for source in sources
    }
    by_url = {cited.source.url.rstrip("/"): cited for cited in by_id.values()}
    official = visible_roles.filter(OFFICIAL_FIGURES)
    for role in official.select_related("occupation__wage_estimate").order_by("title"):
        estimate = role.occupation.wage_estimate
        by_id[estimate.source_id].uses.setdefault(role, []).append(
            f"pay and employment ({estimate.period})"
        )
    for figure in (
        LabourFigure.objects.filter(role__in=visible_roles)
        # A role that takes its occupation's OEWS pay and employment shows no figure of its own for them.
        .exclude(role__in=official, metric__in=OFFICIAL_METRICS)
        .select_related("role", "source")
        .order_by("role__title", "metric")
    ):
        by_id[figure.source_id].uses.setdefault(figure.role, []).append(
            f"{figure.get_metric_display().lower()} ({figure.as_figure().period})"
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
    if visible_comparisons is None:
        visible_comparisons = Comparison.objects.published().exclude(roles__status=Status.DRAFT)
    pages = [
        *(
            (role, role.overview_html)
            for role in visible_roles.only("title", "slug", "overview_html")
        ),
        *(
            (comparison, comparison.introduction_html + comparison.advice_html)
            for comparison in visible_comparisons.only(
                "title", "slug", "introduction_html", "advice_html"
            )
        ),
    ]
    for page, rendered in pages:
        for url in sorted(linked_urls(rendered)):
            cited = by_url.get(url)
            if cited is not None and CITED_IN_TEXT not in cited.uses.get(page, []):
                cited.uses.setdefault(page, []).append(CITED_IN_TEXT)
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
