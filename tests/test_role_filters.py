"""Filtering and sorting the role list: shareable GET addresses, plain notes for bad values."""

import re

import pytest
from django.urls import reverse

from roles.models import LabourFigure, Role, Status
from tests.conftest import add_figure, make_field, make_role, make_source

pytestmark = pytest.mark.django_db

URL = reverse("roles:role_list")


@pytest.fixture
def catalogue(legal_field):
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
    """Role titles in the order their cards appear."""
    html = response.content.decode()
    results = html[html.index('id="results-heading"') :]
    return re.findall(r'<h3><a href="/roles/[^"]+/">([^<]+)</a></h3>', results)


def notes(response):
    html = response.content.decode()
    if 'class="notice"' not in html:
        return ""
    return html[html.index('class="notice"') :].split("</div>", 1)[0]


def test_list_without_filters_shows_every_published_role_by_title(client, catalogue):
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
    assert "5 roles</h2>" in response.content.decode()
    assert notes(response) == ""


def test_each_card_shows_median_pay_with_its_source_and_year(client, catalogue):
    html = client.get(URL).content.decode()
    card = html[html.index(">Paralegal</a>") :].split("</li>", 1)[0]
    assert "$60,970 a year" in card
    assert "Occupational Outlook Handbook" in card and "2023" in card
    assert 'href="https://www.bls.gov/ooh/x"' in card
    assert "Associate&#x27;s degree" in card
    intake_card = html[html.index(">Legal intake specialist</a>") :].split("</li>", 1)[0]
    assert "No published figure" in intake_card


def test_filtering_by_career_field_keeps_only_that_fields_roles(client, catalogue):
    response = client.get(URL, {"field": "healthcare-admin"})
    assert shown_titles(response) == ["Medical coder"]
    assert '<option value="healthcare-admin" selected>' in response.content.decode()


def test_education_filter_keeps_roles_a_reader_can_enter_at_that_level(client, catalogue):
    response = client.get(URL, {"education_max": Role.Education.POSTSECONDARY_NONDEGREE})
    assert shown_titles(response) == ["Legal intake specialist", "Legal secretary", "Medical coder"]
    response = client.get(URL, {"education_max": Role.Education.ASSOCIATE})
    assert "Paralegal" in shown_titles(response)
    assert "Legal case manager" not in shown_titles(response)


def test_minimum_pay_leaves_out_roles_without_a_figure_and_says_how_many(client, catalogue):
    response = client.get(URL, {"min_pay": "48000"})
    assert shown_titles(response) == ["Legal case manager", "Medical coder", "Paralegal"]
    assert "1 role is left out because it has no published median pay figure." in (
        response.content.decode()
    )
    assert 'name="min_pay" type="number"' in response.content.decode()
    assert 'value="48000"' in response.content.decode()


def test_minimum_pay_accepts_dollar_signs_and_thousands_separators(client, catalogue):
    response = client.get(URL, {"min_pay": "$55,000"})
    assert shown_titles(response) == ["Paralegal"]
    assert notes(response) == ""


def test_growing_outlook_keeps_roles_projected_to_grow(client, catalogue):
    response = client.get(URL, {"outlook": "growing"})
    assert shown_titles(response) == ["Medical coder", "Paralegal"]
    assert "no published growth projection" in response.content.decode()
    not_shrinking = shown_titles(client.get(URL, {"outlook": "not-shrinking"}))
    assert not_shrinking == ["Legal case manager", "Medical coder", "Paralegal"]
    assert len(shown_titles(client.get(URL, {"outlook": "any"}))) == 5


def test_sorting_by_pay_puts_the_highest_first_and_roles_without_a_figure_last(client, catalogue):
    response = client.get(URL, {"sort": "pay"})
    assert shown_titles(response) == [
        "Paralegal",
        "Legal case manager",
        "Medical coder",
        "Legal secretary",
        "Legal intake specialist",
    ]


def test_sorting_by_education_puts_the_lowest_entry_level_first(client, catalogue):
    titles = shown_titles(client.get(URL, {"sort": "education"}))
    assert titles == [
        "Legal intake specialist",
        "Legal secretary",
        "Medical coder",
        "Paralegal",
        "Legal case manager",
    ]


def test_filters_combine_in_one_shareable_address(client, catalogue):
    query = "field=legal-support&education_max=50&min_pay=45000&outlook=not-shrinking&sort=pay"
    response = client.get(f"{URL}?{query}")
    assert shown_titles(response) == ["Paralegal", "Legal case manager"]
    html = response.content.decode()
    assert "2 roles match your filters" in html
    assert '<option value="not-shrinking" selected>' in html
    assert '<option value="pay" selected>' in html


