"""The home page, the role list and role pages, as readers and editors see them."""

import pytest
from django.urls import reverse

from roles.models import LabourFigure, Qualification, Status
from tests.conftest import (
    add_duty,
    add_figure,
    add_move,
    add_qualification,
    grow_profile,
    make_comparison,
    make_duty,
    make_field,
    make_qualification,
    make_role,
    make_source,
    make_work_setting,
)

pytestmark = pytest.mark.django_db


def test_home_page_lists_published_roles_under_their_field(client, legal_field):
    make_role("Legal secretary", field=legal_field)
    make_role("Hidden draft", field=legal_field, status=Status.DRAFT)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Legal support" in html
    assert "Legal secretary" in html
    assert "Hidden draft" not in html


def test_home_page_features_published_comparisons_with_a_link_to_their_chart(client):
    assistant, secretary = make_role("Legal assistant"), make_role("Legal secretary")
    make_comparison([secretary, assistant], title="Assistant or secretary?", featured=True)
    make_comparison([assistant, secretary], title="Draft one", featured=True, status="draft")
    html = client.get("/").content.decode()
    assert "Assistant or secretary?" in html
    assert "/compare/legal-assistant-vs-legal-secretary/" in html
    assert "Draft one" not in html


def test_fields_with_no_published_role_are_not_shown(client):
    make_role("Only draft", field=make_field(name="Healthcare admin"), status=Status.DRAFT)
    assert "Healthcare admin" not in client.get("/").content.decode()


def test_role_list_shows_every_published_role(client):
    make_role("Paralegal")
    make_role("Legal transcriptionist")
    make_role("Secret draft", status=Status.DRAFT)
    response = client.get(reverse("roles:role_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Paralegal" in html and "Legal transcriptionist" in html
    assert "Secret draft" not in html


def test_role_page_shows_summary_quick_facts_duties_qualifications_settings_and_moves(client):
    role = make_role("Legal secretary", overview="## A day\n\nMostly **documents**.")
    paralegal = make_role("Paralegal", field=role.field)
    add_duty(role, make_duty("Answer client calls", kind="client"), emphasis="core")
    add_duty(role, make_duty("Format pleadings"), emphasis="occasional")
    add_qualification(
        role,
        make_qualification("NALS ALP", kind=Qualification.Kind.CERTIFICATION, issuing_body="NALS"),
        level="helpful",
    )
    source = make_source(name="Occupational Outlook Handbook", url="https://www.bls.gov/ooh/x")
    add_figure(role, LabourFigure.Metric.MEDIAN_PAY, "46010", source=source, year=2023)
    add_figure(role, LabourFigure.Metric.GROWTH, "1", source=source, period_end=2033)
    role.work_settings.add(make_work_setting("Law firms"))
    add_move(role, to_role=paralegal, what_it_takes="A paralegal certificate.")
    add_move(role, to_title="Law office administrator", what_it_takes="Management experience.")

    response = client.get(role.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert role.summary in html
    assert "<strong>documents</strong>" in html
    assert "$46,010 a year" in html
    assert "Occupational Outlook Handbook" in html and "2023" in html
    assert "+1% (2023–2033)" in html
    assert "<dt>Employment</dt>" in html and "No published figure" in html
    assert "Client communication" in html and "Answer client calls" in html
    assert "Occasional" in html
    assert "NALS ALP" in html and "(NALS)" in html and "Helpful" in html
    assert "Law firms" in html
    assert paralegal.get_absolute_url() in html and "A paralegal certificate." in html
    assert "Law office administrator" in html
    assert "/compare/legal-secretary-vs-paralegal/" in html


def test_every_figure_on_a_role_page_names_its_source_and_year(client):
    role = make_role("Paralegal")
    source = make_source(name="OOH Paralegals", url="https://www.bls.gov/ooh/paralegals")
    add_figure(role, LabourFigure.Metric.JOBS, "366200", source=source, year=2023)
    html = client.get(role.get_absolute_url()).content.decode()
    assert "366,200 jobs" in html
    figure_html = html[html.index("366,200 jobs") :][:600]
    assert "OOH Paralegals" in figure_html and "2023" in figure_html
    assert 'href="https://www.bls.gov/ooh/paralegals"' in figure_html


def test_draft_roles_are_hidden_from_readers(client):
    role = make_role("Unfinished role", status=Status.DRAFT)
    response = client.get(role.get_absolute_url())
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_staff_see_draft_roles_marked_as_draft(editor_client):
    role = make_role("Unfinished role", status=Status.DRAFT)
    response = editor_client.get(role.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: visible to editors only" in response.content.decode()


def test_unknown_role_gets_the_styled_404_page(client):
    response = client.get("/roles/no-such-role/")
    assert response.status_code == 404
    assert "See all roles" in response.content.decode()


def test_moves_to_draft_roles_are_hidden_from_readers(client):
    role = make_role("Legal secretary")
    draft = make_role("Secret next step", status=Status.DRAFT)
    add_move(role, to_role=draft, what_it_takes="A hidden path.")
    add_move(role, to_title="Office manager", what_it_takes="Management experience.")
    html = client.get(role.get_absolute_url()).content.decode()
    assert "Secret next step" not in html
    assert "A hidden path." not in html
    assert "Office manager" in html
    chart = client.get("/compare/legal-secretary-vs-secret-next-step/")
    assert chart.status_code == 404
    data = client.get("/roles/legal-secretary.json").json()
    assert [move["title"] for move in data["career_moves"]] == ["Office manager"]


def test_editors_see_moves_to_draft_roles(editor_client):
    role = make_role("Legal secretary")
    draft = make_role("Secret next step", status=Status.DRAFT)
    add_move(role, to_role=draft)
    html = editor_client.get(role.get_absolute_url()).content.decode()
    assert f'<a href="{draft.get_absolute_url()}">Secret next step</a>' in html


def test_comparisons_including_a_draft_role_are_hidden_from_readers(client, legal_field):
    secretary = make_role("Legal secretary", field=legal_field)
    draft = make_role("Paralegal", field=legal_field, status=Status.DRAFT)
    comparison = make_comparison([secretary, draft], title="Secretary or paralegal?", featured=True)
    assert "Secretary or paralegal?" not in client.get("/").content.decode()
    assert "Secretary or paralegal?" not in client.get("/roles/legal-secretary/").content.decode()
    assert client.get(comparison.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_role_page_query_count_does_not_grow_with_its_profile(
    client, django_assert_num_queries, size
):
    role = make_role("Legal assistant")
    others = [make_role(f"Paralegal {i}", field=role.field) for i in range(size // 3)]
    grow_profile(role, size)
    for other in others:
        add_move(role, to_role=other)
        make_comparison([role, other])
    # Queries: role with field and occupation; duties; qualifications; figures with sources; work
    # settings; moves with destinations; the field's duty kinds; comparisons including the role;
    # their roles; the related roles (the field's and the moves'); the field's visible roles and
    # the field's career moves (for the career paths diagram).
    with django_assert_num_queries(12):
        response = client.get(role.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_home_and_list_query_counts_do_not_grow_with_roles(client, django_assert_num_queries, size):
    field = make_field()
    roles = [make_role(f"Role {i}", field=field) for i in range(size)]
    make_comparison(roles[:2], featured=True)
    # Queries: curated fields; their roles; major groups with occupation counts; featured
    # comparisons; their roles.
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200
    # Queries: career fields for the filter; the count; the page; its roles with their fields;
    # their median pay figures.
    with django_assert_num_queries(5):
        assert client.get(reverse("roles:role_list")).status_code == 200
