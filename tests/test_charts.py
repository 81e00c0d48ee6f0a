"""The pay chart and career paths drawn as inline SVG, and the field page that shows both."""

import re
from itertools import pairwise

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import reverse

from roles.catalogue.paths import field_career_paths
from roles.compare.drawing import career_paths, pay_chart
from roles.models import CareerMove, LabourFigure, Role, Status
from tests.conftest import add_figure, add_move, make_field, make_role, make_source

pytestmark = pytest.mark.django_db

Metric = LabourFigure.Metric


def prefetched(*roles):
    """The roles again, fetched the way the compare and role pages fetch them."""
    found = Role.objects.with_profile().in_bulk([role.pk for role in roles])
    return [found[role.pk] for role in roles]


def render_pay_chart(chart):
    return render_to_string("roles/_pay_chart.html", {"pay_chart": chart})


def render_career_paths(paths):
    return render_to_string("roles/_career_paths.html", {"career_paths": paths})


def node_named(paths, label):
    return next(node for node in paths.nodes if node.label == label)


def svg_of(html):
    return re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)


# ---------------------------------------------------------------- pay chart


def test_median_pay_sits_proportionally_along_a_dollar_axis_from_zero():
    secretary, paralegal = make_role("Legal secretary"), make_role("Paralegal")
    add_figure(secretary, Metric.MEDIAN_PAY, "30000")
    add_figure(paralegal, Metric.MEDIAN_PAY, "60000")
    chart = pay_chart(prefetched(secretary, paralegal))
    low_row, high_row = chart.rows
    assert chart.ticks[0].value == 0 and chart.ticks[0].x == chart.plot_left
    assert high_row.median_x - chart.plot_left == pytest.approx(
        2 * (low_row.median_x - chart.plot_left), abs=0.2
    )
    last = chart.ticks[-1]
    assert high_row.median_x == pytest.approx(
        chart.plot_left + 60000 / last.value * (last.x - chart.plot_left), abs=0.2
    )


def test_axis_covers_every_value_drawn_with_evenly_spaced_labelled_gridlines():
    role = make_role("Paralegal")
    add_figure(role, Metric.PAY_10, "39000")
    add_figure(role, Metric.MEDIAN_PAY, "60970")
    add_figure(role, Metric.PAY_90, "98300")
    chart = pay_chart(prefetched(role))
    values = [tick.value for tick in chart.ticks]
    assert values[0] == 0 and values[-1] >= 98300
    assert chart.ticks[-1].x == chart.plot_right
    steps = {b - a for a, b in pairwise(values)}
    assert len(steps) == 1
    assert [tick.label for tick in chart.ticks][:2] == ["$0", "$20k"]
    svg = svg_of(render_pay_chart(chart))
    assert svg.count("<line") == len(chart.ticks) + 1  # gridlines and the axis
    assert "$100k" in svg


def test_a_pay_range_is_drawn_from_the_10th_to_the_90th_percentile_when_both_are_known():
    role = make_role("Paralegal")
    add_figure(role, Metric.PAY_10, "39000")
    add_figure(role, Metric.PAY_25, "47000")
    add_figure(role, Metric.MEDIAN_PAY, "60970")
    add_figure(role, Metric.PAY_90, "98300")
    row = pay_chart(prefetched(role)).rows[0]
    assert (row.low.metric, row.high.metric) == (Metric.PAY_10, Metric.PAY_90)
    assert row.low_x < row.median_x < row.high_x
    svg = svg_of(render_pay_chart(pay_chart(prefetched(role))))
    assert 'class="pay-chart-range"' in svg and "<circle" in svg


def test_the_25th_to_75th_percentile_is_the_range_when_the_10th_or_90th_is_missing():
    role = make_role("Legal secretary")
    add_figure(role, Metric.PAY_10, "31000")
    add_figure(role, Metric.PAY_25, "38000")
    add_figure(role, Metric.PAY_75, "56000")
    add_figure(role, Metric.MEDIAN_PAY, "46010")
    chart = pay_chart(prefetched(role))
    row = chart.rows[0]
    assert (row.low.metric, row.high.metric) == (Metric.PAY_25, Metric.PAY_75)
    assert "25th to 75th percentile" in render_pay_chart(chart)


def test_a_chart_of_medians_only_draws_dots_and_no_ranges():
    roles = [make_role(f"Role {name}") for name in "ABC"]
    for role, pay in zip(roles, ("40000", "50000", "61000"), strict=True):
        add_figure(role, Metric.MEDIAN_PAY, pay)
    chart = pay_chart(prefetched(*roles))
    html = render_pay_chart(chart)
    assert not chart.has_ranges
    assert html.count("<circle") == 3
    assert "pay-chart-range" not in html
    assert "and range" not in html
    assert "$61,000" in svg_of(html)


