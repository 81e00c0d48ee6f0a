"""One value, one place (issue 12): a role's typical entry education, the experience it asks for
and each qualification's level are stored once, and every page, filter, chart, download and the
fit helper read them from there. Expectations come from the stored rows, never from the pages."""

import csv
import io
import re
from dataclasses import dataclass
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from roles.compare.export import compare_data_url
from roles.compare.selection import compare_url
from roles.discover.fit import ASKED_LEVELS, NO_EXPERIENCE, PREPARATION_REACH
from roles.discover.listing import PAY_BANDS
from roles.importers.content import (
    ContentError,
    digest,
    education_name,
    load_content,
    read_content,
)
from roles.models import (
    ChartRow,
    Comparison,
    EducationLevel,
    LoadedContent,
    Qualification,
    QualificationLevel,
    Role,
    RoleQualification,
    Status,
)
from tests.app_servers import read_form
from tests.conftest import forget_everything_loaded, make_qualification
from tests.test_content_loading import CATALOGUE, write_small_guide
from tests.test_fit_catalogue import text_of
from tests.test_fit_personas import quick_facts
from tests.test_structured_data import structured_data

pytestmark = pytest.mark.django_db

EDUCATION = Qualification.Kind.EDUCATION
EXPERIENCE = Qualification.Kind.EXPERIENCE
# The chart rows that list a role's qualifications (every kind is in one of them).
QUALIFICATION_ROWS = (ChartRow.EDUCATION, ChartRow.CERTIFICATIONS, ChartRow.SKILLS)
_, _SHIPPED_ROLE_FILES, _ = read_content()
# The roles the shipped files publish (readers see no page of a draft).
SHIPPED_ROLES = sorted(
    data["slug"] for _path, data in _SHIPPED_ROLE_FILES if data.get("status") == "published"
)


@pytest.fixture
def guide(_shipped_guide, db):
    """The shipped content; each test's own changes are rolled back as usual."""


# ---------------------------------------------------------------- what is stored


@dataclass(frozen=True)
class Listed:
    """One qualification of a role, as stored."""

    kind: str  # the kind's label, as the role page heads its group
    name: str
    level: str  # "Required", "Preferred" or "Helpful"
    education_level: int | None


@dataclass
class Stored:
    role: Role
    qualifications: list

    @classmethod
    def of(cls, slug):
        role = Role.objects.get(slug=slug)
        rows = RoleQualification.objects.filter(role=role).select_related("qualification")
        return cls(
            role,
            [
                Listed(
                    Qualification.Kind(rq.qualification.kind).label,
                    rq.qualification.name,
                    QualificationLevel(rq.level).label,
                    rq.qualification.education_level,
                )
                for rq in rows
            ],
        )

    @property
    def entry_education(self):
        return EducationLevel(self.role.entry_education).label

    def named(self, kind=None):
        """(name, level) of its qualifications (of one kind label), sorted."""
        return sorted((q.name, q.level) for q in self.qualifications if kind in (None, q.kind))

    @property
    def experience(self):
        return [q for q in self.qualifications if q.kind == EXPERIENCE.label]

    @property
    def experience_asked(self):
        asked = {QualificationLevel(level).label for level in ASKED_LEVELS}
        return [q for q in self.experience if q.level in asked]


# ---------------------------------------------------------------- what readers are shown


def between(text, start, end):
    rest = text[text.index(start) :]
    return rest[: rest.index(end)]


