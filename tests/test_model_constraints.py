"""The database itself refuses rows that would show readers something wrong."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from roles.discover.fit import TAKEN_NAMES
from roles.models import (
    CareerMove,
    ComparisonRole,
    DutyKind,
    FitQuestion,
    LabourFigure,
    Qualification,
    Role,
    RoleDuty,
)
from tests.conftest import (
    add_duty,
    make_comparison,
    make_duty,
    make_field,
    make_role,
    make_source,
)

pytestmark = pytest.mark.django_db


def assert_refused(callable_, *args, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_(*args, **kwargs)


def test_two_roles_cannot_share_a_slug():
    make_role("Paralegal", slug="paralegal")
    assert_refused(make_role, "Paralegal two", slug="paralegal")


def test_a_role_slug_cannot_contain_the_compare_separator():
    assert_refused(make_role, "Odd", slug="legal-vs-secretary")


def test_a_role_status_must_be_draft_or_published():
    assert_refused(make_role, "Odd status", status="archived")


def test_entry_education_must_be_a_known_level():
    assert_refused(make_role, "Odd education", entry_education=35)


def test_a_duty_needs_a_kind():
    assert_refused(make_duty, kind=None)


def test_a_field_names_each_duty_kind_once(legal_field):
    DutyKind.objects.create(field=legal_field, name="Paperwork", slug="paperwork")
    assert_refused(DutyKind.objects.create, field=legal_field, name="Paperwork", slug="paper")
    assert_refused(DutyKind.objects.create, field=legal_field, name="Papers", slug="paperwork")


def test_another_field_may_reuse_a_duty_kinds_name(legal_field):
    DutyKind.objects.create(field=legal_field, name="Records", slug="records")
    other = make_field()
    assert DutyKind.objects.create(field=other, name="Records", slug="records").pk


@pytest.mark.parametrize("name", sorted(TAKEN_NAMES))
def test_a_fit_question_cannot_take_a_name_the_fit_helper_uses(legal_field, name):
    # The shared questions own their names in the address (?outlook=...): an editor's question
    # with one of them would answer both.
    assert_refused(
        FitQuestion.objects.create, field=legal_field, slug=name, legend="Pay?", topic="Pay"
    )


def test_a_role_carries_a_duty_once():
    role, duty = make_role(), make_duty()
    add_duty(role, duty)
    assert_refused(add_duty, role, duty)


def test_duty_emphasis_must_be_known():
    assert_refused(RoleDuty.objects.create, role=make_role(), duty=make_duty(), emphasis="always")


def test_a_certification_names_who_issues_it():
    assert_refused(
        Qualification.objects.create,
        name="Some certificate",
        slug="some-certificate",
        kind=Qualification.Kind.CERTIFICATION,
    )


def test_a_role_cannot_move_to_itself():
    role = make_role()
    assert_refused(
        CareerMove.objects.create, from_role=role, to_role=role, what_it_takes="Nothing."
    )


def test_a_move_has_exactly_one_destination():
    role, other = make_role(), make_role()
    assert_refused(CareerMove.objects.create, from_role=role, what_it_takes="Experience.")
    assert_refused(
        CareerMove.objects.create,
        from_role=role,
        to_role=other,
        to_title="Office manager",
        what_it_takes="Experience.",
    )


def test_a_move_says_what_it_takes():
    assert_refused(
        CareerMove.objects.create, from_role=make_role(), to_title="Manager", what_it_takes=""
    )


@pytest.mark.parametrize(
    ("metric", "value", "period_end"),
    [
        (LabourFigure.Metric.MEDIAN_PAY, "12", None),
        (LabourFigure.Metric.MEDIAN_PAY, "5000000", None),
        (LabourFigure.Metric.PAY_90, "-3", None),
        (LabourFigure.Metric.GROWTH, "250", 2033),
        (LabourFigure.Metric.GROWTH, "3", None),
        (LabourFigure.Metric.GROWTH, "3", 2020),
        (LabourFigure.Metric.JOBS, "-1", None),
        (LabourFigure.Metric.JOBS, "1000", 2033),
        ("bonus", "1000", None),
    ],
)
def test_figures_outside_sane_ranges_are_refused(metric, value, period_end):
    assert_refused(
        LabourFigure.objects.create,
        role=make_role(),
        metric=metric,
        value=Decimal(value),
        population="Everyone",
        source=make_source(),
        year=2023,
        period_end=period_end,
    )


def test_a_role_has_one_figure_per_metric():
    role, source = make_role(), make_source()
    values = {"population": "Everyone", "source": source, "year": 2023}
    LabourFigure.objects.create(role=role, metric="median_pay", value=50000, **values)
    assert_refused(
        LabourFigure.objects.create, role=role, metric="median_pay", value=51000, **values
    )


def test_a_comparison_cannot_compare_a_role_with_itself():
    role = make_role()
    comparison = make_comparison([role, make_role()])
    assert_refused(ComparisonRole.objects.create, comparison=comparison, role=role)


def test_valid_rows_are_accepted():
    role = make_role("Legal secretary", entry_education=Role.Education.HIGH_SCHOOL)
    CareerMove.objects.create(from_role=role, to_title="Office manager", what_it_takes="Years.")
    LabourFigure.objects.create(
        role=role,
        metric="growth",
        value=Decimal("-2.5"),
        population="Secretaries",
        source=make_source(),
        year=2023,
        period_end=2033,
    )
    assert role.moves.count() == 1
    assert role.figures.count() == 1
