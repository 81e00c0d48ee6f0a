"""The whole vendored catalogue, as `make run` loads it: every O*NET 29.3 occupation with its OEWS
May 2024 figures, the guide on top, a rerun that changes nothing, and pages that render and stay
small for the largest occupations."""

import gzip
from collections import Counter

import pytest
from django.db.models import Count

from roles.compare.selection import compare_url
from roles.importers.content import load_content
from roles.importers.oews import import_oews
from roles.importers.onet import import_onet
from roles.models import (
    AlternateTitle,
    Occupation,
    RelatedOccupation,
    ReportedTitle,
    Role,
    Task,
    WageEstimate,
    WorkActivity,
)
from tests.conftest import forget_everything_loaded

# Every this-many-th occupation's page is rendered, besides one of each kind of data.
PAGE_SAMPLE_STEP = 25


@pytest.fixture(scope="module")
def full_catalogue(django_db_setup, django_db_blocker):
    # Importing takes several seconds: once for this module, removed afterwards.
    with django_db_blocker.unblock():
        reports = import_onet(), import_oews()
        load_content()
        yield reports
        forget_everything_loaded()


@pytest.fixture
def catalogue_db(full_catalogue, db):
    """The full catalogue; each test's own changes are rolled back as usual."""
    return full_catalogue


def test_every_occupation_and_its_onet_data_is_loaded(catalogue_db):
    assert Occupation.objects.count() == 1016
    assert Task.objects.count() == 18796
    assert WorkActivity.objects.count() == 2087
    assert Task.activities.through.objects.count() == 23233
    # 56,560 rows in the file; two titles listed twice for one occupation are kept once.
    assert AlternateTitle.objects.count() == 56558
    assert ReportedTitle.objects.count() == 7796
    assert RelatedOccupation.objects.count() == 18460
    assert WageEstimate.objects.count() == 1309


def test_each_occupation_shows_its_own_oews_figures_or_says_whose(catalogue_db):
    matches = Counter(Occupation.objects.values_list("wage_match", flat=True))
    assert matches == {"own": 819, "specialty": 143, "broad": 20, "combination": 14, "": 20}
    without = set(Occupation.objects.filter(wage_estimate=None).values_list("code", flat=True))
    # OEWS covers no armed forces, and has no row for fishing and hunting workers.
    assert {code for code in without if not code.startswith("55-")} == {"45-3031.00"}
    assert len(without) == 20


def test_the_guide_sits_on_the_catalogue(catalogue_db):
    assert Role.objects.published().count() == 8
    assert not Role.objects.filter(occupation=None).exists()


def test_a_second_import_of_unchanged_files_changes_nothing(catalogue_db):
    onet, oews = import_onet(), import_oews()
    assert not onet.changed and not oews.changed


def sample_of_occupations():
    """One occupation of each shape the data takes, and every PAGE_SAMPLE_STEP-th of the rest."""
    chosen = {}
    occupations = Occupation.objects.select_related("wage_estimate").order_by("code")
    for index, occupation in enumerate(occupations):
        estimate = occupation.wage_estimate
        shape = (
            occupation.wage_match,
            occupation.job_zone_id is None,
            occupation.common_education_id is None,
            estimate is not None and estimate.hourly_only,
            estimate is not None and estimate.annual_only,
            estimate is not None and "median_annual" in estimate.top_coded,
        )
        if shape not in chosen or index % PAGE_SAMPLE_STEP == 0:
            chosen.setdefault(shape, []).append(occupation)
    return [occupation for group in chosen.values() for occupation in group]


def test_occupation_pages_of_every_shape_render(catalogue_db, client):
    sample = sample_of_occupations()
    assert len(sample) > 40
    for occupation in sample:
        response = client.get(occupation.get_absolute_url())
        assert response.status_code == 200, occupation.code
        assert occupation.title.replace("'", "&#x27;") in response.content.decode()


def test_the_largest_pages_stay_under_20_kb_of_html_after_gzip(catalogue_db, client):
    by_tasks = list(
        Occupation.objects.annotate(tasks_count=Count("tasks")).order_by("-tasks_count")
    )
    by_titles = Occupation.objects.annotate(titles=Count("alternate_titles")).order_by("-titles")
    for occupation in [*by_tasks[:3], by_titles.first()]:
        body = client.get(occupation.get_absolute_url()).content
        assert len(gzip.compress(body)) < 20_000, occupation.code
    chart = client.get(compare_url([occupation.slug for occupation in by_tasks[:4]]))
    assert chart.status_code == 200
    assert len(gzip.compress(chart.content)) < 20_000
