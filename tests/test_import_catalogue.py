"""Importing O*NET and OEWS: what a first import creates, reruns, editors' changes, retirement,
wage links, top-coded pay, slug clashes, bad input and the commands' output."""

import gzip
import lzma
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from roles.importers.oews import import_oews
from roles.importers.onet import import_onet
from roles.importers.tabular import read_table, sync_rows
from roles.models import (
    AlternateTitle,
    CareerField,
    EducationCategory,
    EducationLevel,
    JobZone,
    Occupation,
    OccupationSkill,
    RelatedOccupation,
    ReportedTitle,
    Role,
    Source,
    Task,
    WageEstimate,
    WorkActivity,
)
from tests.catalogue import (
    ACTORS,
    AIR_CREW_OFFICERS,
    CARDIOLOGISTS,
    COMPUTER_SYSTEMS_ENGINEERS,
    ELEMENTARY_TEACHERS,
    FARM_PRODUCT_BUYERS,
    FISHING_AND_HUNTING_WORKERS,
    LAWYERS,
    LEGAL_SECRETARIES,
    OCCUPATION_DATA,
    OEWS_EXTRACT,
    ONET_EXTRACT,
    PARALEGALS,
    SUBSTANCE_ABUSE_COUNSELORS,
    WORD_PROCESSORS,
    copy_extract,
    load_test_catalogue,
    table_rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return load_test_catalogue()


def make_field(name="Legal support", slug="legal-support"):
    return CareerField.objects.create(name=name, slug=slug, order=1)


def make_role(title, slug, occupation=None):
    return Role.objects.create(
        title=title,
        slug=slug,
        field=make_field(),
        summary=f"{title}: a role page an editor wrote before the occupations were imported.",
        primary_focus="Supporting lawyers",
        entry_education=EducationLevel.HIGH_SCHOOL,
        occupation=occupation,
    )


def test_a_first_import_creates_what_the_files_say(catalogue):
    tasks = table_rows(ONET_EXTRACT / "Task Statements.txt")
    assert Occupation.objects.count() == len(table_rows(ONET_EXTRACT / OCCUPATION_DATA)) == 31
    assert Task.objects.count() == len(tasks)
    assert Task.activities.through.objects.count() == len(
        table_rows(ONET_EXTRACT / "Tasks to DWAs.txt")
    )
    assert WorkActivity.objects.count() == len(table_rows(ONET_EXTRACT / "DWA Reference.txt"))
    assert JobZone.objects.count() == 5
    assert EducationCategory.objects.count() == 12
    assert CareerField.objects.major_groups().count() == 23

    paralegals = Occupation.objects.get(code=PARALEGALS)
    assert paralegals.title == "Paralegals and Legal Assistants"
    assert paralegals.slug == "paralegals-and-legal-assistants"
    assert paralegals.field.soc_major_group == "23-0000"
    assert paralegals.field.name == "Legal Occupations"
    assert paralegals.release == "29.3"
    assert paralegals.is_published
    assert paralegals.imported == {"title": paralegals.title, "description": paralegals.description}
    assert paralegals.tasks.count() == 12
    assert paralegals.tasks.filter(task_type="core").count() == 6
    assert Task.objects.get(onet_id=18491).task_type == "core"
    assert set(Task.objects.get(onet_id=18491).activities.values_list("dwa_id", flat=True)) == {
        "4.A.3.b.6.I14.D03",
        "4.A.3.b.6.I14.D09",
    }


def test_interest_profiles_come_from_the_interests_file(catalogue):
    paralegals = Occupation.objects.get(code=PARALEGALS)
    assert paralegals.interests == {
        "R": 1.71,
        "I": 4.56,
        "A": 2.04,
        "S": 3.28,
        "E": 4.21,
        "C": 5.49,
    }
    assert paralegals.interest_code == "CIE"
    # O*NET rates no interests for an "All Other" occupation: it has no profile, not zeros.
    others = Occupation.objects.get(code="23-2099.00")
    assert (others.interests, others.interest_code) == ({}, "")


def test_a_job_zone_keeps_onets_wording(catalogue):
    paralegals = Occupation.objects.select_related("job_zone").get(code=PARALEGALS)
    assert paralegals.job_zone.number == 3
    assert paralegals.job_zone.name == "Job Zone Three: Medium Preparation Needed"
    assert paralegals.job_zone.experience.startswith(
        "Previous work-related skill, knowledge, or experience is required"
    )
    assert paralegals.job_zone.svp_range == "(6.0 to < 7.0)"


def test_titles_skills_and_education_come_from_their_files(catalogue):
    paralegals = Occupation.objects.get(code=PARALEGALS)
    assert paralegals.alternate_titles.filter(title="Certified Paralegal").exists()
    assert set(
        ReportedTitle.objects.filter(occupation=paralegals, shown_in_my_next_move=True).values_list(
            "title", flat=True
        )
    ) == {"Legal Assistant", "Legal Clerk", "Paralegal", "Paralegal Specialist"}

    writing = OccupationSkill.objects.get(occupation=paralegals, skill__name="Writing")
    assert (writing.importance, writing.level, writing.suppressed) == (
        Decimal("4.00"),
        Decimal("3.88"),
        False,
    )
    assert writing.skill.element_id == "2.A.1.c"
    assert writing.skill.description

    assert paralegals.common_education.name == "Bachelor's Degree"
    assert paralegals.common_education.level == 50
    assert paralegals.common_education_percent == Decimal("36.94")
    assert paralegals.education_shares.count() == 12


def test_a_skill_level_marked_not_relevant_is_left_empty(catalogue):
    rating = OccupationSkill.objects.get(
        occupation__code=FARM_PRODUCT_BUYERS, skill__element_id="2.B.3.c"
    )
    assert rating.level is None
    assert rating.importance is not None


def test_the_common_education_is_the_largest_share_even_when_onet_flags_it_imprecise(catalogue):
    # Title examiners' largest share (60.33%, high school) carries Recommend Suppress = Y:
    # leaving it out would name bachelor's degrees (13.40%) the most common instead.
    examiners = Occupation.objects.get(code="23-2093.00")
    assert examiners.education_shares.get(category__number=2).suppressed
    assert examiners.common_education.number == 2
    assert examiners.common_education_percent == Decimal("60.33")
    assert examiners.common_education_imprecise
    assert examiners.common_education_text == (
        "High School Diploma (60.33% of workers, an estimate O*NET flags as imprecise)"
    )
    paralegals = Occupation.objects.get(code="23-2011.00")
    assert not paralegals.common_education_imprecise


def test_education_category_names_are_cut_from_onets_descriptions(catalogue):
    names = dict(EducationCategory.objects.values_list("number", "name"))
    assert names[2] == "High School Diploma"
    assert names[3] == "Post-Secondary Certificate"
    assert names[5] == "Associate's Degree"
    assert EducationCategory.objects.get(number=2).description.startswith(
        "High School Diploma - or the equivalent"
    )


def test_titles_listed_twice_become_one_row_with_both_sources(catalogue):
    title = AlternateTitle.objects.get(
        occupation__code="21-1014.00", title="Licensed Mental Health Counselor (LMHC)"
    )
    assert (title.short_title, title.sources) == ("LMHC", "02,04")
    onet_report, _ = catalogue
    assert any("merged" in note for note in onet_report.notes)


def test_related_occupations_outside_the_files_are_skipped_and_counted(catalogue):
    onet_report, _ = catalogue
    paralegals = Occupation.objects.get(code=PARALEGALS)
    primary = paralegals.related_links.filter(tier="primary-short").order_by("index")
    assert list(primary.values_list("related__code", flat=True)) == [
        "43-6012.00",
        "23-2093.00",
        "27-3092.00",
        "43-4031.00",
        "43-6011.00",
    ]
    assert paralegals.related_links.get(related__code=LAWYERS).tier == "supplemental"
    listed = table_rows(ONET_EXTRACT / "Related Occupations.txt")
    skipped = len(listed) - RelatedOccupation.objects.count()
    assert skipped > 0
    assert any(
        note.startswith(f"{skipped:,} related-occupation rows skipped")
        for note in onet_report.notes
    )


def test_a_second_import_changes_nothing(catalogue):
    updated = dict(Occupation.objects.values_list("code", "updated_at"))

    onet_report, oews_report = load_test_catalogue()

    assert not onet_report.changed and not oews_report.changed
    assert all(not counts.touched for counts in onet_report.tables.values())
    assert dict(Occupation.objects.values_list("code", "updated_at")) == updated


def test_a_rerun_takes_a_fixed_number_of_queries_however_many_rows(
    catalogue, django_assert_num_queries
):
    # Savepoint and release (2); per table, its existing rows and the pks its children need:
    # fields 4 (with editors' names and slugs), Job Zones 2, categories 2, occupations 5 (with
    # editors' text and the slugs taken), tasks and activities 5, titles 2, skills 3, education
    # shares 1, related 1; next moves 4 (the occupations, their activities and skills, and the
    # stored ranking, the same as the new one); wage links 3; whether any occupation changed, for
    # the history, 1. Nothing is written, and no query runs per row. On PostgreSQL, taking and
    # releasing the catalogue writers' lock adds 2.
    with django_assert_num_queries(37 if connection.vendor == "postgresql" else 35):
        import_onet(ONET_EXTRACT)


def test_an_editors_description_survives_while_an_untouched_title_takes_the_new_one(
    catalogue, tmp_path
):
    paralegals = Occupation.objects.get(code=PARALEGALS)
    paralegals.description = "Our editor's plainer description."
    paralegals.save()

    def new_release(filename, row):
        if filename == OCCUPATION_DATA and row["O*NET-SOC Code"] == PARALEGALS:
            row["Title"] = "Paralegals"
            row["Description"] = "O*NET's new description."

    report = import_onet(copy_extract(tmp_path / "onet", edit=new_release), release="30.0")

    paralegals.refresh_from_db()
    assert paralegals.title == "Paralegals"
    assert paralegals.description == "Our editor's plainer description."
    assert paralegals.imported == {"title": "Paralegals", "description": "O*NET's new description."}
    assert paralegals.modified_fields == ["description"]
    assert paralegals.release == "30.0"
    assert paralegals.slug == "paralegals-and-legal-assistants"
    assert report.kept == [f"{PARALEGALS} description"]


def test_an_occupation_removed_from_the_files_is_retired_and_comes_back_when_readded(
    catalogue, tmp_path
):
    role = make_role("Typist", "typist", Occupation.objects.get(code=WORD_PROCESSORS))

    report = import_onet(copy_extract(tmp_path / "onet", without={WORD_PROCESSORS}))

    typists = Occupation.objects.get(code=WORD_PROCESSORS)
    assert typists.retired
    assert not typists.is_published
    assert report.tables["Occupations"].retired == 1
    assert typists.tasks.count() == 0
    assert typists.alternate_titles.count() == 0
    assert not RelatedOccupation.objects.filter(related=typists).exists()
    assert role.occupation_id == typists.pk
    assert typists.wage_estimate.soc_code == "43-9022"

    report = import_onet(ONET_EXTRACT)

    typists.refresh_from_db()
    assert not typists.retired
    assert report.tables["Occupations"].changed == 1
    assert typists.tasks.count() == 19


@pytest.mark.parametrize(
    ("code", "match", "soc_code"),
    [
        (PARALEGALS, "own", "23-2011"),
        (COMPUTER_SYSTEMS_ENGINEERS, "specialty", "15-1299"),
        (FARM_PRODUCT_BUYERS, "broad", "13-1020"),
        (SUBSTANCE_ABUSE_COUNSELORS, "combination", "21-1018"),
    ],
)
def test_each_occupation_shows_the_oews_estimate_it_matches(catalogue, code, match, soc_code):
    occupation = Occupation.objects.select_related("wage_estimate").get(code=code)
    assert occupation.wage_match == match
    assert occupation.wage_estimate.soc_code == soc_code
    assert occupation.wage_estimate.group == "detailed"
    assert occupation.wage_is_broader == (match != "own")


@pytest.mark.parametrize("code", [AIR_CREW_OFFICERS, FISHING_AND_HUNTING_WORKERS])
def test_occupations_oews_does_not_cover_have_no_estimate(catalogue, code):
    occupation = Occupation.objects.get(code=code)
    assert occupation.wage_estimate is None
    assert occupation.wage_match == ""
    assert occupation.figures_by_metric() == {}


def test_the_reports_count_each_kind_of_wage_match(catalogue):
    _, oews_report = catalogue
    assert oews_report.wage_matches == {
        "own": 24,
        "specialty": 1,
        "broad": 2,
        "combination": 2,
        "none": 2,
    }


def test_top_coded_wages_are_stored_as_the_threshold_the_note_states(catalogue):
    cardiologists = Occupation.objects.get(code=CARDIOLOGISTS).wage_estimate
    assert cardiologists.median_annual == 239200
    assert cardiologists.median_hourly == Decimal("115.00")
    assert cardiologists.top_coded == [
        "median_annual",
        "pct75_annual",
        "pct90_annual",
        "median_hourly",
        "pct75_hourly",
        "pct90_hourly",
    ]
    assert cardiologists.pct10_annual == 119970
    figures = cardiologists.figures()
    assert figures["median_pay"].top_coded
    assert not figures["pay_p10"].top_coded


def test_hourly_only_rows_have_no_annual_figures(catalogue):
    actors = Occupation.objects.get(code=ACTORS).wage_estimate
    assert actors.hourly_only
    assert [getattr(actors, column) for column in WageEstimate.ANNUAL_COLUMNS] == [None] * 5
    assert actors.median_hourly == Decimal("23.33")
    assert actors.top_coded == []


def test_annual_only_rows_have_no_hourly_figures(catalogue):
    teachers = Occupation.objects.get(code=ELEMENTARY_TEACHERS).wage_estimate
    assert teachers.annual_only
    assert [getattr(teachers, column) for column in WageEstimate.HOURLY_COLUMNS] == [None] * 5
    assert teachers.median_annual == 62340


def test_wage_estimates_cite_the_manifests_source_and_period(catalogue):
    estimate = WageEstimate.objects.get(soc_code="23-2011", group="detailed")
    assert estimate.period == "May 2024"
    assert (estimate.source.name, estimate.source.publisher, estimate.source.url) == (
        "OEWS",
        "U.S. Bureau of Labor Statistics",
        "https://www.bls.gov/oes/",
    )
    assert Source.objects.count() == 1


def test_an_estimate_gone_from_the_file_is_deleted_and_its_occupations_unlinked(
    catalogue, tmp_path
):
    lines = OEWS_EXTRACT.read_text().splitlines(keepends=True)
    smaller = tmp_path / "oews.csv"
    smaller.write_text("".join(line for line in lines if not line.startswith("23-2011,")))

    report = import_oews(smaller)

    assert report.tables["Wage estimates"].retired == 1
    paralegals = Occupation.objects.get(code=PARALEGALS)
    assert (paralegals.wage_estimate, paralegals.wage_match) == (None, "")


def test_a_slug_a_role_already_has_gets_the_code_as_a_suffix(db):
    make_role("Paralegal", "paralegals-and-legal-assistants")

    load_test_catalogue()

    paralegals = Occupation.objects.get(code=PARALEGALS)
    assert paralegals.slug == "paralegals-and-legal-assistants-23-2011-00"
    assert Occupation.objects.get(code=LAWYERS).slug == "lawyers"


def test_a_field_an_editor_made_is_never_touched(db):
    legal = make_field()

    load_test_catalogue()

    legal.refresh_from_db()
    assert (legal.name, legal.slug, legal.order, legal.soc_major_group) == (
        "Legal support",
        "legal-support",
        1,
        "",
    )
    assert not legal.occupations.exists()


def test_a_malformed_row_gives_an_error_naming_file_and_line_and_writes_nothing(tmp_path):
    def break_a_task(filename, row):
        if filename == "Task Statements.txt" and row["Task ID"] == "18491":
            row["Task ID"] = "eighteen"

    directory = copy_extract(tmp_path / "onet", edit=break_a_task)
    line = 1 + next(
        number
        for number, row in enumerate(table_rows(directory / "Task Statements.txt"), start=1)
        if row["Task ID"] == "eighteen"
    )

    with pytest.raises(CommandError, match=rf"Task Statements\.txt, line {line}: Task ID"):
        call_command("import_onet", str(directory), stdout=StringIO())

    assert not Occupation.objects.exists()
    assert not CareerField.objects.exists()


def test_a_row_with_a_missing_field_is_reported_with_its_line(tmp_path):
    directory = copy_extract(tmp_path / "onet")
    path = directory / "Job Zones.txt"
    lines = path.read_text().splitlines(keepends=True)
    lines[3] = lines[3].split("\t", 1)[0] + "\n"
    path.write_text("".join(lines))

    with pytest.raises(CommandError, match=r"Job Zones\.txt, line 4: 1 fields where the header"):
        call_command("import_onet", str(directory), stdout=StringIO())


def test_a_missing_file_gives_an_error_naming_it(tmp_path):
    directory = copy_extract(tmp_path / "onet")
    (directory / "Skills.txt").unlink()

    with pytest.raises(CommandError, match=r"Skills\.txt: not found"):
        call_command("import_onet", str(directory), stdout=StringIO())

    assert not Occupation.objects.exists()


def test_an_empty_wage_the_notes_do_not_explain_is_an_error(catalogue, tmp_path):
    lines = OEWS_EXTRACT.read_text().splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("23-2011,Paralegals"))
    fields = lines[line - 1].split(",")
    fields[4] = ""  # median_annual
    lines[line - 1] = ",".join(fields)
    broken = tmp_path / "oews.csv"
    broken.write_text("".join(lines))

    with pytest.raises(CommandError, match=rf"oews\.csv, line {line}: median_annual is empty"):
        call_command("import_oews", str(broken), stdout=StringIO())

    assert WageEstimate.objects.get(soc_code="23-2011", group="detailed").median_annual == 61010


