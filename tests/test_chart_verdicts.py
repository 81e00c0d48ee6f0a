"""A chart row reads "Same" when its cells show the same thing, "Differs" when they do not, and the
audit fails a comparison whose editor's words say otherwise."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Prefetch

from roles.compare.chart import build_chart
from roles.editorial.audit import comparison_chart, comparison_gaps
from roles.models import Comparison, ComparisonRowNote, LabourFigure, Qualification, Role
from tests.conftest import (
    add_figure,
    add_qualification,
    make_comparison,
    make_qualification,
    make_role,
    make_source,
)

pytestmark = pytest.mark.django_db

SECRETARIES = "All secretaries and administrative assistants (SOC 43-6000)"
URL = "/compare/legal-administrative-assistant-vs-legal-secretary/"


@pytest.fixture
def secretaries_pair(legal_field):
    """Two roles showing the same all-secretaries figures, each saying it is not theirs alone."""
    handbook = make_source(name="Occupational Outlook Handbook", url="https://www.bls.gov/ooh/s")
    pair = []
    for title in ("Legal administrative assistant", "Legal secretary"):
        role = make_role(title, field=legal_field)
        population = f"{SECRETARIES}, not {title.lower()}s alone"
        for metric, value, period_end in (
            (LabourFigure.Metric.MEDIAN_PAY, "46010", None),
            (LabourFigure.Metric.JOBS, "3421400", None),
            (LabourFigure.Metric.GROWTH, "1", 2033),
        ):
            add_figure(
                role,
                metric,
                value,
                source=handbook,
                population=population,
                period_end=period_end,
            )
        pair.append(role)
    return pair


def chart_of(roles, comparison=None):
    fetched = Role.objects.with_profile().filter(pk__in=[r.pk for r in roles]).order_by("slug")
    return build_chart(list(fetched), comparison)


def row_of(chart, key):
    return next(row for row in chart.rows if row.key == key)


def badges(html):
    """Each chart row's key and its badge, in order."""
    return re.findall(
        r'<tr id="row-([^"]+)" class="[^"]+">\s*<th scope="row">[^<]*<span class="badge[^"]*">'
        r"(Same|Differs)</span>",
        html,
    )


def published_comparison(slug):
    return (
        Comparison.objects.filter(slug=slug)
        .prefetch_related(
            "roles", Prefetch("row_notes", queryset=ComparisonRowNote.objects.order_by("id"))
        )
        .get()
    )


def test_the_same_figure_reads_same_though_each_cell_says_it_is_not_its_role_alone(
    secretaries_pair,
):
    chart = chart_of(secretaries_pair)
    assert not row_of(chart, "median_pay").differs
    assert not row_of(chart, "outlook").differs


def test_the_page_marks_identical_figures_same_and_counts_only_the_rows_that_differ(
    client, secretaries_pair
):
    html = client.get(URL).content.decode()
    verdicts = dict(badges(html))
    assert verdicts["median_pay"] == "Same"
    assert verdicts["outlook"] == "Same"
    differing = list(verdicts.values()).count("Differs")
    assert f"{differing} of {len(verdicts)} rows differ." in html


def test_the_same_number_for_another_group_period_or_source_differs(legal_field):
    handbook = make_source(url="https://www.bls.gov/ooh/a")
    other = make_source(url="https://www.bls.gov/oes/b")
    base = make_role("Base role", field=legal_field)
    add_figure(base, "median_pay", "46010", source=handbook, population=f"{SECRETARIES}")
    for population, source, year in (
        ("Legal secretaries and administrative assistants (SOC 43-6012)", handbook, 2023),
        (SECRETARIES, handbook, 2024),
        (SECRETARIES, other, 2023),
    ):
        role = make_role(field=legal_field)
        add_figure(role, "median_pay", "46010", source=source, population=population, year=year)
        assert row_of(chart_of([base, role]), "median_pay").differs, (population, year)


def test_a_level_shown_beside_an_item_is_part_of_what_the_row_compares(legal_field):
    assistant = make_role("Legal administrative assistant", field=legal_field)
    secretary = make_role("Legal secretary", field=legal_field)
    training = make_qualification("Legal office training", kind=Qualification.Kind.EDUCATION)
    diploma = make_qualification("High school diploma", kind=Qualification.Kind.EDUCATION)
    # The same items listed in another order: still the same.
    add_qualification(assistant, diploma, level="required", order=1)
    add_qualification(assistant, training, level="helpful", order=2)
    add_qualification(secretary, training, level="helpful", order=1)
    add_qualification(secretary, diploma, level="required", order=2)
    assert not row_of(chart_of([assistant, secretary]), "education").differs

    secretary.role_qualifications.filter(qualification=training).update(level="preferred")
    assert row_of(chart_of([assistant, secretary]), "education").differs


