"""The sitemap's sections: every page readers may reach that search engines should index, with
when its content last changed where the guide records it. Addresses are built from SITE_URL,
never from the request's Host header."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils.functional import cached_property

from roles.compare.selection import MAX_JOBS, MIN_JOBS, compare_url
from roles.models import CareerField, Comparison, Occupation, Role, Status
from roles.models.occupations import shown_to_readers

# What an anonymous reader (and so a search engine) may see.
READER = AnonymousUser()
# The pages that are not about one thing, as readers find them from the header.
PAGES = [
    "roles:home",
    "roles:role_list",
    "roles:compare_picker",
    "roles:fit",
    "roles:next_moves_finder",
    "roles:sources",
]


class SiteSitemap(Sitemap):
    """A section whose addresses start with SITE_URL."""

    def get_urls(self, page=1, site=None, protocol=None):
        address = urlsplit(settings.SITE_URL)
        return self._urls(page, address.scheme, address.netloc + address.path)


class RoleSitemap(SiteSitemap):
    def items(self):
        return Role.objects.visible_to(READER).only("slug", "updated_at").order_by("slug")

    def lastmod(self, role):
        return role.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class OccupationSitemap(SiteSitemap):
    def items(self):
        return Occupation.objects.visible_to(READER).only("slug", "updated_at").order_by("code")

    def lastmod(self, occupation):
        return occupation.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class FieldSitemap(SiteSitemap):
    """Curated fields with a published role and SOC major groups with an occupation readers see;
    a field records no change of its own, so its date is its latest role's or occupation's."""

    @cached_property
    def fields(self):
        # Fetched once: the index asks for the items twice (the latest date, the pages).
        curated = CareerField.objects.curated().annotate(
            latest=Max("roles__updated_at", filter=Q(roles__status=Status.PUBLISHED))
        )
        groups = CareerField.objects.major_groups().annotate(
            latest=Max("occupations__updated_at", filter=shown_to_readers("occupations__"))
        )
        return [
            *curated.filter(latest__isnull=False).order_by("order", "name"),
            *groups.filter(latest__isnull=False).order_by("soc_major_group"),
        ]

    def items(self):
        return self.fields

    def lastmod(self, career_field):
        return career_field.latest


class ComparisonSitemap(SiteSitemap):
    """Published comparisons, at their chart's canonical address. A chart shows its roles' data as
    well as the comparison's own words, so its date is the latest of theirs."""

    @cached_property
    def charts(self):
        comparisons = (
            Comparison.objects.visible_to(READER)
            .annotate(
                role_count=Count("roles", distinct=True), roles_changed=Max("roles__updated_at")
            )
            .filter(role_count__gte=MIN_JOBS, role_count__lte=MAX_JOBS)
            .prefetch_related(Prefetch("roles", queryset=Role.objects.only("slug")))
            .order_by("slug")
        )
        charts = {}
        for comparison in comparisons:
            comparison.chart_url = compare_url(role.slug for role in comparison.roles.all())
            comparison.changed = max(comparison.updated_at, comparison.roles_changed)
            charts.setdefault(comparison.chart_url, comparison)
        return list(charts.values())

    def items(self):
        return self.charts

    def location(self, comparison):
        return comparison.chart_url

    def lastmod(self, comparison):
        return comparison.changed


class PageSitemap(SiteSitemap):
    """The home page, the list of jobs, the picker, the fit helper, next moves and the sources.
    No date: they change with everything, and nothing records when."""

    def items(self):
        return PAGES

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "roles": RoleSitemap,
    "occupations": OccupationSitemap,
    "fields": FieldSitemap,
    "comparisons": ComparisonSitemap,
}
