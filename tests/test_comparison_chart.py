"""The comparison chart: one accessible table, shared duties marked, one canonical address."""

import re

import pytest
from django.test import Client

from roles.models import ChartRow, DutyKind, LabourFigure, Qualification, Status
from tests.conftest import (
    add_duty,
    add_figure,
    add_qualification,
    grow_profile,
    make_comparison,
    make_duty,
    make_qualification,
    make_role,
    make_source,
    make_work_setting,
)

pytestmark = pytest.mark.django_db

URL = "/compare/legal-assistant-vs-legal-secretary/"


@pytest.fixture
def pair(legal_field):
    assistant = make_role("Legal assistant", field=legal_field, primary_focus="Case preparation")
    secretary = make_role("Legal secretary", field=legal_field, primary_focus="Office documents")
    filing = make_duty("Keep case files in order", kind="administrative")
    add_duty(assistant, filing)
    add_duty(secretary, filing)
    add_duty(assistant, make_duty("Draft discovery requests", kind="substantive"))
    add_duty(secretary, make_duty("Type correspondence", kind="administrative"))
    add_duty(secretary, make_duty("Answer client calls", kind="client"))
    add_qualification(
        secretary,
        make_qualification("NALS ALP", kind=Qualification.Kind.CERTIFICATION, issuing_body="NALS"),
    )
    add_qualification(assistant, make_qualification("Legal research", kind="skill"))
    firms = make_work_setting("Law firms")
    assistant.work_settings.add(firms)
    secretary.work_settings.add(firms)
    source = make_source(name="BLS handbook")
    add_figure(assistant, LabourFigure.Metric.MEDIAN_PAY, "60970", source=source)
    add_figure(secretary, LabourFigure.Metric.MEDIAN_PAY, "46010", source=source)
    add_figure(assistant, LabourFigure.Metric.GROWTH, "1", source=source, period_end=2033)
    return assistant, secretary


def chart_html(response):
    html = response.content.decode()
    start = html.index('<table class="chart"')
    return html[start : html.index("</table>", start)]


def test_chart_is_one_table_with_a_caption_and_scoped_headers(client, pair):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<table class="chart"') == 1
    table = chart_html(response)
    assert "<caption" in table
    assert table.count('scope="col"') == 2
    duty_rows = {kind.chart_row_key for kind in DutyKind.objects.all()}
    assert table.count('scope="row"') == len(ChartRow.choices) + len(duty_rows)


def test_chart_has_a_row_for_every_question_readers_ask(client, pair):
    table = chart_html(client.get(URL))
    for label in [
        "Primary focus",
        "Substantive legal duties",
        "Administrative focus",
        "Client contact",
        "Typical entry education",
        "Certifications",
        "Skills employers look for",
        "Work settings",
        "Median pay",
        "Job outlook",
        "Career opportunities",
    ]:
        assert f">{label}" in table, label


def test_chart_puts_each_role_in_its_own_column(client, pair):
    table = chart_html(client.get(URL))
    focus_row = re.search(r'id="row-primary_focus".*?</tr>', table, re.S).group(0)
    assert focus_row.index("Case preparation") < focus_row.index("Office documents")
    assert "$60,970 a year" in table and "$46,010 a year" in table
    assert "BLS handbook" in table
    assert "No published figure" in table  # the secretary has no growth figure


def test_duties_both_roles_carry_are_marked_shared(client, pair):
    response = client.get(URL)
    table = chart_html(response)
    shared_items = re.findall(r'<li class="shared">(.*?)</li>', table, re.S)
    shared_text = " ".join(shared_items)
    assert shared_text.count("Keep case files in order") == 2
    assert "Type correspondence" not in shared_text
    assert "Draft discovery requests" not in shared_text
    assert 'Shared<span class="visually-hidden"> with Legal secretary' in table
    summary = response.content.decode()
    assert "Legal assistants and legal secretaries share 1 of their 4 duties." in summary


def test_reversed_order_redirects_to_the_canonical_url(client, pair):
    response = client.get("/compare/legal-secretary-vs-legal-assistant/")
    assert response.status_code == 301
    assert response.url == URL


def test_curated_comparison_shows_its_introduction_advice_and_row_notes(client, pair):
    make_comparison(
        list(pair),
        title="Legal assistant or legal secretary?",
        introduction="Both support lawyers; **the difference is depth**.",
        advice="Choose the assistant role if you like research.",
        notes={"duties-administrative-focus": "Secretaries run the office's paperwork."},
    )
    html = client.get(URL).content.decode()
    assert "<h1>Legal assistant or legal secretary?</h1>" in html
    assert "<strong>the difference is depth</strong>" in html
    assert "Choose the assistant role if you like research." in html
    assert "Secretaries run the office&#x27;s paperwork." in chart_html(client.get(URL))


def test_curated_comparison_of_a_different_set_is_not_shown(client, pair):
    third = make_role("Paralegal")
    make_comparison([*pair, third], introduction="About three roles.")
    assert "About three roles." not in client.get(URL).content.decode()


def test_draft_comparison_text_is_hidden_from_readers(client, pair):
    make_comparison(list(pair), introduction="Not ready yet.", status=Status.DRAFT)
    assert "Not ready yet." not in client.get(URL).content.decode()


def test_curated_comparison_address_leads_to_its_chart(client, pair):
    comparison = make_comparison(list(pair), slug="which-legal-support-role")
    response = client.get(comparison.get_absolute_url())
    assert response.status_code == 302
    assert response.url == URL


def test_chart_of_a_draft_role_is_hidden_from_readers_but_not_editors(editor_client, pair):
    assistant, _ = pair
    assistant.status = Status.DRAFT
    assistant.save()
    assert Client().get(URL).status_code == 404
    assert editor_client.get(URL).status_code == 200


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        (
            "/compare/legal-assistant-vs-nobody/",
            404,
            "no published role or occupation called “nobody”",
        ),
        ("/compare/legal-assistant/", 400, "Pick at least two jobs"),
        ("/compare/legal-assistant-vs-legal-assistant/", 400, "the same job more than once"),
        ("/compare/a-vs-b-vs-c-vs-d-vs-e/", 400, "at most 4"),
        ("/compare/-vs-/", 400, "the same job more than once"),
    ],
)
def test_bad_comparisons_explain_themselves_on_the_picker(client, pair, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert '<form class="picker"' in html


@pytest.mark.parametrize("size", [3, 30])
def test_chart_query_count_does_not_grow_with_duties_and_qualifications(
    client, django_assert_num_queries, size
):
    shared = make_duty("Shared filing")
    shared_skill = make_qualification("Shared skill")
    first, second = make_role("Legal assistant"), make_role("Legal secretary")
    for role in (first, second):
        grow_profile(role, size, shared_duties=[shared], shared_qualifications=[shared_skill])
    make_comparison([first, second], notes={ChartRow.SKILLS: "A note."})
    # Queries: roles with fields; duties; qualifications; figures with sources; work settings;
    # moves; the fields' duty kinds; curated comparison; its row notes.
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200
