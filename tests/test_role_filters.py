"""Filtering, sorting and paging the list of every job (guide roles and occupations): shareable
GET addresses, plain notes for bad values."""

import re

import pytest
from django.urls import reverse

from roles.models import LabourFigure, Role, Status
from tests.conftest import add_figure, grow_catalogue, make_field, make_role, make_source

pytestmark = pytest.mark.django_db

URL = reverse("roles:role_list")


@pytest.fixture
def guide_roles(legal_field):
    """Four legal roles and one in another field, with different pay, education and outlook."""
    source = make_source(name="Occupational Outlook Handbook", url="https://www.bls.gov/ooh/x")
    paralegal = make_role("Paralegal", field=legal_field, entry_education=Role.Education.ASSOCIATE)
    add_figure(paralegal, LabourFigure.Metric.MEDIAN_PAY, "60970", source=source, year=2023)
    add_figure(paralegal, LabourFigure.Metric.GROWTH, "1", source=source, period_end=2033)
    secretary = make_role("Legal secretary", field=legal_field)
    add_figure(secretary, LabourFigure.Metric.MEDIAN_PAY, "46010", source=source, year=2023)
    add_figure(secretary, LabourFigure.Metric.GROWTH, "-2", source=source, period_end=2033)
    intake = make_role("Legal intake specialist", field=legal_field)  # no figures at all
    case_manager = make_role(
        "Legal case manager", field=legal_field, entry_education=Role.Education.BACHELOR
    )
    add_figure(case_manager, LabourFigure.Metric.MEDIAN_PAY, "52000", source=source, year=2024)
    add_figure(case_manager, LabourFigure.Metric.GROWTH, "0", source=source, period_end=2033)
    coder = make_role(
        "Medical coder",
        field=make_field(name="Healthcare administration", slug="healthcare-admin"),
        entry_education=Role.Education.POSTSECONDARY_NONDEGREE,
    )
    add_figure(coder, LabourFigure.Metric.MEDIAN_PAY, "48780", source=source, year=2023)
    add_figure(coder, LabourFigure.Metric.GROWTH, "7", source=source, period_end=2033)
    return {
        "paralegal": paralegal,
        "secretary": secretary,
        "intake": intake,
        "case_manager": case_manager,
        "coder": coder,
    }


def shown_titles(response):
    """Job titles in the order their cards appear."""
    html = response.content.decode()
    results = html[html.index('id="results-heading"') :]
    return re.findall(r'<h3><a href="/(?:roles|occupations)/[^"]+/">([^<]+)</a></h3>', results)


def notes(response):
    html = response.content.decode()
    if 'class="notice"' not in html:
        return ""
    return html[html.index('class="notice"') :].split("</div>", 1)[0]


def test_list_without_filters_shows_every_published_role_by_title(client, guide_roles):
    make_role("Unfinished role", status=Status.DRAFT)
    response = client.get(URL)
    assert response.status_code == 200
    assert shown_titles(response) == [
        "Legal case manager",
        "Legal intake specialist",
        "Legal secretary",
        "Medical coder",
        "Paralegal",
    ]
    assert "5 jobs</h2>" in response.content.decode()
    assert notes(response) == ""


def test_each_card_shows_median_pay_with_its_source_and_year(client, guide_roles):
    html = client.get(URL).content.decode()
    card = html[html.index(">Paralegal</a>") :].split("</li>", 1)[0]
    assert "$60,970 a year" in card
    assert "Occupational Outlook Handbook" in card and "2023" in card
    assert 'href="https://www.bls.gov/ooh/x"' in card
    assert "Associate&#x27;s degree" in card
    intake_card = html[html.index(">Legal intake specialist</a>") :].split("</li>", 1)[0]
    assert "No published figure" in intake_card


def test_filtering_by_career_field_keeps_only_that_fields_roles(client, guide_roles):
    response = client.get(URL, {"field": "healthcare-admin"})
    assert shown_titles(response) == ["Medical coder"]
    assert '<option value="healthcare-admin" selected>' in response.content.decode()


def test_education_filter_keeps_roles_a_reader_can_enter_at_that_level(client, guide_roles):
    response = client.get(URL, {"education_max": Role.Education.POSTSECONDARY_NONDEGREE})
    assert shown_titles(response) == ["Legal intake specialist", "Legal secretary", "Medical coder"]
    response = client.get(URL, {"education_max": Role.Education.ASSOCIATE})
    assert "Paralegal" in shown_titles(response)
    assert "Legal case manager" not in shown_titles(response)


def test_a_pay_band_leaves_out_roles_without_a_figure_and_says_how_many(client, guide_roles):
    response = client.get(URL, {"pay": "40000-59999"})
    assert shown_titles(response) == ["Legal case manager", "Legal secretary", "Medical coder"]
    html = response.content.decode()
    assert "1 job is left out because it has no published median annual pay." in html
    assert '<option value="40000-59999" selected>' in html


