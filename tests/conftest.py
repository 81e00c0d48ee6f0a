"""Shared fixtures and small factories for the Career Guide tests."""

from decimal import Decimal
from itertools import count

import pytest
from django.contrib.auth.models import Group

from roles.models import (
    CareerField,
    CareerMove,
    Comparison,
    ComparisonRole,
    ComparisonRowNote,
    Duty,
    LabourFigure,
    Qualification,
    Role,
    RoleDuty,
    RoleQualification,
    Source,
    Status,
    WorkSetting,
)

_sequence = count(1)


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(request, monkeypatch):
    # Playwright's sync API runs an event loop in the test's thread; the ORM calls the browser
    # tests make there are synchronous, so Django's async-safety check must stand aside.
    if request.node.get_closest_marker("browser"):
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def make_field(**overrides):
    n = next(_sequence)
    values = {"name": f"Field {n}", "slug": f"field-{n}", "order": n}
    values.update(overrides)
    return CareerField.objects.create(**values)


def make_role(title=None, *, field=None, status=Status.PUBLISHED, **overrides):
    n = next(_sequence)
    title = title or f"Role {n}"
    values = {
        "title": title,
        "slug": overrides.pop("slug", title.lower().replace(" ", "-")),
        "field": field or make_field(),
        "summary": f"{title} supports lawyers with a clearly described set of everyday duties.",
        "primary_focus": f"What {title} mostly does",
        "entry_education": Role.Education.HIGH_SCHOOL,
        "status": status,
    }
    values.update(overrides)
    return Role.objects.create(**values)


def make_duty(name=None, kind=Duty.Kind.ADMINISTRATIVE, **overrides):
    n = next(_sequence)
    name = name or f"Do task number {n}"
    return Duty.objects.create(
        name=name, slug=overrides.pop("slug", f"duty-{n}"), kind=kind, **overrides
    )


def add_duty(role, duty, emphasis="core", order=0):
    return RoleDuty.objects.create(role=role, duty=duty, emphasis=emphasis, order=order)


def make_qualification(name=None, kind=Qualification.Kind.SKILL, **overrides):
    n = next(_sequence)
    name = name or f"Qualification {n}"
    if kind == Qualification.Kind.CERTIFICATION:
        overrides.setdefault("issuing_body", "A professional body")
    return Qualification.objects.create(
        name=name, slug=overrides.pop("slug", f"qualification-{n}"), kind=kind, **overrides
    )


def add_qualification(role, qualification, level="required", order=0):
    return RoleQualification.objects.create(
        role=role, qualification=qualification, level=level, order=order
    )


def make_source(**overrides):
    n = next(_sequence)
    values = {
        "name": f"Statistics handbook {n}",
        "publisher": "Bureau of Statistics",
        "url": f"https://stats.example.org/{n}",
    }
    values.update(overrides)
    return Source.objects.create(**values)


def add_figure(role, metric, value, *, source=None, year=2023, period_end=None, population=None):
    return LabourFigure.objects.create(
        role=role,
        metric=metric,
        value=Decimal(value),
        population=population or f"{role.title}s (SOC 00-0000)",
        source=source or make_source(),
        year=year,
        period_end=period_end,
    )


def add_move(role, to_role=None, to_title="", what_it_takes="Two years of experience."):
    return CareerMove.objects.create(
        from_role=role, to_role=to_role, to_title=to_title, what_it_takes=what_it_takes
    )


def make_comparison(roles, *, status=Status.PUBLISHED, notes=None, **overrides):
    n = next(_sequence)
    values = {"title": f"Comparison {n}", "slug": f"comparison-{n}", "status": status}
    values.update(overrides)
    comparison = Comparison.objects.create(**values)
    for role in roles:
        ComparisonRole.objects.create(comparison=comparison, role=role)
    for row, note in (notes or {}).items():
        ComparisonRowNote.objects.create(comparison=comparison, row=row, note=note)
    return comparison


def make_work_setting(name):
    return WorkSetting.objects.create(name=name, slug=name.lower().replace(" ", "-"))


def grow_profile(role, size, *, shared_duties=(), shared_qualifications=()):
    """Give `role` `size` duties (of several kinds) and `size` qualifications, plus figures."""
    kinds = list(Duty.Kind.values)
    for i in range(size):
        add_duty(role, make_duty(kind=kinds[i % len(kinds)]), order=i)
        add_qualification(
            role, make_qualification(kind=list(Qualification.Kind.values)[i % 5]), order=i
        )
    for duty in shared_duties:
        add_duty(role, duty, order=size)
    for qualification in shared_qualifications:
        add_qualification(role, qualification, order=size)
    source = make_source()
    add_figure(role, LabourFigure.Metric.MEDIAN_PAY, "50000", source=source)
    add_figure(role, LabourFigure.Metric.JOBS, "100000", source=source)
    add_figure(role, LabourFigure.Metric.GROWTH, "2", source=source, period_end=2033)
    role.work_settings.add(make_work_setting(f"Setting {next(_sequence)}"))


@pytest.fixture
def legal_field(db):
    return make_field(name="Legal support", slug="legal-support")


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", password="a-long-editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
