"""Shared fixtures and small factories for the Career Guide tests."""

import html
import re
from decimal import Decimal
from itertools import count

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from roles.importers.content import Loader, load_content, read_content
from roles.models import (
    AlternateTitle,
    CareerField,
    CareerMove,
    Comparison,
    ComparisonRole,
    ComparisonRowNote,
    Duty,
    DutyKind,
    EducationCategory,
    EducationLevel,
    EducationShare,
    FitQuestion,
    JobZone,
    LabourFigure,
    LoadedContent,
    NextMove,
    Occupation,
    OccupationSkill,
    Qualification,
    RelatedOccupation,
    ReportedTitle,
    Role,
    RoleDuty,
    RoleQualification,
    Skill,
    Source,
    Status,
    Task,
    WageEstimate,
    WorkActivity,
    WorkSetting,
)
from tests.catalogue import load_test_catalogue


def pytest_collection_modifyitems(items):
    """Mark the tests that commit to the database (transaction=True: live servers and real
    browsers, concurrent writers): they empty the tables as they finish, so `make test` runs them
    on their own after the others, which run in parallel (pytest-xdist)."""
    for item in items:
        mark = item.get_closest_marker("django_db")
        if (
            mark is not None
            and (
                mark.kwargs.get("transaction")
                or "transactional_db" in getattr(item, "fixturenames", ())
            )
        ) or "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.transactional)


_sequence = count(1)

# The legal support field's duty kinds, as roles/data/content/catalogue.toml defines them:
# slug -> (name, order, chart row, work-mix share).
LEGAL_KINDS = {
    "substantive": ("Substantive legal work", 1, "Substantive legal duties", "Substantive legal"),
    "research": ("Research and investigation", 2, "Substantive legal duties", "Substantive legal"),
    "administrative": ("Administrative and clerical", 3, "Administrative focus", "Administrative"),
    "client": ("Client communication", 4, "Client contact", "Clients and coordination"),
    "coordination": (
        "Coordination and case management",
        5,
        "Coordination",
        "Clients and coordination",
    ),
}


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
    # Every LocMemCache with the same (empty) location shares one store: empty it, so no test
    # sees pages another test cached.
    from django.core.cache import cache

    cache.clear()


def forget_everything_loaded():
    """Delete what the importers and the content loader wrote (for module-scoped fixtures)."""
    for model in [
        Comparison,
        Role,
        Duty,
        Qualification,
        FitQuestion,
        DutyKind,
        Occupation,
        WageEstimate,
        WorkActivity,
        Skill,
        EducationCategory,
        JobZone,
        Source,
        WorkSetting,
        CareerField,
        LoadedContent,
    ]:
        model.objects.all().delete()


def editing_version(client, url):
    """The hidden version an admin change form at `url` carries (a save must send it back)."""
    page = client.get(url).content.decode()
    match = re.search(r'name="editing_version" value="([^"]*)"', page)
    assert match, f"{url} has no editing_version field"
    return html.unescape(match.group(1))


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


def legal_support_field():
    career_field, _ = CareerField.objects.get_or_create(
        slug="legal-support", defaults={"name": "Legal support", "order": 0}
    )
    return career_field


def legal_kind(slug):
    """One of the legal support field's duty kinds (made on first use)."""
    name, order, chart_row, work_mix = LEGAL_KINDS[slug]
    kind, _ = DutyKind.objects.get_or_create(
        field=legal_support_field(),
        slug=slug,
        defaults={"name": name, "order": order, "chart_row": chart_row, "work_mix": work_mix},
    )
    return kind


def legal_fit_questions():
    """The legal support field's fit questions, loaded from the shipped catalogue.toml."""
    for slug in LEGAL_KINDS:
        legal_kind(slug)
    catalogue, _, _ = read_content()
    loader = Loader()
    for index, data in enumerate(catalogue["fit_questions"], start=1):
        loader.load_fit_question(data, f"fit_questions #{index}")


def make_duty(name=None, kind="administrative", **overrides):
    """A catalogue duty; `kind` is a DutyKind or the slug of a legal support kind."""
    n = next(_sequence)
    name = name or f"Do task number {n}"
    if isinstance(kind, str):
        kind = legal_kind(kind)
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
    if kind == Qualification.Kind.EDUCATION:
        overrides.setdefault("education_level", EducationLevel.HIGH_SCHOOL)
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
    kinds = list(LEGAL_KINDS)
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