def test_pay_bands_meet_without_overlapping(client, guide_roles):
    assert shown_titles(client.get(URL, {"pay": "60000-79999"})) == ["Paralegal"]
    assert shown_titles(client.get(URL, {"pay": "under-40000"})) == []


def test_growing_outlook_keeps_roles_projected_to_grow(client, guide_roles):
    response = client.get(URL, {"outlook": "growing"})
    assert shown_titles(response) == ["Medical coder", "Paralegal"]
    assert "no growth projection for 2023–33 in this guide" in response.content.decode()
    not_shrinking = shown_titles(client.get(URL, {"outlook": "not-shrinking"}))
    assert not_shrinking == ["Legal case manager", "Medical coder", "Paralegal"]
    assert len(shown_titles(client.get(URL, {"outlook": "any"}))) == 5


def test_sorting_by_pay_puts_the_highest_first_and_roles_without_a_figure_last(client, guide_roles):
    response = client.get(URL, {"sort": "pay"})
    assert shown_titles(response) == [
        "Paralegal",
        "Legal case manager",
        "Medical coder",
        "Legal secretary",
        "Legal intake specialist",
    ]


def test_sorting_by_education_puts_the_lowest_entry_level_first(client, guide_roles):
    titles = shown_titles(client.get(URL, {"sort": "education"}))
    assert titles == [
        "Legal intake specialist",
        "Legal secretary",
        "Medical coder",
        "Paralegal",
        "Legal case manager",
    ]


def test_filters_combine_in_one_shareable_address(client, guide_roles):
    query = "field=legal-support&education_max=50&pay=40000-59999&outlook=not-shrinking&sort=pay"
    response = client.get(f"{URL}?{query}")
    assert shown_titles(response) == ["Legal case manager"]
    html = response.content.decode()
    assert "1 job matches your filters" in html
    assert '<option value="not-shrinking" selected>' in html
    assert '<option value="pay" selected>' in html


def test_form_works_without_javascript_and_labels_every_field(client, guide_roles):
    html = client.get(URL).content.decode()
    form = html[html.index('<form class="role-filters"') :].split("</form>", 1)[0]
    assert 'method="get"' in form and f'action="{URL}"' in form
    for field_id in (
        "filter-show",
        "filter-field",
        "filter-education",
        "filter-pay",
        "filter-outlook",
    ):
        assert f'<label for="{field_id}">' in form and f'id="{field_id}"' in form
    assert '<label for="filter-sort">' in form
    assert '<button type="submit"' in form
    assert f'<a href="{URL}">Clear filters</a>' in form
    assert "<script" not in html


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"field": "astronautics"}, "no career field “astronautics”"),
        ({"education_max": "phd"}, "“phd” is not an education level we know"),
        ({"education_max": "15"}, "“15” is not an education level we know"),
        ({"pay": "lots"}, "“lots” is not a pay band we know"),
        ({"pay": "1e999999"}, "“1e999999” is not a pay band we know"),
        ({"show": "robots"}, "“robots” is not a kind of job we list"),
        ({"page": "NaN"}, ""),
        ({"outlook": "booming"}, "“booming” is not an outlook we know"),
        ({"sort": "salary"}, "cannot be sorted by “salary”"),
    ],
)
def test_bad_values_are_ignored_with_a_visible_note(client, guide_roles, params, note):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert note in notes(response)
    assert len(shown_titles(response)) == 5