def get_page(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


def page_qualifications(html):
    """A role page's qualifications as (kind, name, level), from its Qualifications section."""
    section = between(html, 'id="qualifications-heading"', "</section>")
    listed = []
    for kind, group in re.findall(r"<h3>(.*?)</h3>\s*<ul[^>]*>(.*?)</ul>", section, re.S):
        for level, name in re.findall(
            r'<li><span class="level [^"]+">([^<]+)</span>\s*(?:<a [^>]*>)?([^<]+)', group
        ):
            listed.append((text_of(kind), text_of(name), text_of(level)))
    return sorted(listed)


def chart_cells(html, slug):
    """The chart page's qualification rows for one role's column: {row key: cell HTML}."""
    table = between(html, '<table class="chart">', "</table>")
    thead = between(table, "<thead>", "</thead>")
    columns = re.findall(r'<th scope="col"><a href="([^"]+)"', thead)
    column = columns.index(reverse("roles:role_detail", kwargs={"slug": slug}))
    cells = {}
    for key in QUALIFICATION_ROWS:
        row = re.search(rf'<tr id="row-{key}"[^>]*>(.*?)</tr>', table, re.S)[1]
        cells[key] = re.findall(r"<td>(.*?)</td>", row, re.S)[column]
    return cells


def html_cell_text(cell):
    shown = re.match(r"\s*<p>(.*?)</p>", cell, re.S)
    return text_of(shown[1]) if shown else ""


def html_cell_items(cell):
    items = []
    for item in re.findall(r"<li[^>]*>(.*?)</li>", cell, re.S):
        name = re.split(r'<span class="(?:detail|badge)', item)[0]
        detail = re.search(r'<span class="detail">\((.*?)\)</span>', item)
        items.append((text_of(name), text_of(detail[1]) if detail else ""))
    return sorted(items)


CSV_ITEM = re.compile(r"^(.*) \(([^()]*)\)$")


def csv_cells(response, title):
    """A chart CSV's qualification rows for one role's column: {row key: [parts]}."""
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = table[0].index(title)
    rows = {line[0]: line for line in table[1:]}
    return {key: rows[key.label][column].split("; ") for key in QUALIFICATION_ROWS}


def csv_items(parts):
    return sorted(CSV_ITEM.match(part).groups() for part in parts if part != "None listed")


def cards(html):
    """Job cards by the address they link to: {url: card text}."""
    found = {}
    for card in html.split('<li class="card">')[1:]:
        card = card[: card.index("</li>")]
        found[re.search(r'<h3><a href="([^"]+)"', card)[1]] = card
    return found


def card_facts(card):
    return {
        text_of(label): text_of(value)
        for label, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", card, re.S)
    }


def fit_reasons(html, title):
    """One ranked job's reasons on the fit helper's page: {topic: (verdict, text)}."""
    start = html.index('class="fit-matches"')
    entries = html[start : html.index("</ol>", start)].split('<li class="fit-match">')[1:]
    entry = next(e for e in entries if re.search(rf'<h3><a href="[^"]+">{re.escape(title)}<', e))
    reasons = {}
    for verdict, inner in re.findall(r'<li class="fit-reason fit-(\w+)">(.*?)</li>', entry, re.S):
        topic = re.search(r'<span class="fit-topic">(.*?)</span>', inner, re.S)
        text = inner[topic.end() :]
        reasons[text_of(topic[1]).removesuffix(":")] = (verdict, text_of(text))
    return reasons


# ---------------------------------------------------------------- every role, every place


def assert_role_data_agrees(data, stored):
    """A role in a JSON download (its own, or a chart's) against what is stored."""
    assert data["entry_education"] == {
        "value": stored.role.entry_education,
        "label": stored.entry_education,
    }
    listed = []
    for qualification in data["qualifications"]:
        assert qualification["level_label"] == QualificationLevel(qualification["level"]).label
        level = qualification["education_level"]
        if level is not None:
            assert level["label"] == EducationLevel(level["value"]).label
        listed.append(
            (
                qualification["kind_label"],
                qualification["name"],
                qualification["level_label"],
                level and level["value"],
            )
        )
    assert sorted(listed) == sorted(
        (q.kind, q.name, q.level, q.education_level) for q in stored.qualifications
    )


def test_every_published_role_is_among_those_checked(guide):
    assert set(Role.objects.published().values_list("slug", flat=True)) <= set(SHIPPED_ROLES)


@pytest.fixture(params=SHIPPED_ROLES)
def stored(request, guide):
    """Each shipped role in turn, as stored."""
    stored = Stored.of(request.param)
    assert stored.role.is_published
    return stored


def test_a_role_page_gives_the_stored_education_and_qualifications(client, stored):
    html = get_page(client, stored.role.get_absolute_url())
    assert quick_facts(html)["Typical entry education"] == stored.entry_education
    assert page_qualifications(html) == sorted(
        (q.kind, q.name, q.level) for q in stored.qualifications
    )
    occupation = structured_data(html)["Occupation"]
    assert occupation["educationRequirements"]["name"] == stored.entry_education


def test_a_roles_json_download_gives_the_stored_education_and_qualifications(client, stored):
    url = reverse("roles:role_json", kwargs={"slug": stored.role.slug})
    assert_role_data_agrees(client.get(url).json(), stored)


def test_a_chart_of_the_role_and_its_downloads_give_the_stored_education_and_levels(client, stored):
    slug, entry = stored.role.slug, stored.entry_education
    others = [other for other in SHIPPED_ROLES if other != slug]
    pair = [slug, others[SHIPPED_ROLES.index(slug) % len(others)]]

    cells = chart_cells(get_page(client, compare_url(pair)), slug)
    assert html_cell_text(cells[ChartRow.EDUCATION]) == entry
    assert html_cell_items(cells[ChartRow.EDUCATION]) == stored.named(EDUCATION.label)
    shown = sorted(item for cell in cells.values() for item in html_cell_items(cell))
    assert shown == stored.named()

    parts = csv_cells(client.get(compare_data_url(pair, "csv"), follow=True), stored.role.title)
    education_text, *education_items = parts[ChartRow.EDUCATION]
    assert education_text == entry
    assert csv_items(education_items) == stored.named(EDUCATION.label)
    parts[ChartRow.EDUCATION] = education_items
    assert sorted(item for cell in parts.values() for item in csv_items(cell)) == stored.named()

    chart = client.get(compare_data_url(pair, "json"), follow=True).json()
    column = [job["slug"] for job in chart["jobs"]].index(slug)
    assert_role_data_agrees(chart["jobs"][column], stored)
    rows = {row["key"]: row["cells"][column] for row in chart["rows"]}
    assert rows[ChartRow.EDUCATION]["text"] == entry
    items = {
        key: sorted((item["text"], item["detail"]) for item in rows[key]["items"])
        for key in QUALIFICATION_ROWS
    }
    assert items[ChartRow.EDUCATION] == stored.named(EDUCATION.label)
    assert sorted(item for found in items.values() for item in found) == stored.named()


def test_the_roles_cards_give_its_entry_education_and_the_filter_keeps_it_from_that_level(
    client, stored
):
    role, entry, url = stored.role, stored.entry_education, stored.role.get_absolute_url()
    for page in (reverse("roles:home"), role.field.get_absolute_url()):
        card = cards(get_page(client, page))[url]
        meta = re.findall(r'<p class="card-meta">(.*?)</p>', card, re.S)
        assert f"Typical entry education: {entry}" in [text_of(line) for line in meta], page
    for level in EducationLevel:
        listed = cards(
            get_page(client, reverse("roles:role_list"), {"show": "roles", "education_max": level})
        )
        assert (url in listed) == (role.entry_education <= level), level.label
        if url in listed:
            assert card_facts(listed[url])["Typical entry education"] == entry


def test_the_fit_helper_quotes_the_stored_education_and_the_experience_asked_for(client, stored):
    role, entry = stored.role, stored.entry_education
    asked = set(stored.experience_asked)
    for answer, (_zone, reach) in PREPARATION_REACH.items():
        html = get_page(
            client, reverse("roles:fit"), {"education": answer, "experience": NO_EXPERIENCE}
        )
        reasons = fit_reasons(html, role.title)
        verdict, text = reasons["Preparation"]
        assert text.startswith(f"Typical entry education: {entry} — "), answer
        assert verdict == ("good" if role.entry_education <= reach else "poor"), answer
        # The experience question offers each kind a role requires or prefers.
        offered = re.findall(
            r'name="experience" value="[^"]*">\s*<label [^>]*><strong>(.*?)</strong>', html
        )
        assert offered, "no experience question"
        assert {q.name for q in asked} <= {text_of(name) for name in offered}
        _verdict, text = reasons["Experience"]
        if not stored.experience:
            assert text == "It asks for no experience."
            continue
        # Each kind at its page's level; asked about (and lacking, "none" being ticked) when
        # required or preferred.
        assert sorted(text.removesuffix(".").split("; ")) == sorted(
            f"{q.level}: {q.name}" + (" — you don't have it yet" if q in asked else "")
            for q in stored.experience
        )


# ---------------------------------------------------------------- the audit


def test_the_audit_passes_on_the_shipped_content_with_every_education_level_stored(guide, capsys):
    assert not Qualification.objects.filter(kind=EDUCATION, education_level__isnull=True)
    call_command("audit_content")
    pages = Role.objects.published().count() + Comparison.objects.published().count()
    assert f"All {pages} published pages pass." in capsys.readouterr().out


def test_the_audit_fails_every_role_whose_required_education_is_stored_above_its_entry_level(
    guide, capsys
):
    required = (
        RoleQualification.objects.filter(
            role__status="published",
            level=QualificationLevel.REQUIRED,
            qualification__kind=EDUCATION,
        )
        .select_related("role", "qualification")
        .order_by("role__slug")
        .first()
    )
    qualification, role = required.qualification, required.role
    above = next(level for level in EducationLevel if level > role.entry_education)
    Qualification.objects.filter(pk=qualification.pk).update(education_level=above)
    # Every published role requiring it below that level now says two things.
    failing = Role.objects.published().filter(
        role_qualifications__qualification=qualification,
        role_qualifications__level=QualificationLevel.REQUIRED,
        entry_education__lt=above,
    )
    pages = Role.objects.published().count() + Comparison.objects.published().count()
    with pytest.raises(CommandError, match=f"{failing.count()} of {pages} published pages fall"):
        call_command("audit_content")
    out = capsys.readouterr().out
    assert role in failing
    for each in failing:
        assert f"Role {each.slug} falls short" in out
        assert (
            f"Requires “{qualification.name}” ({above.label}), above its typical entry education "
            f"({each.get_entry_education_display()}): make one of them say the other."
        ) in out


def test_the_audit_fails_a_role_with_an_education_qualification_of_no_level(guide, capsys):
    # A role no comparison shows, so only its own page changes.
    role = (
        Role.objects.published()
        .exclude(comparisons__status=Status.PUBLISHED)
        .order_by("slug")
        .first()
    )
    training = make_qualification(
        "Training of no stated level", kind=EDUCATION, education_level=None
    )
    RoleQualification.objects.create(role=role, qualification=training, level="helpful")
    with pytest.raises(CommandError, match="1 of"):
        call_command("audit_content")
    out = capsys.readouterr().out
    assert f"Role {role.slug} falls short" in out
    assert "“Training of no stated level” has no level of education" in out


# ---------------------------------------------------------------- stored, loaded, edited


def test_the_database_refuses_a_level_on_anything_but_education(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_qualification(kind=Qualification.Kind.SKILL, education_level=EducationLevel.BACHELOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_qualification(kind=EDUCATION, education_level=35)
    assert make_qualification(kind=EDUCATION, education_level=EducationLevel.ASSOCIATE).pk


def test_each_shipped_education_qualification_has_the_level_its_file_gives(guide):
    catalogue, _, _ = read_content()
    education = [entry for entry in catalogue["qualifications"] if entry["kind"] == EDUCATION]
    assert education
    for entry in education:
        stored = Qualification.objects.get(slug=entry["slug"]).education_level
        assert education_name(stored) == entry["education_level"], entry["slug"]
    assert not Qualification.objects.exclude(kind=EDUCATION).filter(education_level__isnull=False)


@pytest.fixture
def content_dir(db, tmp_path):
    """test_content_loading's small guide, whose one qualification this module changes, on an
    empty database (the shipped guide another test of this module loaded is removed until the
    test's transaction is rolled back)."""
    forget_everything_loaded()
    return write_small_guide(tmp_path)


TYPING = '[[qualifications]]\nslug = "typing"\nname = "Fast, accurate typing"\nkind = "skill"\n'


def with_qualification(content_dir, entry):
    assert CATALOGUE.count(TYPING) == 1
    (content_dir / "catalogue.toml").write_text(CATALOGUE.replace(TYPING, entry))


def test_the_loader_stores_an_education_level_and_a_second_load_changes_nothing(content_dir):
    with_qualification(
        content_dir,
        TYPING.replace('kind = "skill"', 'kind = "education"\neducation_level = "associate"'),
    )
    assert "qualification typing" in load_content(content_dir).created
    assert Qualification.objects.get(slug="typing").education_level == EducationLevel.ASSOCIATE
    again = load_content(content_dir)
    assert "qualification typing" in again.unchanged
    assert not again.changed and not again.skipped


@pytest.mark.parametrize(
    ("entry", "refusal"),
    [
        (
            TYPING.replace('kind = "skill"', 'kind = "education"\neducation_level = "phd"'),
            "unknown education_level 'phd'",
        ),
        (
            TYPING + 'education_level = "high_school"\n',
            "Only an education qualification has a level of education",
        ),
        (
            TYPING.replace('kind = "skill"', 'kind = "education"'),
            "education_level: Say what level of education this qualification is.",
        ),
    ],
    ids=["unknown level", "level on a skill", "education without a level"],
)
def test_the_loader_refuses_a_level_it_cannot_store_naming_the_file_and_entry(
    content_dir, entry, refusal
):
    with_qualification(content_dir, entry)
    where = re.escape(f"{content_dir / 'catalogue.toml'} [qualifications #1]: ")
    with pytest.raises(ContentError, match=where + re.escape(refusal)):
        load_content(content_dir)
    assert not Qualification.objects.exists()


def test_the_migration_gives_loaded_qualifications_their_shipped_level(guide):
    # As a database loaded before the field existed: no levels, and the loader's records made
    # from the fields it compared then.
    before = ("name", "kind", "description", "issuing_body", "url")
    Qualification.objects.update(education_level=None)
    for qualification in Qualification.objects.filter(kind=EDUCATION):
        LoadedContent.objects.filter(kind="qualification", key=qualification.slug).update(
            digest=digest({name: getattr(qualification, name) for name in before})
        )
    migration = import_module("roles.migrations.0021_qualification_education_level")
    migration.levels_from_shipped_content(apps, None)

    catalogue, _, _ = read_content()
    for entry in catalogue["qualifications"]:
        if entry["kind"] == EDUCATION:
            stored = Qualification.objects.get(slug=entry["slug"]).education_level
            assert education_name(stored) == entry["education_level"]
    # The loader still sees the rows as its own: nothing skipped as an editor's change.
    report = load_content()
    assert not [line for line in report.skipped if line.startswith("qualification")]


# ---------------------------------------------------------------- the admin


def test_editors_see_and_set_a_qualifications_level_of_education(guide, editor_client):
    changelist = get_page(editor_client, reverse("admin:roles_qualification_changelist"))
    assert "Level of education" in changelist
    diploma = Qualification.objects.filter(kind=EDUCATION).order_by("name").first()
    url = reverse("admin:roles_qualification_change", args=[diploma.pk])
    form = read_form(get_page(editor_client, url), "qualification_form")
    assert form.get("education_level") == str(diploma.education_level)
    data = form.post_data(education_level=str(EducationLevel.DOCTORAL))
    assert editor_client.post(url, data).status_code == 302
    diploma.refresh_from_db()
    assert diploma.education_level == EducationLevel.DOCTORAL


@pytest.mark.parametrize(
    ("kind", "level", "refusal"),
    [
        (EDUCATION, "", "Say what level of education this qualification is."),
        (
            Qualification.Kind.SKILL,
            str(EducationLevel.HIGH_SCHOOL),
            "Only an education qualification has a level of education",
        ),
    ],
    ids=["education without a level", "level on a skill"],
)
def test_the_admin_refuses_a_level_that_does_not_fit_the_kind(editor_client, kind, level, refusal):
    url = reverse("admin:roles_qualification_add")
    data = read_form(get_page(editor_client, url), "qualification_form").post_data(
        name="Court forms course", slug="court-forms-course", kind=kind, education_level=level
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert refusal in response.content.decode()
    assert not Qualification.objects.filter(slug="court-forms-course").exists()


# ---------------------------------------------------------------- median pay, everywhere


@dataclass(frozen=True)
class Pay:
    """A role's median pay as readers should see it: '$54,140 a year', with its period."""

    shown: str
    period: str
    value: int | None


def stored_pay(role):
    """From the stored rows: a role counted within an occupation readers see takes that
    occupation's OEWS median (the newest figure); any other role shows its own figure, if any."""
    occupation = role.occupation
    if (
        role.occupation_relation == "within"
        and occupation is not None
        and occupation.status == Status.PUBLISHED
        and not occupation.retired
        and occupation.wage_estimate is not None
    ):
        estimate = occupation.wage_estimate
        if estimate.median_annual is not None:
            return Pay(
                f"${estimate.median_annual:,} a year", estimate.period, estimate.median_annual
            )
    own = role.figures.filter(metric="median_pay").first()
    if own is None:
        return Pay("", "", None)
    return Pay(f"${round(own.value):,} a year", str(own.year), round(own.value))


def test_a_role_shows_one_median_pay_on_every_page_chart_filter_and_download(client, stored):
    role, url = stored.role, stored.role.get_absolute_url()
    pay = stored_pay(role)
    missing = "No published figure"  # what each place says when there is none
    # The role's page.
    shown = quick_facts(get_page(client, url))["Median pay"]
    assert shown.startswith(pay.shown) if pay.value else missing in shown
    assert pay.period in shown
    # A chart with another role, and its CSV and JSON downloads.
    others = [other for other in SHIPPED_ROLES if other != role.slug]
    pair = [role.slug, others[SHIPPED_ROLES.index(role.slug) % len(others)]]
    html = get_page(client, compare_url(pair))
    table = between(html, '<table class="chart">', "</table>")
    columns = re.findall(
        r'<th scope="col"><a href="([^"]+)"', between(table, "<thead>", "</thead>")
    )
    row = re.search(r'<tr id="row-median_pay"[^>]*>(.*?)</tr>', table, re.S)[1]
    cell = text_of(re.findall(r"<td>(.*?)</td>", row, re.S)[columns.index(url)])
    assert (pay.shown in cell and pay.period in cell) if pay.value else missing in cell
    table = list(
        csv.reader(
            io.StringIO(
                client.get(compare_data_url(pair, "csv"), follow=True).content.decode("utf-8-sig")
            )
        )
    )
    csv_cell = {line[0]: line for line in table[1:]}["Median pay"][table[0].index(role.title)]
    assert csv_cell.startswith(f"{pay.shown}.") if pay.value else missing in csv_cell
    chart = client.get(compare_data_url(pair, "json"), follow=True).json()
    column = [job["slug"] for job in chart["jobs"]].index(role.slug)
    figures = next(r for r in chart["rows"] if r["key"] == "median_pay")["cells"][column]["figures"]
    assert [(f["value"], f["period"]) for f in figures] == (
        [(pay.value, pay.period)] if pay.value else []
    )
    # Its own JSON download.
    own = client.get(reverse("roles:role_json", kwargs={"slug": role.slug})).json()
    medians = [f for f in own["figures"] if f["metric"] == "median_pay"]
    assert [(f["value"], f["period"]) for f in medians] == (
        [(pay.value, pay.period)] if pay.value else []
    )
    # Its card in the list, and the pay filter's bands.
    listed = cards(get_page(client, reverse("roles:role_list"), {"show": "roles"}))
    card_pay = card_facts(listed[url])["Median pay"]
    assert card_pay.startswith(pay.shown) if pay.value else missing in card_pay
    for band, _label, low, high in PAY_BANDS[1:]:
        listed = cards(get_page(client, reverse("roles:role_list"), {"show": "roles", "pay": band}))
        fits = pay.value is not None and (low or 0) <= pay.value < (high or 10**9)
        assert (url in listed) == fits, band
    # The fit helper's pay reason.
    reasons = fit_reasons(get_page(client, reverse("roles:fit"), {"pay": "high"}), role.title)
    _verdict, text = reasons["Pay"]
    assert (pay.shown in text and pay.period in text) if pay.value else "no published pay" in text