def test_form_works_without_javascript_and_labels_every_field(client, catalogue):
    html = client.get(URL).content.decode()
    form = html[html.index('<form class="role-filters"') :].split("</form>", 1)[0]
    assert 'method="get"' in form and f'action="{URL}"' in form
    for field_id in ("filter-field", "filter-education", "filter-min-pay", "filter-outlook"):
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
        ({"min_pay": "lots"}, "“lots” is not an amount of dollars"),
        ({"min_pay": "-5"}, "“-5” is not an amount of dollars"),
        ({"min_pay": "NaN"}, "“NaN” is not an amount of dollars"),
        ({"min_pay": "1e999999"}, "“1e999999” is not an amount of dollars"),
        ({"outlook": "booming"}, "“booming” is not an outlook we know"),
        ({"sort": "salary"}, "cannot be sorted by “salary”"),
    ],
)
def test_bad_values_are_ignored_with_a_visible_note(client, catalogue, params, note):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert note in notes(response)
    assert len(shown_titles(response)) == 5


def test_hostile_values_are_escaped_and_shortened_in_notes(client, catalogue):
    response = client.get(URL, {"field": "<script>alert(1)</script>" + "x" * 200, "sort": "a\x00b"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in notes(response)
    assert "x" * 100 not in html
    assert "“ab”" in notes(response)


def test_fields_with_no_visible_role_are_not_offered(client, catalogue):
    make_role("Draft only", field=make_field(name="Space law", slug="space-law"), status="draft")
    response = client.get(URL, {"field": "space-law"})
    assert "Space law" not in response.content.decode()
    assert "no career field “space-law”" in notes(response)


def test_no_match_says_so_and_offers_to_clear_the_filters(client, catalogue):
    html = client.get(URL, {"min_pay": "999999"}).content.decode()
    assert "0 roles match your filters" in html
    assert "clear the filters</a>" in html


def test_editors_also_see_draft_roles_in_the_list(editor_client, catalogue):
    make_role("Unfinished role", status=Status.DRAFT)
    response = editor_client.get(URL, {"sort": "pay"})
    assert shown_titles(response)[-1] == "Unfinished role"
    assert "Draft: visible to editors only" in response.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_does_not_grow_with_roles(client, django_assert_num_queries, size):
    fields = [make_field(), make_field()]
    source = make_source()
    for i in range(size):
        role = make_role(f"Role {i}", field=fields[i % 2])
        if i % 3:
            add_figure(role, LabourFigure.Metric.MEDIAN_PAY, str(40000 + i), source=source)
            add_figure(role, LabourFigure.Metric.GROWTH, "2", source=source, period_end=2033)
    # Queries: career fields with visible roles; roles with fields, median pay and growth;
    # median pay figures with their sources.
    with django_assert_num_queries(3):
        response = client.get(URL, {"sort": "pay"})
    assert len(shown_titles(response)) == size
    # The same, plus one count of the roles left out for having no pay or growth figure.
    with django_assert_num_queries(4):
        response = client.get(
            URL, {"field": fields[0].slug, "min_pay": "40000", "outlook": "growing"}
        )
    assert response.status_code == 200


def test_roles_lacking_both_figures_are_counted_as_left_out_once(client):
    from roles.models import LabourFigure
    from tests.conftest import add_figure, make_role, make_source

    source = make_source()
    paid = make_role("Paid and growing")
    add_figure(paid, LabourFigure.Metric.MEDIAN_PAY, "60000", source=source)
    add_figure(paid, LabourFigure.Metric.GROWTH, "2", source=source, period_end=2033)
    paid_only = make_role("Paid but no outlook")
    add_figure(paid_only, LabourFigure.Metric.MEDIAN_PAY, "60000", source=source)
    make_role("No figures at all")
    html = " ".join(client.get("/roles/?min_pay=50000&outlook=growing").content.decode().split())
    assert "Paid and growing" in html
    assert "No figures at all" not in html
    assert "1 role is left out because it has no published median pay figure." in html
    assert "1 role is left out because it has no published growth projection." in html


def test_an_absurd_minimum_pay_is_read_in_whole_dollars(client):
    response = client.get("/roles/?min_pay=1e-999999")
    assert response.status_code == 200
    assert len(response.content) < 200_000
