"""What search engines and link previews see: each page's canonical address, robots directive,
title, description and share tags; robots.txt; the sitemap; the site's icons."""

import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from roles.compare.selection import compare_url
from roles.models import CareerField, Comparison, Occupation, Role, Status
from roles.seo.head import TITLE_LIMIT, full_title
from roles.serving.views import server_error
from tests.conftest import make_comparison, make_field, make_role
from tests.test_security_headers import PUBLIC_PAGES

SITE = "https://guide.example.org"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SECTIONS = ["pages", "roles", "occupations", "fields", "comparisons"]
# Pages with no address of their own to index: what a reader asked for is not there.
ERROR_PAGES = {"/roles/no-such-role/", "/compare/paralegal/"}


@pytest.fixture
def guide(_shipped_guide, db, settings):
    """The shipped content on top of the test catalogue, served at SITE."""
    settings.SITE_URL = SITE


class Head(HTMLParser):
    """The <title>, <meta> and <link> elements of a page's <head>."""

    def __init__(self, html):
        super().__init__()
        self.title, self.metas, self.links = "", [], []
        self._in_title = self._in_head = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif self._in_head and tag == "meta":
            self.metas.append(attrs)
        elif self._in_head and tag == "link":
            self.links.append(attrs)
        self._in_title = self._in_head and tag == "title"

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def meta(self, key):
        """The content of the one <meta name=key> or <meta property=key>, or None."""
        found = [m["content"] for m in self.metas if key in (m.get("name"), m.get("property"))]
        assert len(found) <= 1, f"{len(found)} <meta> {key}"
        return found[0] if found else None

    def link(self, rel, **attrs):
        found = [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in attrs.items())
        ]
        assert len(found) <= 1, f"{len(found)} <link rel={rel}>"
        return found[0] if found else None

    @property
    def canonical(self):
        return self.link("canonical")

    @property
    def noindex(self):
        return "noindex" in (self.meta("robots") or "")


def head_of(response):
    return Head(response.content.decode())


