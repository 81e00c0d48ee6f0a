"""The sources page names every source a page relies on, with each figure's period as cited, and
the pay chart carries the caveat on whose figures it draws in the graphic itself."""

import re

import pytest

from roles.compare.selection import compare_url
from roles.models import LabourFigure, Occupation, Status
from tests.catalogue import COMPUTER_SYSTEMS_ENGINEERS, PARALEGALS
from tests.conftest import add_figure, make_comparison, make_role, make_source

pytestmark = pytest.mark.django_db

FAQ = "https://www.nala.org/faq"
SECRETARIES = "All secretaries and administrative assistants (SOC 43-6000)"


def source_section(html, name):
    parts = html.split('<section class="source"')[1:]
    return next(part.split("</section>", 1)[0] for part in parts if name in part.split("</h2>")[0])


def test_sources_page_gives_a_projection_its_decade_not_its_base_year(client):
    handbook = make_source(name="Occupational Outlook Handbook", url="https://www.bls.gov/ooh/p")
    role = make_role("Paralegal")
    add_figure(role, LabourFigure.Metric.MEDIAN_PAY, "60970", source=handbook)
    add_figure(role, LabourFigure.Metric.GROWTH, "1", source=handbook, period_end=2033)
    part = source_section(client.get("/sources/").content.decode(), handbook.name)
    assert "median annual pay (2023)" in part
    assert "projected employment growth (2023–2033)" in part
    assert "growth (2023)" not in part


def test_sources_page_lists_the_pages_whose_text_links_to_a_source(client):
    faq = make_source(name="NALA frequently asked questions", url=FAQ)
    home = make_source(name="NALA Certified Paralegal program", url="https://www.nala.org")
    note = f"> **A note on titles:** the paralegal association [NALA]({FAQ}) treats them as one."
    paralegal = make_role("Paralegal", overview=note)
    assistant = make_role("Legal assistant", overview="No links here.")
    make_role("Draft role", overview=note, status=Status.DRAFT)
    comparison = make_comparison(
        [assistant, paralegal], title="Legal assistant or paralegal?", introduction=note
    )
    make_comparison(
        [assistant, paralegal], title="A draft comparison", status=Status.DRAFT, introduction=note
    )

    html = client.get("/sources/").content.decode()
    part = source_section(html, faq.name)
    assert f'<a href="{paralegal.get_absolute_url()}">Paralegal</a>: cited in the text' in part
    assert f'<a href="{comparison.get_absolute_url()}">{comparison.title}</a>' in part
    assert "No published page cites it" not in part
    assert "Draft role" not in part and "A draft comparison" not in part
    assert "Legal assistant</a>" not in part
    # A link to one page of a site cites that page, not the site's home.
    assert "No published page cites it at the moment." in source_section(html, home.name)


@pytest.fixture
def pair(legal_field):
    handbook = make_source(name="Occupational Outlook Handbook", url="https://www.bls.gov/ooh/s")
    secretary = make_role("Legal secretary", field=legal_field)
    add_figure(
        secretary,
        LabourFigure.Metric.MEDIAN_PAY,
        "46010",
        source=handbook,
        population=f"{SECRETARIES}, not legal secretaries alone",
    )
    make_role("Legal intake specialist", field=legal_field)  # no figures
    return secretary


def pay_chart_of(html):
    start = html.index('<figure class="pay-chart">')
    return html[start : html.index("</figure>", start)]


def test_pay_chart_stars_a_figure_for_a_wider_group_and_names_the_group(client, pair):
    chart = pay_chart_of(
        client.get("/compare/legal-intake-specialist-vs-legal-secretary/").content.decode()
    )
    svg = chart[chart.index("<svg") : chart.index("</svg>")]
    caption = chart[chart.index("<figcaption") : chart.index("</figcaption>")]
    caveat = f"Legal secretary: the figures cover “{SECRETARIES}, not legal secretaries alone”."
    assert 'Legal secretary<tspan aria-hidden="true">*</tspan></text>' in svg
    assert "Legal intake specialist</text>" in svg  # nothing drawn for it, nothing to star
    assert f"* {caveat}" in caption.replace("&#x27;", "'")
    desc = re.search(r"<desc [^>]*>(.*?)</desc>", svg, re.S).group(1)
    assert caveat in desc


def test_pay_chart_stars_an_occupation_only_for_a_broader_groups_figures(client, catalogue):
    own, broader = (
        Occupation.objects.get(code=code) for code in (PARALEGALS, COMPUTER_SYSTEMS_ENGINEERS)
    )
    chart = pay_chart_of(client.get(compare_url([own.slug, broader.slug])).content.decode())
    assert f"{broader.title}<tspan" in chart
    assert f"{own.title}</text>" in chart
    assert "the figures cover “Computer Occupations, All Other (SOC 15-1299)”" in chart