def grow_catalogue(size, *, groups=3, full_profiles=3):
    """`size` occupations across `groups` SOC major groups (slugs group-0, group-1...), each with an
    OEWS row, Job Zone and education; the first `full_profiles` also get tasks with work
    activities, titles, skills, education shares and related occupations, as imported ones do.
    Bulk-created, so a realistic catalogue of 1,016 takes about a second. Returns the occupations.
    """
    source, _ = Source.objects.get_or_create(
        url="https://www.bls.gov/oes/",
        defaults={"name": "OEWS", "publisher": "U.S. Bureau of Labor Statistics"},
    )
    fields = [
        CareerField.objects.create(
            name=f"Group {g}",
            slug=f"group-{g}",
            soc_major_group=f"{11 + 2 * g}-0000",
            order=100 + g,
        )
        for g in range(groups)
    ]
    zone = JobZone.objects.create(
        number=3,
        name="Job Zone Three: Medium Preparation Needed",
        experience="Previous work-related skill, knowledge, or experience is required.",
        education="Most occupations in this zone require training in vocational schools.",
        job_training="Usually one or two years of training.",
        examples="Electricians and court reporters.",
        svp_range="(6.0 to < 7.0)",
    )
    categories = EducationCategory.objects.bulk_create(
        EducationCategory(number=n, name=f"Level {n}", level=10 * n) for n in range(1, 7)
    )
    codes = [f"{11 + 2 * (i % groups)}-{i:04d}" for i in range(size)]
    estimates = WageEstimate.objects.bulk_create(
        WageEstimate(
            soc_code=code,
            group="detailed",
            title=f"Occupation {i}",
            employment=1000 + i,
            pct10_annual=30000 + 10 * i,
            pct25_annual=35000 + 10 * i,
            median_annual=40000 + 10 * i,
            pct75_annual=50000 + 10 * i,
            pct90_annual=60000 + 10 * i,
            median_hourly=Decimal("19.23"),
            source=source,
            period="May 2024",
        )
        for i, code in enumerate(codes)
    )
    occupations = Occupation.objects.bulk_create(
        Occupation(
            code=f"{code}.00",
            title=f"Occupation {i}",
            slug=f"occupation-{i}",
            description=f"Occupation {i} does a well described set of things at work.",
            field=fields[i % groups],
            job_zone=zone,
            common_education=categories[i % len(categories)],
            common_education_percent=Decimal("45.5"),
            wage_estimate=estimate,
            wage_match="own",
            release="29.3",
            imported={"title": f"Occupation {i}"},
        )
        for i, (code, estimate) in enumerate(zip(codes, estimates, strict=True))
    )
    activities = WorkActivity.objects.bulk_create(
        WorkActivity(
            dwa_id=f"4.A.0.0.0.I00.D{n:02d}",
            title=f"Do work activity {n}.",
            iwa_id="4.A.0.0.0.I00",
            iwa_title="Work",
            gwa_name="Working",
        )
        for n in range(10)
    )
    skills = Skill.objects.bulk_create(
        Skill(element_id=f"2.A.1.{n}", name=f"Skill {n}") for n in range(35)
    )
    task_id = count(1)
    for occupation in occupations[:full_profiles]:
        tasks = Task.objects.bulk_create(
            Task(
                occupation=occupation,
                onet_id=next(task_id) + 100000 * occupation.pk,
                text=f"Task {n} of {occupation.title}.",
                task_type=("core", "supplemental", "")[n % 3],
                position=n,
            )
            for n in range(20)
        )
        Task.activities.through.objects.bulk_create(
            Task.activities.through(task=task, workactivity=activities[n % len(activities)])
            for n, task in enumerate(tasks)
        )
        AlternateTitle.objects.bulk_create(
            AlternateTitle(occupation=occupation, title=f"Title {n}") for n in range(60)
        )
        ReportedTitle.objects.bulk_create(
            ReportedTitle(occupation=occupation, title=f"Reported {n}", shown_in_my_next_move=True)
            for n in range(5)
        )
        OccupationSkill.objects.bulk_create(
            OccupationSkill(occupation=occupation, skill=skill, importance=Decimal(n % 5 + 1))
            for n, skill in enumerate(skills)
        )
        EducationShare.objects.bulk_create(
            EducationShare(occupation=occupation, category=category, percent=Decimal("16.6"))
            for category in categories
        )
        RelatedOccupation.objects.bulk_create(
            RelatedOccupation(
                occupation=occupation,
                related=other,
                tier=("primary-short", "primary-long", "supplemental")[index % 3],
                index=index,
            )
            for index, other in enumerate(o for o in occupations[:21] if o != occupation)
        )
        NextMove.objects.bulk_create(
            NextMove(
                from_occupation=occupation,
                to_occupation=other,
                rank=rank,
                shared_activities=2,
                from_activities=10,
                shared_groups=1,
                from_groups=1,
                skill_similarity=0.5,
                score=1 - rank / 100,
            )
            for rank, other in enumerate((o for o in occupations[:16] if o != occupation), 1)
        )
    return occupations


@pytest.fixture
def legal_field(db):
    return legal_support_field()


@pytest.fixture
def catalogue(db):
    """The O*NET and OEWS extract in tests/data, imported as `make run` imports the full files."""
    load_test_catalogue()


@pytest.fixture
def shipped_content(catalogue):
    """The guide's own content (roles/data/content), loaded on top of the test catalogue."""
    return load_content()


def make_staff(user_model, username, group):
    user = user_model.objects.create_user(
        username=username, password=f"a-long-{username}-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return make_staff(django_user_model, "editor", "Editors")


@pytest.fixture
def senior_editor(db, django_user_model):
    """An editor who may publish a page that falls short of the content audit."""
    return make_staff(django_user_model, "senior", "Senior editors")


@pytest.fixture
def senior_editor_client(senior_editor):
    client = Client()
    client.force_login(senior_editor)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="module")
def _shipped_guide(django_db_setup, django_db_blocker):
    """The test catalogue and the shipped content, loaded once for a whole test module (a few
    seconds) and removed after it; a module's `guide` fixture asks for it with `db`."""
    with django_db_blocker.unblock():
        load_test_catalogue()
        load_content()
        yield
        forget_everything_loaded()