def xml_of(response):
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def path_of(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def sitemap_entries(client):
    """{address: lastmod or None} of every page the sitemap lists, read through its index."""
    entries = {}
    for section in locations(xml_of(client.get("/sitemap.xml"))):
        for url in xml_of(client.get(path_of(section))).iter(f"{SITEMAP}url"):
            lastmod = url.find(f"{SITEMAP}lastmod")
            entries[url.find(f"{SITEMAP}loc").text] = None if lastmod is None else lastmod.text
    return entries


def static_file(url):
    """The file a static URL on SITE serves (by the name it was asked for)."""
    path = path_of(url)
    assert url.startswith(SITE) or url.startswith("/"), url
    found = finders.find(path.removeprefix("/static/"))
    assert found, f"no static file at {url}"
    return found


# Sitemap


def test_the_sitemap_index_lists_each_section_at_the_site_address(guide, client):
    root = xml_of(client.get("/sitemap.xml"))

    assert root.tag == f"{SITEMAP}sitemapindex"
    assert locations(root) == [f"{SITE}/sitemap-{section}.xml" for section in SECTIONS]
    for section in SECTIONS:
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        assert xml_of(response).tag == f"{SITEMAP}urlset"
    assert client.get("/sitemap-drafts.xml").status_code == 404


def test_the_sitemap_lists_every_published_page_and_no_draft_or_retired_one(guide, client):
    legal = CareerField.objects.get(slug="legal-support")
    draft_role = make_role("Draft clerk", field=legal, status=Status.DRAFT)
    draft_only_field = make_field(name="Draft-only field", slug="draft-only-field")
    make_role("Draft in empty field", field=draft_only_field, status=Status.DRAFT)
    draft_comparison = make_comparison(
        Role.objects.filter(slug__in=["paralegal", "legal-secretary"]), status=Status.DRAFT
    )
    with_draft_role = make_comparison(
        [Role.objects.get(slug="paralegal"), draft_role], status=Status.PUBLISHED
    )
    retired = Occupation.objects.get(slug="actors")
    retired.retired = True
    retired.save()
    retired_group = make_field(
        name="Retired group", slug="retired-group", soc_major_group="98-0000"
    )
    Occupation.objects.create(
        code="98-1011.00",
        title="Retired trade",
        slug="retired-trade",
        description="Did something O*NET no longer lists.",
        field=retired_group,
        release="29.2",
        retired=True,
    )

    listed = set(sitemap_entries(client))

    published_roles = Role.objects.filter(status=Status.PUBLISHED)
    current_occupations = Occupation.objects.filter(status=Status.PUBLISHED, retired=False)
    fields = [legal, *CareerField.objects.filter(occupations__in=current_occupations).distinct()]
    comparisons = Comparison.objects.filter(status=Status.PUBLISHED).exclude(pk=with_draft_role.pk)
    pages = ["/", "/roles/", "/compare/", "/fit/", "/next-moves/", "/sources/"]
    expected = {
        *(SITE + role.get_absolute_url() for role in published_roles),
        *(SITE + occupation.get_absolute_url() for occupation in current_occupations),
        *(SITE + career_field.get_absolute_url() for career_field in fields),
        *(SITE + compare_url(c.roles.values_list("slug", flat=True)) for c in comparisons),
        *(SITE + page for page in pages),
    }
    assert published_roles.count() == 8 and comparisons.count() == 4
    assert listed == expected
    for absent in [draft_role, retired, retired_group, draft_only_field]:
        assert SITE + absent.get_absolute_url() not in listed
    assert SITE + compare_url(["paralegal", "draft-clerk"]) not in listed
    assert SITE + compare_url(draft_comparison.roles.values_list("slug", flat=True)) not in listed


def test_every_page_the_sitemap_lists_opens_for_a_reader(guide, client):
    for url in sitemap_entries(client):
        response = client.get(path_of(url))
        assert response.status_code == 200, url
        # ...at the address it calls its own.
        assert head_of(response).canonical == url


def test_sitemap_addresses_come_from_site_url_not_the_host_asked(guide, client, settings):
    settings.ALLOWED_HOSTS = ["other.example.net"]

    index = client.get("/sitemap.xml", HTTP_HOST="other.example.net")
    section = client.get("/sitemap-roles.xml", HTTP_HOST="other.example.net", secure=True)
    page = client.get("/roles/paralegal/", HTTP_HOST="other.example.net")

    addresses = locations(xml_of(index)) + locations(xml_of(section))
    assert addresses and all(url.startswith(f"{SITE}/") for url in addresses)
    assert head_of(page).canonical == f"{SITE}/roles/paralegal/"


def test_sitemap_dates_are_when_the_content_last_changed(guide, client):
    def on(day):
        return datetime.fromisoformat(day).replace(tzinfo=UTC)

    Role.objects.update(updated_at=on("2024-01-01"))
    Role.objects.filter(slug="paralegal").update(updated_at=on("2025-03-04"))
    make_role(
        "Later draft",
        field=CareerField.objects.get(slug="legal-support"),
        status=Status.DRAFT,
    )
    Role.objects.filter(slug="later-draft").update(updated_at=on("2026-01-01"))
    Occupation.objects.update(updated_at=on("2024-06-01"))
    Occupation.objects.filter(slug="lawyers").update(updated_at=on("2025-07-08"))
    Comparison.objects.update(updated_at=on("2023-01-01"))
    Comparison.objects.filter(slug="legal-assistant-vs-legal-secretary").update(
        updated_at=on("2025-09-10")
    )

    entries = sitemap_entries(client)
    sections = {
        path_of(loc.find(f"{SITEMAP}loc").text): loc.find(f"{SITEMAP}lastmod")
        for loc in xml_of(client.get("/sitemap.xml")).iter(f"{SITEMAP}sitemap")
    }

    assert entries[f"{SITE}/roles/paralegal/"] == "2025-03-04"
    assert entries[f"{SITE}/roles/legal-secretary/"] == "2024-01-01"
    assert entries[f"{SITE}/occupations/lawyers/"] == "2025-07-08"
    assert entries[f"{SITE}/occupations/actors/"] == "2024-06-01"
    # A field: its latest published role or current occupation (the draft's date is not).
    assert entries[f"{SITE}/fields/legal-support/"] == "2025-03-04"
    assert entries[f"{SITE}/fields/legal-occupations/"] == "2025-07-08"
    # A chart: the comparison's own change, or its roles' if later.
    assert entries[f"{SITE}/compare/legal-assistant-vs-legal-secretary/"] == "2025-09-10"
    assert entries[f"{SITE}/compare/legal-assistant-vs-paralegal/"] == "2025-03-04"
    # Pages that change with everything claim no date.
    assert entries[f"{SITE}/"] is None and entries[f"{SITE}/roles/"] is None
    assert sections["/sitemap-pages.xml"] is None
    assert sections["/sitemap-roles.xml"].text.startswith("2025-03-04")
    assert sections["/sitemap-occupations.xml"].text.startswith("2025-07-08")
    assert sections["/sitemap-comparisons.xml"].text.startswith("2025-09-10")


def test_a_role_published_after_the_sitemap_was_served_is_in_the_next_one(guide, client):
    role = make_role("Court runner", field=CareerField.objects.get(slug="legal-support"))
    role.status = Status.DRAFT
    role.save()
    first = client.get("/sitemap-roles.xml")
    assert client.get("/sitemap-roles.xml")["X-Page-Cache"] == "hit"
    assert f"{SITE}/roles/court-runner/" not in locations(xml_of(first))

    role.status = Status.PUBLISHED
    role.save()

    assert f"{SITE}/roles/court-runner/" in locations(xml_of(client.get("/sitemap-roles.xml")))


def test_the_sitemap_takes_the_same_queries_however_much_it_lists(
    guide, client, django_assert_num_queries
):
    def read_every_part():
        # Queries: the roles' latest date and count; the occupations' latest date and count;
        # the fields with their latest dates (curated, then major groups); the comparisons with
        # their dates, then their roles.
        with django_assert_num_queries(8):
            client.get("/sitemap.xml")
        # Queries: none (the pages are named in the code).
        with django_assert_num_queries(0):
            client.get("/sitemap-pages.xml")
        # Queries: the count; the page of roles (or occupations).
        with django_assert_num_queries(2):
            client.get("/sitemap-roles.xml")
        with django_assert_num_queries(2):
            client.get("/sitemap-occupations.xml")
        # Queries: curated fields, then major groups, each with its latest date.
        with django_assert_num_queries(2):
            client.get("/sitemap-fields.xml")
        # Queries: the comparisons with their roles' count and latest date; their roles.
        with django_assert_num_queries(2):
            client.get("/sitemap-comparisons.xml")

    read_every_part()
    field = make_field(name="Court work", slug="court-work")
    roles = [make_role(f"Court role {n}", field=field) for n in range(3)]
    make_comparison(roles[:2])
    make_comparison(roles)
    cache.clear()
    read_every_part()


# robots.txt


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_editors_tools_only(
    guide, client, django_assert_num_queries
):
    # Queries: none.
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow")]
    assert sorted(disallowed) == ["/admin/", "/markdownx/"]
    for tool in ["admin:index", "markdownx_upload", "markdownx_markdownify"]:
        assert reverse(tool).startswith(tuple(disallowed))
    for page in [*PUBLIC_PAGES, "/sitemap.xml", "/static/css/site.css", "/media/a.png"]:
        assert not page.startswith(tuple(disallowed))


# Canonical addresses and robots directives


def test_every_page_names_its_own_address_without_the_query_as_canonical(guide, client):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        head = head_of(response)
        if url in ERROR_PAGES:
            assert response.status_code >= 400
            assert head.canonical is None and head.meta("og:url") is None, url
            assert head.noindex, url
        else:
            assert response.status_code == 200, url
            assert head.canonical == SITE + url.split("?")[0], url
            assert head.meta("og:url") == head.canonical


@pytest.mark.parametrize(
    ("url", "canonical", "noindex"),
    [
        # Base pages: indexed.
        ("/roles/", "/roles/", False),
        ("/compare/", "/compare/", False),
        ("/fit/", "/fit/", False),
        ("/next-moves/", "/next-moves/", False),
        # The same chart with fewer rows: its canonical is the whole chart.
        (
            "/compare/legal-assistant-vs-legal-secretary/?differences=only",
            "/compare/legal-assistant-vs-legal-secretary/",
            False,
        ),
        # Tracking parameters change nothing.
        ("/roles/paralegal/?utm_source=newsletter", "/roles/paralegal/", False),
        # A reader's own filters, answers or searches: not pages to index.
        ("/roles/?sort=pay", "/roles/", True),
        ("/roles/?field=legal-support", "/roles/", True),
        ("/fit/?work=legal&education=associate&pay=high", "/fit/", True),
        ("/fit/?field=legal-support", "/fit/", True),
        ("/next-moves/?job=legal", "/next-moves/", True),
        ("/compare/?q=paralegal", "/compare/", True),
        ("/compare/?roles=paralegal&browse=1", "/compare/", True),
        ("/search/?q=paralegal", "/search/", True),
    ],
)
def test_query_variants_point_at_their_base_page_or_are_not_indexed(
    guide, client, url, canonical, noindex
):
    head = head_of(client.get(url))

    assert head.canonical == SITE + canonical
    assert head.noindex is noindex


@pytest.mark.parametrize("query", ["", "paralegal", "zzzzqqq", "legal research"])
def test_search_pages_are_never_indexed(guide, client, query):
    assert head_of(client.get("/search/", {"q": query})).noindex


def test_later_pages_of_the_list_of_jobs_are_their_own_canonical_pages(guide, client):
    legal = CareerField.objects.get(slug="legal-support")
    for n in range(41):
        make_role(f"Extra legal role {n}", field=legal)

    first = head_of(client.get("/roles/"))
    second = head_of(client.get("/roles/?page=2"))
    sorted_second = head_of(client.get("/roles/?page=2&sort=pay"))

    assert first.canonical == f"{SITE}/roles/"
    assert second.canonical == f"{SITE}/roles/?page=2" and not second.noindex
    assert second.title == "All jobs, page 2 · Career Guide"
    assert second.meta("description") != first.meta("description")
    assert sorted_second.canonical == f"{SITE}/roles/" and sorted_second.noindex


def test_error_pages_are_not_indexed(guide, client):
    request = RequestFactory().get("/somewhere/")
    pages = [
        client.get("/roles/no-such-role/"),
        client.get("/occupations/no-such-occupation/"),
        client.get("/compare/paralegal/"),
        client.get("/compare/no-such-job-vs-paralegal/"),
        server_error(request),
    ]
    rendered = [render_to_string(f"{status}.html", request=request) for status in (400, 403)]

    for response in pages:
        assert response.status_code >= 400
        head = head_of(response)
        assert head.noindex and head.canonical is None, response.content[:300]
    for html in rendered:
        assert Head(html).noindex and Head(html).canonical is None


# Titles


def test_every_page_title_is_unique_and_under_65_characters(guide, client):
    titles = {url: head_of(client.get(url)).title for url in PUBLIC_PAGES}

    for url, title in titles.items():
        assert 0 < len(title) < 65, (url, title)
    assert len(set(titles.values())) == len(titles), titles


def test_page_titles_read_as_titles(guide, client):
    def title(url):
        return head_of(client.get(url)).title

    assert title("/compare/legal-assistant-vs-legal-secretary/") == (
        "Legal assistant or legal secretary? · Career Guide"
    )
    assert title("/compare/lawyers-vs-paralegal/") == "Lawyers vs Paralegal compared · Career Guide"
    assert title("/roles/paralegal/") == "Paralegal: duties, qualifications and pay · Career Guide"
    # Too long with the site's name: the page's own words.
    assert title("/occupations/paralegals-and-legal-assistants/") == (
        "Paralegals and Legal Assistants: tasks, preparation and pay"
    )
    assert title("/") == "Compare careers side by side · Career Guide"


def test_a_long_title_loses_what_it_can_spare_first():
    site = "Career Guide"
    name = "Computer and Information Systems Managers"
    longest = "First-Line Supervisors of Landscaping, Lawn Service, and Groundskeeping Workers"

    assert full_title("Actors", site, "tasks, preparation and pay") == (
        "Actors: tasks, preparation and pay · Career Guide"
    )
    assert full_title(name, site, "tasks, preparation and pay") == f"{name} · Career Guide"
    shortened = full_title(longest, site, "tasks, preparation and pay")
    assert shortened == "First-Line Supervisors of Landscaping, Lawn Service, and…"
    assert len(shortened) <= TITLE_LIMIT
    assert full_title("", site) == full_title(site, site) == site


def test_a_long_occupation_title_is_shortened_at_a_word(guide, client):
    occupation = Occupation.objects.get(slug="lawyers")
    occupation.title = (
        "First-Line Supervisors of Landscaping, Lawn Service, and Groundskeeping Workers"
    )
    occupation.save()

    head = head_of(client.get("/occupations/lawyers/"))

    assert head.title == "First-Line Supervisors of Landscaping, Lawn Service, and…"
    assert head.meta("og:title") == f"{occupation.title}: tasks, preparation and pay"


# Descriptions and share tags


def assert_trimmed_from(description, text):
    """`description` is `text`, or its beginning cut at a word and ended with "…"."""
    assert len(description) <= 160
    if description != text:
        kept = description.removesuffix("…")
        assert description.endswith("…") and text.startswith(kept) and text[len(kept)] in " ,.;:"


def test_role_occupation_and_chart_pages_share_their_own_title_summary_and_address(guide, client):
    role = Role.objects.get(slug="legal-assistant")
    occupation = Occupation.objects.get(slug="paralegals-and-legal-assistants")
    chart = "/compare/legal-assistant-vs-legal-secretary/"
    pages = {
        role.get_absolute_url(): (
            "Legal assistant: duties, qualifications and pay",
            role.summary,
        ),
        occupation.get_absolute_url(): (
            "Paralegals and Legal Assistants: tasks, preparation and pay",
            occupation.description,
        ),
        chart: (
            "Legal assistant or legal secretary?",
            "Compare legal assistant and legal secretary side by side: duties, education, "
            "certifications, pay and outlook, with sources.",
        ),
    }
    for url, (title, summary) in pages.items():
        head = head_of(client.get(url))

        assert head.meta("og:title") == title
        assert head.meta("og:description") == head.meta("description")
        assert_trimmed_from(head.meta("og:description"), summary)
        assert head.meta("og:url") == head.canonical == SITE + url
        assert head.meta("og:type") == "article"
        assert head.meta("og:site_name") == "Career Guide"
        assert head.meta("twitter:card") == "summary_large_image"
        image = head.meta("og:image")
        assert image.startswith(f"{SITE}/static/")
        with Image.open(static_file(image)) as picture:
            assert (picture.format, picture.size) == ("PNG", (1200, 630))
        assert (head.meta("og:image:width"), head.meta("og:image:height")) == ("1200", "630")
    # The description is each page's own, trimmed where it is long.
    assert len(role.summary) > 160 and head_of(client.get("/roles/legal-assistant/")).meta(
        "description"
    ).endswith("…")


def test_every_page_has_share_tags_and_indexed_pages_have_their_own_description(guide, client):
    descriptions = {}
    for url in PUBLIC_PAGES:
        head = head_of(client.get(url))
        for tag in ["og:title", "og:description", "og:image", "og:site_name", "og:type"]:
            assert head.meta(tag), (url, tag)
        assert head.meta("twitter:card") == "summary_large_image"
        if not head.noindex:
            descriptions.setdefault(head.meta("description"), []).append(url)
    assert all(len(urls) == 1 for urls in descriptions.values()), descriptions


# Icons


def test_pages_link_the_icons_and_browsers_find_them(guide, client):
    head = head_of(client.get("/"))

    assert head.link("icon", sizes="32x32") == "/favicon.ico"
    svg = head.link("icon", type="image/svg+xml")
    assert ET.parse(static_file(svg)).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    with Image.open(static_file(head.link("apple-touch-icon"))) as touch:
        assert (touch.format, touch.size) == ("PNG", (180, 180))

    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    with Image.open(io.BytesIO(response.content)) as icon:
        assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