def test_hostile_values_are_escaped_and_shortened_in_notes(client, guide_roles):
    response = client.get(URL, {"field": "<script>alert(1)</script>" + "x" * 200, "sort": "a\x00b"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in notes(response)
    assert "x" * 100 not in html
    assert "“ab”" in notes(response)


def test_fields_with_no_visible_role_are_not_offered(client, guide_roles):
    make_role("Draft only", field=make_field(name="Space law", slug="space-law"), status="draft")
    response = client.get(URL, {"field": "space-law"})
    assert "Space law" not in response.content.decode()
    assert "no career field “space-law”" in notes(response)


def test_no_match_says_so_and_offers_to_clear_the_filters(client, guide_roles):
    html = client.get(URL, {"pay": "100000-plus"}).content.decode()
    assert "0 jobs match your filters" in html
    assert "clear the filters</a>" in html


def test_editors_also_see_draft_roles_in_the_list(editor_client, guide_roles):
    make_role("Unfinished role", status=Status.DRAFT)
    response = editor_client.get(URL, {"sort": "pay"})
    assert shown_titles(response)[-1] == "Unfinished role"
    assert "Draft: visible to editors only" in response.content.decode()


def test_roles_lacking_both_figures_are_counted_as_left_out_once(client):
    source = make_source()
    paid = make_role("Paid and growing")
    add_figure(paid, LabourFigure.Metric.MEDIAN_PAY, "60000", source=source)
    add_figure(paid, LabourFigure.Metric.GROWTH, "2", source=source, period_end=2033)
    paid_only = make_role("Paid but no outlook")
    add_figure(paid_only, LabourFigure.Metric.MEDIAN_PAY, "60000", source=source)
    make_role("No figures at all")
    html = " ".join(client.get("/roles/?pay=60000-79999&outlook=growing").content.decode().split())
    assert "Paid and growing" in html
    assert "No figures at all" not in html
    assert "1 job is left out because it has no published median annual pay." in html
    assert (
        "1 job is left out because it has no growth projection for 2023–33 in this guide." in html
    )


def test_occupations_are_listed_with_the_guides_roles(client, guide_roles, catalogue):
    response = client.get(URL, {"show": "occupations", "field": "legal-occupations"})
    titles = shown_titles(response)
    assert "Paralegals and Legal Assistants" in titles and "Lawyers" in titles
    assert "Paralegal" not in titles
    card = response.content.decode()
    card = card[card.index(">Paralegals and Legal Assistants</a>") :].split("</li>", 1)[0]
    assert "Occupation 23-2011.00" in card
    assert "$61,010 a year" in card
    assert "Source: U.S. Bureau of Labor Statistics, " in card and "OEWS</a>, May 2024." in card


def test_a_pay_band_uses_oews_annual_medians_and_counts_hourly_only_jobs_as_left_out(
    client, catalogue
):
    response = client.get(URL, {"show": "occupations", "pay": "60000-79999"})
    titles = shown_titles(response)
    assert "Paralegals and Legal Assistants" in titles  # $61,010
    assert "Lawyers" not in titles  # $151,160
    html = " ".join(response.content.decode().split())
    # Actors (hourly pay only), and the military and fishing occupations (no OEWS figure).
    assert "3 jobs are left out because they have no published median annual pay." in html


def test_the_education_filter_reads_what_most_workers_report_for_occupations(client, catalogue):
    high_school = shown_titles(
        client.get(URL, {"show": "occupations", "education_max": Role.Education.HIGH_SCHOOL})
    )
    assert "Lawyers" not in high_school
    doctoral = shown_titles(
        client.get(URL, {"show": "occupations", "education_max": Role.Education.DOCTORAL})
    )
    assert "Lawyers" in doctoral


def test_a_major_group_lists_the_guides_roles_within_its_occupations(client, shipped_content):
    titles = shown_titles(client.get(URL, {"field": "legal-occupations", "show": "roles"}))
    assert "Paralegal" in titles and "Legal assistant" in titles
    assert "Legal secretary" not in titles  # its occupation is an office one


def test_the_list_is_paged_and_the_pages_keep_the_filters(client, db):
    grow_catalogue(95)
    first = client.get(URL, {"sort": "pay", "show": "occupations"})
    html = first.content.decode()
    assert len(shown_titles(first)) == 40
    assert "95 jobs match your filters, page 1 of 3</h2>" in html
    assert 'href="?show=occupations&amp;sort=pay&amp;page=2" rel="next"' in html
    last = client.get(URL, {"sort": "pay", "show": "occupations", "page": "3"})
    assert shown_titles(last)[-1] == "Occupation 0"  # the lowest paid, last
    assert client.get(URL, {"page": "99"}).status_code == 200


@pytest.mark.parametrize("size", [10, 1016])
def test_list_query_count_does_not_grow_with_the_catalogue(client, django_assert_num_queries, size):
    occupations = grow_catalogue(size)
    source = make_source()
    for i in range(3):
        # Nearest to an occupation in group-1, so they show their own pay, not its OEWS figures.
        role = make_role(f"Role {i}", occupation=occupations[1], occupation_relation="nearest")
        add_figure(role, LabourFigure.Metric.MEDIAN_PAY, str(950000 + i), source=source)
    # Queries: career fields holding a job; the count; the page; the page's roles with their
    # fields and occupations' OEWS figures; their median pay figures; the page's occupations.
    with django_assert_num_queries(6):
        response = client.get(URL, {"sort": "pay"})
    titles = shown_titles(response)
    assert titles[:3] == ["Role 2", "Role 1", "Role 0"] and len(titles) == min(size + 3, 40)
    # Queries: as above, plus one count per kind of job of those the pay band leaves out, less
    # the page's occupations (only roles pay this much here).
    with django_assert_num_queries(7):
        response = client.get(URL, {"field": "group-1", "pay": "100000-plus", "outlook": "any"})
    assert shown_titles(response) == ["Role 0", "Role 1", "Role 2"]