def test_the_importers_read_xz_and_gzip_copies(tmp_path):
    directory = copy_extract(tmp_path / "onet")
    for index, path in enumerate(sorted(directory.glob("*.txt"))):
        data = path.read_bytes()
        compressed = lzma.compress(data) if index % 2 else gzip.compress(data)
        path.with_name(path.name + (".xz" if index % 2 else ".gz")).write_bytes(compressed)
        path.unlink()
    oews = tmp_path / "oews.csv.xz"
    oews.write_bytes(lzma.compress(OEWS_EXTRACT.read_bytes()))

    load_test_catalogue(onet=directory, oews=oews)

    assert Occupation.objects.count() == 31
    assert Occupation.objects.get(code=PARALEGALS).wage_match == "own"


def test_quoted_fields_are_read_as_csv(tmp_path):
    path = tmp_path / "Task Statements.txt"
    path.write_text('Task ID\tTask\n1\t"Conduct ""head counts"" daily."\n')

    assert [row["Task"] for row in read_table(path)] == ['Conduct "head counts" daily.']


def test_sync_updates_only_the_fields_that_differ_and_deletes_what_is_gone(db):
    jobs = [
        {
            "number": n,
            "name": f"Zone {n}",
            "experience": "",
            "education": "",
            "job_training": "",
            "examples": "",
            "svp_range": "",
        }
        for n in (1, 2, 3)
    ]
    assert sync_rows(JobZone, "number", jobs).added == 3

    jobs[0] = {**jobs[0], "name": "Zone one"}
    counts = sync_rows(JobZone, "number", jobs[:2])

    assert (counts.added, counts.changed, counts.retired) == (0, 1, 1)
    assert list(JobZone.objects.values_list("name", flat=True)) == ["Zone one", "Zone 2"]


