"""The schema.org JSON-LD of role and occupation pages: an Occupation that says what the page shows
(pay exactly as shown, education, duties or tasks) and a BreadcrumbList of the visible breadcrumbs."""

import html
import json
import re

import pytest

from roles.models import FigureMetric
from tests.conftest import add_figure, make_role, make_source

SITE = "https://guide.example.org"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
PERCENTILE_ROWS = {
    "10th percentile": "percentile10",
    "25th percentile": "percentile25",
    "Median": "median",
    "75th percentile": "percentile75",
    "90th percentile": "percentile90",
}


@pytest.fixture
def guide(_shipped_guide, db, settings):
    """The shipped content on top of the test catalogue, served at SITE."""
    settings.SITE_URL = SITE


def structured_data(page):
    """The page's JSON-LD items by @type."""
    items = [json.loads(block) for block in JSON_LD.findall(page)]
    return {item["@type"]: item for item in items}


def between(page, start, end):
    """The part of `page` from the first `start` to the next `end`."""
    rest = page[page.index(start) :]
    return rest[: rest.index(end)]


def dollars(shown):
    """'$61,010 a year' as 61010, '$29.33 an hour' as 29.33."""
    number = re.match(r"\$([\d,.]+)", shown).group(1).replace(",", "")
    return float(number) if "." in number else int(number)


def visible_breadcrumbs(page):
    """The breadcrumb trail as (label, href) pairs; the current page has no href."""
    nav = between(page, '<nav class="breadcrumbs"', "</nav>")
    crumbs = re.findall(
        r'<a href="([^"]*)">([^<]*)</a>|<span aria-current="page">([^<]*)</span>', nav
    )
    return [
        (html.unescape(label or current), html.unescape(href)) for href, label, current in crumbs
    ]


def test_a_role_page_describes_its_role_as_an_occupation_with_the_pay_it_shows(client, guide):
    page = client.get("/roles/legal-assistant/").content.decode()
    occupation = structured_data(page)["Occupation"]

    assert occupation["@context"] == "https://schema.org"
    assert occupation["name"] == "Legal assistant"
    assert occupation["url"] == f"{SITE}/roles/legal-assistant/"
    assert occupation["occupationalCategory"] == "23-2011"
    facts = between(page, 'class="quick-facts"', "</aside>")
    median = re.search(r'<dt>Median pay</dt>\s*<dd><span class="figure-value">([^<]*)<', facts)
    salary = occupation["estimatedSalary"]
    assert salary["@type"] == "MonetaryAmountDistribution"
    assert (salary["currency"], salary["duration"]) == ("USD", "P1Y")
    assert salary["median"] == dollars(median.group(1))
    # The percentiles are the page's pay range (its occupation's OEWS figures), and no others.
    low, high = re.search(
        r"<dt>Pay range \(10th to 90th percentile\)</dt>\s*<dd>"
        r'<span class="figure-value">([^<]*)<.*?<span class="figure-value">([^<]*)<',
        facts,
        re.S,
    ).groups()
    assert (salary["percentile10"], salary["percentile90"]) == (dollars(low), dollars(high))
    assert not {"percentile25", "percentile75"} & set(salary)
    education = re.search(r"<dt>Typical entry education</dt>\s*<dd>([^<]*)</dd>", facts).group(1)
    assert occupation["educationRequirements"]["name"] == html.unescape(education)
    # The firm-sense legal assistant this guide describes usually starts from high school.
    assert occupation["educationRequirements"]["credentialCategory"] == "high school"
    duties = re.findall(
        r'<li><span class="emphasis[^"]*">[^<]*</span> ([^<]*)',
        between(page, 'id="duties-heading"', "</section>"),
    )
    assert occupation["responsibilities"] == [html.unescape(duty) for duty in duties][:10]
    qualifications = between(page, 'id="qualifications-heading"', "</section>")
    for name in occupation["qualifications"]:
        assert html.escape(name) in qualifications


def test_an_occupation_page_gives_every_pay_percentile_exactly_as_its_pay_table(client, guide):
    page = client.get("/occupations/paralegals-and-legal-assistants/").content.decode()
    occupation = structured_data(page)["Occupation"]

    assert occupation["occupationalCategory"] == "23-2011"
    assert occupation["url"] == f"{SITE}/occupations/paralegals-and-legal-assistants/"
    rows = re.findall(
        r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td>',
        between(page, 'class="shares pay-table"', "</table>"),
    )
    shown = {PERCENTILE_ROWS[label]: dollars(annual) for label, annual in rows}
    salary = occupation["estimatedSalary"]
    assert len(shown) == 5
    assert {name: salary[name] for name in PERCENTILE_ROWS.values()} == shown
    assert salary["name"] == "Annual pay, U.S. Bureau of Labor Statistics, OEWS, May 2024"
    education = re.search(
        r"<dt>Education most often reported as needed</dt>\s*<dd>([^<]*)</dd>", page
    ).group(1)
    assert occupation["educationRequirements"]["description"] == html.unescape(education)
    tasks = re.findall(
        r"<li>([^<]*)(?:<span|</li>)", between(page, 'class="task-list"', "</section>")
    )
    assert occupation["responsibilities"] == [html.unescape(task) for task in tasks][:10]
    skills = re.findall(
        r'<tr><th scope="row">([^<]*)</th>', between(page, 'id="skills-heading"', "</table>")
    )
    assert occupation["skills"] == [html.unescape(skill) for skill in skills]


