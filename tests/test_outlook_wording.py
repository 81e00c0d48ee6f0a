"""Projected growth in the Bureau of Labor Statistics' words ("slower than average" for +1% over
2023–33) wherever a growth figure appears, and a job-outlook filter with the same categories."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from roles.compare.chart import outlook_words
from roles.models import Figure, LabourFigure, Source
from tests.conftest import add_figure, make_role, make_source

pytestmark = pytest.mark.django_db

LIST_URL = reverse("roles:role_list")


def growth(value, period="2023–2033"):
    return Figure(
        metric="growth",
        value=Decimal(value),
        population="Paralegals and legal assistants (SOC 23-2011)",
        source=Source(name="Occupational Outlook Handbook", url="https://www.bls.gov/ooh/x"),
        period=period,
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("-12", "Decline"),
        ("-1", "Decline"),
        ("0", "Little or no change"),
        ("1", "Slower than average"),
        ("2", "Slower than average"),
        ("3", "As fast as average"),
        ("4", "As fast as average"),
        ("5", "Faster than average"),
        ("7", "Faster than average"),
        ("8", "Much faster than average"),
        ("46", "Much faster than average"),
    ],
)
def test_each_published_percent_takes_bls_words_for_2023_33(value, words):
    assert outlook_words(growth(value)) == words


def test_a_projection_for_another_decade_takes_no_words_it_has_none_for():
    assert outlook_words(growth("1", period="2024–2034")) == ""
    assert outlook_words(None) == ""


@pytest.fixture
def paralegal(legal_field):
    role = make_role("Paralegal", field=legal_field)
    source = make_source(name="Occupational Outlook Handbook", url="https://www.bls.gov/ooh/x")
    add_figure(role, LabourFigure.Metric.GROWTH, "1", source=source, period_end=2033)
    return role


def test_role_quick_facts_give_one_percent_growth_in_bls_words(client, paralegal):
    html = client.get(paralegal.get_absolute_url()).content.decode()
    assert "<dt>Job outlook: slower than average</dt>" in html
    assert "+1% (2023–2033)" in html


def test_chart_outlook_row_gives_bls_words_above_the_figure(client, paralegal, legal_field):
    make_role("Legal secretary", field=legal_field)
    html = client.get("/compare/legal-secretary-vs-paralegal/").content.decode()
    row = re.search(r'<tr id="row-outlook".*?</tr>', html, re.S).group(0)
    assert '<p class="cell-label">Slower than average</p>' in row
    assert row.index("Slower than average") < row.index("+1% (2023–2033)")


@pytest.fixture
def outlooks(legal_field):
    """One role in each of four categories, one without a projection, one of another decade."""
    source = make_source()
    for title, value, end in (
        ("Declining role", "-2", 2033),
        ("Flat role", "0", 2033),
        ("Slow role", "1", 2033),
        ("Fast role", "7", 2033),
        ("Later decade role", "1", 2034),
    ):
        role = make_role(title, field=legal_field)
        add_figure(
            role, LabourFigure.Metric.GROWTH, value, source=source, period_end=end, year=end - 10
        )
    make_role("No projection role", field=legal_field)


def titles(response):
    html = response.content.decode()
    results = html[html.index('id="results-heading"') :]
    return re.findall(r'<h3><a href="/roles/[^"]+/">([^<]+)</a></h3>', results)


@pytest.mark.parametrize(
    ("outlook", "expected"),
    [
        ("slower-than-average", ["Slow role"]),
        ("little-or-no-change", ["Flat role"]),
        ("decline", ["Declining role"]),
        ("faster-than-average", ["Fast role"]),
        ("much-faster-than-average", []),
        # Older addresses keep their meaning, now said in BLS's words.
        ("growing", ["Fast role", "Slow role"]),
        ("not-shrinking", ["Fast role", "Flat role", "Slow role"]),
    ],
)
def test_outlook_filter_uses_bls_categories(client, outlooks, outlook, expected):
    response = client.get(LIST_URL, {"outlook": outlook, "show": "roles"})
    assert response.status_code == 200
    assert titles(response) == expected
    html = " ".join(response.content.decode().split())
    assert f'<option value="{outlook}" selected>' in html
    # The other decade's projection has no 2023–33 category: it is left out, and said to be.
    assert "2 jobs are left out because they have no growth projection for 2023–33" in html


def test_outlook_filter_names_the_categories_and_what_they_cover(client, outlooks):
    html = " ".join(client.get(LIST_URL).content.decode().split())
    select = html[html.index('<select id="filter-outlook"') :].split("</select>", 1)[0]
    assert '<optgroup label="BLS’s words for 2023–33">' in select
    assert ">Slower than average (+1% to +2%)</option>" in select
    assert ">Projected to grow: slower than average or faster (+1% or more)</option>" in select
    assert 'aria-describedby="filter-outlook-hint"' in select
    assert "Occupational Outlook Handbook" in html


def test_an_unknown_outlook_is_ignored_with_a_note(client, outlooks):
    response = client.get(LIST_URL, {"outlook": "booming", "show": "roles"})
    assert response.status_code == 200
    assert "“booming” is not an outlook we know" in response.content.decode()
    assert len(titles(response)) == 6
