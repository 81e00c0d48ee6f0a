"""robots.txt, the sitemap (an index of sections, Django's sitemaps framework) and /favicon.ico."""

from functools import cache

from django.contrib.sitemaps import views as sitemaps
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from roles.compare.export import site_url
from roles.seo.sitemaps import SITEMAPS

# Only what readers never need: the admin and the Markdown editor's endpoints.
DISALLOWED = ["/admin/", "/markdownx/"]
FAVICON = "img/favicon.ico"


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {site_url(reverse('roles:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@sitemaps.x_robots_tag
def sitemap_index(request):
    """The index of the sitemap's sections, at SITE_URL (the framework's index view uses the
    request's host); a section longer than one sitemap holds is listed once per page."""
    # Queries: the latest date of each section that has one; each section's count (the
    # comparisons and fields sections fetch their items).
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = site_url(reverse("roles:sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(sitemaps.SitemapIndexItem(url, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(sitemaps.SitemapIndexItem(f"{url}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@require_safe
def sitemap_section(request, section):
    # Queries: the section's count and its page of items (comparisons: with their roles).
    return sitemaps.sitemap(request, SITEMAPS, section=section)


@cache
def _favicon():
    path = finders.find(FAVICON)
    if path is None:
        return None
    with open(path, "rb") as handle:
        return handle.read()


@require_safe
def favicon(request):
    """The icon browsers ask for at /favicon.ico (pages also link the SVG and PNG icons)."""
    icon = _favicon()
    if icon is None:
        raise Http404("No favicon.")
    response = HttpResponse(icon, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