def test_the_audit_fails_a_row_note_calling_a_differing_row_identical(legal_field):
    assistant = make_role("Legal administrative assistant", field=legal_field)
    secretary = make_role("Legal secretary", field=legal_field)
    training = make_qualification("Legal office training", kind=Qualification.Kind.EDUCATION)
    add_qualification(assistant, training, level="helpful")
    add_qualification(secretary, training, level="preferred")
    make_comparison(
        [assistant, secretary],
        slug="pair",
        notes={"education": "Identical: the same training helps for either."},
    )
    gaps = comparison_gaps(published_comparison("pair"))
    assert (
        "The note on the typical entry education row says they are the same there, but the "
        "chart marks it “Differs”: only some cells show “Legal office training (Helpful)”, "
        "“Legal office training (Preferred)”."
    ) in gaps

    secretary.role_qualifications.update(level="helpful")
    assert not any(
        "typical entry education" in gap for gap in comparison_gaps(published_comparison("pair"))
    )


def test_the_audit_fails_a_row_note_calling_a_matching_row_different(secretaries_pair):
    make_comparison(
        secretaries_pair, slug="pair", notes={"median_pay": "Different pay: one is higher."}
    )
    gaps = comparison_gaps(published_comparison("pair"))
    assert (
        "The note on the median pay row says they differ there, but the cells show the same, "
        "so the chart marks it “Same”."
    ) in gaps


@pytest.mark.parametrize(
    ("claim", "holds"),
    [
        ("{differing} of {total} rows differ", True),
        ("{wrong} of {total} rows differ", False),
        ("{same} of the {total} rows are the same", True),
        ("{differing} of {wrong_total} rows differ", False),
        ("most of the rows differ", "most_differ"),
        ("most of the rows are the same", "most_same"),
        ("every row differs", False),
        ("no row differs", False),
    ],
)
def test_the_audit_checks_a_count_of_differing_rows_against_the_chart(
    secretaries_pair, claim, holds
):
    comparison = make_comparison(secretaries_pair, slug="pair")
    chart = comparison_chart(published_comparison("pair"))
    differing, total = len(chart.differing_rows), len(chart.rows)
    assert 0 < differing < total
    text = claim.format(
        differing=differing,
        total=total,
        same=total - differing,
        wrong=differing + 1,
        wrong_total=total + 1,
    )
    if holds == "most_differ":
        holds = 2 * differing > total
    elif holds == "most_same":
        holds = 2 * (total - differing) > total
    comparison.introduction = f"The chart below is short: {text}."
    comparison.save()
    gaps = [gap for gap in comparison_gaps(published_comparison("pair")) if "introduction" in gap]
    expected = [
        f"The introduction says “{text}”, but {differing} of the chart's {total} rows differ."
    ]
    assert gaps == ([] if holds else expected)


def test_audit_content_names_the_comparison_whose_words_contradict_its_chart(
    secretaries_pair, capsys
):
    make_comparison(secretaries_pair, slug="pair", advice="In short, every row differs.")
    with pytest.raises(CommandError):
        call_command("audit_content")
    out = capsys.readouterr().out
    assert "Comparison pair falls short:" in out
    assert "The advice says “every row differs”" in out


@pytest.fixture
def guide(_shipped_guide, db):
    """The shipped content; each test's own changes are rolled back as usual."""


def test_shipped_secretary_comparison_marks_its_shared_figures_same(guide, client):
    html = client.get(URL).content.decode()
    verdicts = dict(badges(html))
    assert verdicts["median_pay"] == "Same"
    assert verdicts["outlook"] == "Same"
    # Both roles take the OEWS figure of the one occupation that counts them (SOC 43-6012).
    pay_row = html[html.index('id="row-median_pay"') :].split("</tr>", 1)[0]
    assert pay_row.count('<span class="figure-value">$54,140 a year</span>') == 2
    differing = list(verdicts.values()).count("Differs")
    assert differing < 8
    assert f"{differing} of {len(verdicts)} rows differ." in html