def test_the_commands_print_progress_and_a_summary(tmp_path):
    out = StringIO()
    call_command("import_onet", str(ONET_EXTRACT), release="29.3", stdout=out)
    call_command("import_oews", str(OEWS_EXTRACT), period="May 2024", stdout=out)
    printed = out.getvalue()

    assert f"Importing O*NET 29.3 from {ONET_EXTRACT}" in printed
    assert "Tasks: 620 added, 0 changed, 0 retired (" in printed
    assert "O*NET 29.3: " in printed and " added, 0 changed, 0 retired in " in printed
    assert "  Occupations           31 added, 0 changed, 0 retired" in printed
    assert "Wage estimates linked: 24 own, 1 specialty, 2 broad, 2 combination, 2 none." in printed

    Occupation.objects.filter(code=PARALEGALS).update(description="An editor's words.")
    out = StringIO()
    call_command("import_onet", str(ONET_EXTRACT), stdout=out)

    assert f"Kept an editor's change: {PARALEGALS} description" in out.getvalue()
    assert "O*NET 29.3: 0 added, 0 changed, 0 retired" in out.getvalue()


def test_legal_secretaries_link_to_their_own_estimate(catalogue):
    secretaries = Occupation.objects.get(code=LEGAL_SECRETARIES)
    assert secretaries.figures_by_metric()["median_pay"].value == Decimal("54140")


def test_an_occupation_slug_never_holds_the_compare_separator_and_always_fits():
    from roles.importers.onet import free_slug

    assert free_slug("Buyers vs Sellers", "11-1111.00", set()) == "buyers-versus-sellers"
    long_title = "Very " * 60 + "Long Title"
    taken = {free_slug(long_title, "11-1111.00", set())}
    clashing = free_slug(long_title, "11-1111.00", taken)
    assert len(clashing) <= 200 and clashing.endswith("-11-1111-00")


def test_tasks_are_numbered_within_their_occupation(catalogue):
    positions = list(
        Task.objects.filter(occupation__code=LAWYERS)
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == list(range(1, len(positions) + 1))