def test_roles_without_a_median_say_so_in_their_row():
    paid, unpaid = make_role("Legal secretary"), make_role("Legal intake specialist")
    add_figure(paid, Metric.MEDIAN_PAY, "46010")
    html = render_pay_chart(pay_chart(prefetched(paid, unpaid)))
    svg = svg_of(html)
    assert "Legal intake specialist" in svg
    assert "No published pay figure" in svg
    assert svg.count("<circle") == 1
    assert "Legal intake specialist: no published pay figure." in svg


def test_every_figure_in_the_pay_chart_is_listed_with_its_source_and_year():
    role = make_role("Paralegal")
    median_source = make_source(name="Occupational Outlook Handbook")
    range_source = make_source(name="Occupational Employment and Wage Statistics")
    add_figure(role, Metric.MEDIAN_PAY, "60970", source=median_source, year=2023)
    add_figure(role, Metric.PAY_10, "39000", source=range_source, year=2022)
    add_figure(role, Metric.PAY_90, "98300", source=range_source, year=2022)
    html = render_pay_chart(pay_chart(prefetched(role)))
    table = html[html.index("<table") :]
    assert "$60,970 a year" in table and "$39,000 a year" in table and "$98,300 a year" in table
    assert "Occupational Outlook Handbook" in table and "2023" in table
    assert table.count("Occupational Employment and Wage Statistics") == 2
    assert table.count("2022") == 2
    assert f'href="{median_source.url}"' in table


def test_the_pay_chart_has_a_caption_a_titled_described_image_and_a_table_of_the_numbers():
    role = make_role("Paralegal")
    add_figure(role, Metric.MEDIAN_PAY, "60970")
    html = render_pay_chart(pay_chart(prefetched(role), title="Pay in legal support"))
    assert "<figure" in html and "<figcaption" in html
    svg = svg_of(html)
    assert 'role="img"' in svg
    assert 'aria-labelledby="pay-chart-title pay-chart-desc"' in svg
    assert '<title id="pay-chart-title">Pay in legal support</title>' in svg
    assert "Paralegal: median $60,970 a year." in svg
    assert 'viewBox="0 0 ' in svg and 'width="100%"' in svg
    assert '<th scope="col">Job</th>' in html and '<th scope="row">' in html


def test_a_chart_with_no_pay_figures_at_all_draws_no_empty_axis():
    html = render_pay_chart(pay_chart(prefetched(make_role("Legal transcriptionist"))))
    assert "<svg" not in html
    assert "No published pay figure" in html


def test_the_pay_chart_makes_no_queries_of_its_own(django_assert_num_queries):
    roles = [make_role(f"Role {i}") for i in range(3)]
    for role in roles:
        add_figure(role, Metric.MEDIAN_PAY, "50000")
    roles = prefetched(*roles)
    with django_assert_num_queries(0):
        render_pay_chart(pay_chart(roles))


# ---------------------------------------------------------------- career paths


def legal_path(field):
    """Transcriptionist -> secretary -> assistant -> paralegal -> attorney (beyond the guide)."""
    transcriptionist = make_role("Legal transcriptionist", field=field)
    secretary = make_role("Legal secretary", field=field)
    assistant = make_role("Legal assistant", field=field)
    paralegal = make_role("Paralegal", field=field)
    add_move(transcriptionist, secretary)
    add_move(secretary, assistant, what_it_takes="Drafting and file work.")
    add_move(assistant, paralegal)
    add_move(paralegal, to_title="Attorney (law school)")
    return transcriptionist, secretary, assistant, paralegal


def test_roles_are_placed_in_columns_by_how_far_along_the_path_they_are(legal_field):
    legal_path(legal_field)
    paths = field_career_paths(legal_field, AnonymousUser())
    columns = {node.label: node.column for node in paths.nodes}
    assert columns == {
        "Legal transcriptionist": 0,
        "Legal secretary": 1,
        "Legal assistant": 2,
        "Paralegal": 3,
        "Attorney (law school)": 4,
    }
    xs = [node_named(paths, label).x for label in columns]
    assert xs == sorted(xs) and len(set(xs)) == 5
    assert paths.width >= max(node.x + node.width for node in paths.nodes)


def test_a_move_that_skips_a_column_runs_through_a_lane_instead_of_a_box(legal_field):
    transcriptionist, _secretary, assistant, _paralegal = legal_path(legal_field)
    add_move(transcriptionist, assistant)
    paths = field_career_paths(legal_field, AnonymousUser())
    line = next(
        line
        for line in paths.lines
        if (line.start.label, line.end.label) == ("Legal transcriptionist", "Legal assistant")
    )
    # Two curves, joined by a straight run across the secretary's column.
    assert line.path.count("C") == 2 and line.path.count("L") == 1
    secretary = node_named(paths, "Legal secretary")
    run_y = float(line.path.split("L")[1].split(",")[1].split()[0])
    assert not secretary.y <= run_y <= secretary.y + secretary.height