def test_an_occupation_paid_by_the_hour_gives_the_hourly_figures_it_shows(client, guide):
    page = client.get("/occupations/actors/").content.decode()
    salary = structured_data(page)["Occupation"]["estimatedSalary"]

    rows = re.findall(
        r'<tr><th scope="row">([^<]*)</th><td>[^<]*</td><td>([^<]*)</td>',
        between(page, 'class="shares pay-table"', "</table>"),
    )
    assert salary["duration"] == "PT1H"
    assert {name: salary[name] for name in PERCENTILE_ROWS.values()} == {
        PERCENTILE_ROWS[label]: dollars(hourly) for label, hourly in rows
    }


# Every kind of page that shows a breadcrumb trail.
BREADCRUMB_PAGES = [
    "/roles/legal-assistant/",
    "/occupations/paralegals-and-legal-assistants/",
    "/occupations/lawyers/titles/",
    "/fields/legal-support/",
    "/fields/legal-occupations/",
    "/compare/",
    "/compare/legal-assistant-vs-legal-secretary/",
    "/compare/lawyers-vs-legal-secretary-vs-paralegal-vs-paralegals-and-legal-assistants/",
    "/fit/",
    "/next-moves/",
    "/next-moves/legal-secretary/",
    "/sources/",
]


@pytest.mark.parametrize("url", BREADCRUMB_PAGES)
def test_the_breadcrumb_list_follows_the_visible_breadcrumbs(client, guide, url):
    page = client.get(url).content.decode()
    blocks = [json.loads(block) for block in JSON_LD.findall(page)]
    lists = [block for block in blocks if block["@type"] == "BreadcrumbList"]
    assert len(lists) == 1
    elements = lists[0]["itemListElement"]

    crumbs = visible_breadcrumbs(page)
    assert len(crumbs) >= 2
    assert [element["position"] for element in elements] == list(range(1, len(crumbs) + 1))
    assert [element["name"] for element in elements] == [label for label, _ in crumbs]
    assert [element.get("item", "") for element in elements] == [
        f"{SITE}{href}" if href else "" for _, href in crumbs
    ]


@pytest.mark.parametrize("url", ["/", "/roles/", "/search/?q=legal+research"])
def test_a_page_without_breadcrumbs_claims_none(client, guide, url):
    page = client.get(url).content.decode()
    assert '<nav class="breadcrumbs"' not in page
    assert "BreadcrumbList" not in page


def test_a_role_with_no_pay_figure_gives_no_estimated_salary(client, db, settings):
    settings.SITE_URL = SITE
    role = make_role("Court runner")
    add_figure(role, FigureMetric.JOBS, 1200)

    occupation = structured_data(client.get(role.get_absolute_url()).content.decode())["Occupation"]

    assert "estimatedSalary" not in occupation
    assert "occupationalCategory" not in occupation


def test_a_role_gives_only_the_percentiles_of_its_own_pay_its_page_shows(client, db, settings):
    settings.SITE_URL = SITE
    role = make_role("Docket clerk")
    source = make_source()
    for metric, value in [
        (FigureMetric.MEDIAN_PAY, "45210.40"),
        (FigureMetric.PAY_10, 31000),
        (FigureMetric.PAY_90, 70500),
        (FigureMetric.PAY_25, 38000),  # not among the role's quick facts
    ]:
        add_figure(role, metric, value, source=source)

    salary = structured_data(client.get(role.get_absolute_url()).content.decode())["Occupation"][
        "estimatedSalary"
    ]

    assert salary["median"] == 45210
    assert (salary["percentile10"], salary["percentile90"]) == (31000, 70500)
    assert "percentile25" not in salary


def test_a_summary_with_a_closing_script_tag_stays_inside_the_data_block(client, db, settings):
    settings.SITE_URL = SITE
    summary = 'Files papers.</script><script>alert("x")</script> & more'
    role = make_role("Filing clerk", summary=summary)

    page = client.get(role.get_absolute_url()).content.decode()

    assert "<script>alert" not in page
    assert structured_data(page)["Occupation"]["description"] == summary