def test_role_links_sit_in_the_list_not_inside_the_image(legal_field):
    _t, secretary, _a, _p = legal_path(legal_field)
    html = render_career_paths(field_career_paths(legal_field, AnonymousUser()))
    svg = svg_of(html)
    # An image (role="img") may not hold links; the list of moves carries them.
    assert "<a " not in svg
    moves = html[html.index('<ul class="career-paths-moves"') :]
    assert f'<a href="{secretary.get_absolute_url()}"' in moves
    assert "Attorney (law" in svg and 'class="career-paths-node is-outside"' in svg
    assert 'marker-end="url(#career-paths-arrow)"' in svg
    assert svg.count("<path class=") == 4


def test_the_career_paths_have_a_titled_image_and_a_list_of_every_move(legal_field):
    legal_path(legal_field)
    html = render_career_paths(field_career_paths(legal_field, AnonymousUser()))
    svg = svg_of(html)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Legal secretary to Legal assistant" in svg
    moves = html[html.index('<ul class="career-paths-moves"') :]
    assert moves.count("<li") == 4
    text = re.sub(r"<[^>]+>", "", moves)
    text = " ".join(text.split())
    assert "Legal secretary → to Legal assistant: Drafting and file work." in text
    assert "Attorney (law school) (not in this guide)" in text


def test_moves_in_both_directions_are_drawn_once_with_an_arrow_at_each_end(legal_field):
    paralegal = make_role("Paralegal", field=legal_field)
    manager = make_role("Legal case manager", field=legal_field)
    add_move(paralegal, manager)
    add_move(manager, paralegal)
    paths = field_career_paths(legal_field, AnonymousUser())
    assert sorted(node.column for node in paths.nodes) == [0, 1]
    assert len(paths.lines) == 1 and paths.lines[0].two_way
    assert len(paths.edges) == 2
    svg = svg_of(render_career_paths(paths))
    assert "marker-start=" in svg and "marker-end=" in svg


def test_a_longer_cycle_still_ends_and_points_its_closing_move_back(legal_field):
    a, b, c = (make_role(f"Role {name}", field=legal_field) for name in "ABC")
    add_move(a, b)
    add_move(b, c)
    add_move(c, a)
    paths = field_career_paths(legal_field, AnonymousUser())
    columns = sorted(node.column for node in paths.nodes)
    assert columns == [0, 1, 2]
    backwards = [line for line in paths.lines if line.arrow_at_start]
    assert len(backwards) == 1 and not backwards[0].arrow_at_end
    assert len(render_career_paths(paths)) > 0


def test_the_same_destination_title_from_two_roles_is_one_box(legal_field):
    assistant = make_role("Legal assistant", field=legal_field)
    paralegal = make_role("Paralegal", field=legal_field)
    add_move(assistant, to_title="Attorney (law school)")
    add_move(paralegal, to_title="Attorney  (law school)")
    paths = field_career_paths(legal_field, AnonymousUser())
    assert [node.label for node in paths.nodes].count("Attorney (law school)") == 1
    assert len(paths.edges) == 2


def test_draft_roles_and_their_moves_are_hidden_from_readers(legal_field, editor):
    secretary = make_role("Legal secretary", field=legal_field)
    draft = make_role("Legal proofreader", field=legal_field, status=Status.DRAFT)
    elsewhere = make_role("Court clerk", field=make_field(), status=Status.DRAFT)
    add_move(secretary, draft)
    add_move(draft, secretary)
    add_move(draft, to_title="Editor")
    add_move(secretary, elsewhere)
    add_move(secretary, to_title="Law office administrator")

    reader_paths = field_career_paths(legal_field, AnonymousUser())
    reader_html = render_career_paths(reader_paths)
    assert [node.label for node in reader_paths.nodes] == [
        "Legal secretary",
        "Law office administrator",
    ]
    assert "Legal proofreader" not in reader_html and "Court clerk" not in reader_html
    assert "Editor" not in reader_html

    editor_paths = field_career_paths(legal_field, editor)
    assert "Legal proofreader" in {node.label for node in editor_paths.nodes}
    assert "(draft)" in render_career_paths(editor_paths)


def test_the_current_role_is_highlighted_on_its_own_page(legal_field):
    _t, secretary, _a, _p = legal_path(legal_field)
    paths = field_career_paths(legal_field, AnonymousUser(), current=secretary)
    assert [node.label for node in paths.nodes if node.current] == ["Legal secretary"]
    html = render_career_paths(paths)
    assert 'class="career-paths-node is-current"' in html
    assert "Legal secretary, the role on this page" in html
    assert "<strong>Legal secretary</strong>" in html


def test_a_current_role_with_no_moves_says_so_instead_of_drawing_the_field(legal_field):
    legal_path(legal_field)
    loner = make_role("Legal proofreader", field=legal_field)
    html = render_career_paths(field_career_paths(legal_field, AnonymousUser(), current=loner))
    # Its page shows only the moves to and from it; the field's page has the rest.
    assert "<svg" not in html
    assert "No career moves are listed to or from this role yet." in html
    assert "the role on this page" not in html


def test_a_field_with_no_moves_says_so_instead_of_drawing(legal_field):
    make_role("Legal secretary", field=legal_field)
    html = render_career_paths(field_career_paths(legal_field, AnonymousUser()))
    assert "<svg" not in html
    assert "No career moves are listed" in html


@pytest.mark.parametrize("size", [3, 12])
def test_field_career_paths_take_two_queries_however_many_roles(
    legal_field, django_assert_num_queries, size
):
    roles = [make_role(f"Role {i}", field=legal_field) for i in range(size)]
    for before, after in pairwise(roles):
        add_move(before, after)
        add_move(before, to_title=f"Beyond {before.title}")
    # Queries: the field's visible roles; the moves out of them with both ends.
    with django_assert_num_queries(2):
        paths = field_career_paths(legal_field, AnonymousUser())
        render_career_paths(paths)
    assert len(paths.edges) == 2 * (size - 1)


def test_career_paths_from_prefetched_data_make_no_queries(legal_field, django_assert_num_queries):
    legal_path(legal_field)
    roles = list(Role.objects.filter(field=legal_field))
    moves = list(CareerMove.objects.out_of_field(legal_field, AnonymousUser()))
    with django_assert_num_queries(0):
        render_career_paths(career_paths(roles, moves))


# ---------------------------------------------------------------- field page


def test_the_field_page_shows_its_roles_paths_and_pay(client, legal_field):
    legal_field.summary = "The people who keep legal work moving."
    legal_field.save()
    _t, secretary, assistant, _p = legal_path(legal_field)
    add_figure(secretary, Metric.MEDIAN_PAY, "46010", year=2023)
    response = client.get(legal_field.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Legal support</h1>" in html
    assert "The people who keep legal work moving." in html
    assert html.count('<li class="card">') == 4
    assert f'<h3><a href="{assistant.get_absolute_url()}">Legal assistant</a></h3>' in html
    assert 'class="career-paths-svg"' in html and 'class="pay-chart-svg"' in html
    assert "$46,010 a year" in html and "2023" in html


def test_the_field_page_address_is_fields_and_the_slug(legal_field):
    assert legal_field.get_absolute_url() == "/fields/legal-support/"
    assert reverse("roles:field_detail", kwargs={"slug": "legal-support"}) == (
        "/fields/legal-support/"
    )


def test_draft_roles_are_hidden_from_readers_of_the_field_page(client, legal_field, editor):
    make_role("Legal secretary", field=legal_field)
    make_role("Legal proofreader", field=legal_field, status=Status.DRAFT)
    assert "Legal proofreader" not in client.get("/fields/legal-support/").content.decode()
    client.force_login(editor)
    assert "Legal proofreader" in client.get("/fields/legal-support/").content.decode()


def test_a_field_with_no_published_role_still_has_a_page_that_says_so(client, legal_field):
    make_role("Legal proofreader", field=legal_field, status=Status.DRAFT)
    response = client.get("/fields/legal-support/")
    assert response.status_code == 200
    assert "No roles are published in this field yet." in response.content.decode()


def test_an_unknown_field_is_not_found(client):
    assert client.get("/fields/no-such-field/").status_code == 404


def test_the_field_page_refuses_a_post(client, legal_field):
    assert client.post("/fields/legal-support/").status_code == 405


def test_home_page_field_headings_link_to_the_field_page(client, legal_field):
    make_role("Legal secretary", field=legal_field)
    html = client.get("/").content.decode()
    assert '<a href="/fields/legal-support/">Legal support</a></h2>' in html


@pytest.mark.parametrize("size", [2, 12])
def test_field_page_query_count_does_not_grow_with_roles(
    client, legal_field, django_assert_num_queries, size
):
    roles = [make_role(f"Role {i}", field=legal_field) for i in range(size)]
    for before, after in pairwise(roles):
        add_move(before, after)
        add_figure(before, Metric.MEDIAN_PAY, "50000")
        add_figure(before, Metric.PAY_25, "40000")
        add_figure(before, Metric.PAY_75, "60000")
    # Queries: the field; its visible roles; their figures with sources; moves with both ends.
    with django_assert_num_queries(4):
        response = client.get(legal_field.get_absolute_url())
    assert response.status_code == 200
