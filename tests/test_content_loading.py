"""The content loader: loads the guide, changes nothing when rerun, never clobbers an editor."""

import textwrap
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from roles.importers.content import ContentError, load_content
from roles.models import (
    Comparison,
    Duty,
    DutyKind,
    FitOption,
    FitQuestion,
    Occupation,
    Role,
    Status,
)
from tests.catalogue import PARALEGALS

pytestmark = pytest.mark.django_db

CATALOGUE = """
[[fields]]
slug = "legal-support"
name = "Legal support"
order = 1

[[duty_kinds]]
field = "legal-support"
slug = "office"
name = "Office work"
order = 1
chart_row = "Paperwork"

[[duty_kinds]]
field = "legal-support"
slug = "legal"
name = "Legal drafting"
order = 2
work_mix = "Legal work"

[[work_settings]]
slug = "law-firms"
name = "Law firms"

[[sources]]
name = "Handbook"
publisher = "Bureau"
url = "https://stats.example.org/handbook"

[[duties]]
slug = "keep-files"
name = "Keep case files in order"
field = "legal-support"
kind = "office"

[[duties]]
slug = "draft-letters"
name = "Draft routine letters"
field = "legal-support"
kind = "legal"

[[qualifications]]
slug = "typing"
name = "Fast, accurate typing"
kind = "skill"

[[fit_questions]]
field = "legal-support"
slug = "paper"
legend = "How much paperwork do you want?"
topic = "Paperwork"
weight = 3

[[fit_questions.options]]
value = "lots"
label = "Plenty"
kinds = ["office"]

[[fit_questions.options]]
value = "none"
label = "As little as possible"
kinds = ["office"]
amount = "least"
"""

ROLE = """
slug = "{slug}"
title = "{title}"
field = "legal-support"
status = "published"
summary = "Supports lawyers by keeping documents, calendars and files in good order every day."
primary_focus = "Documents and schedules"
other_titles = ["Legal support assistant"]
entry_education = "high_school"
work_settings = ["law-firms"]
overview = \"\"\"
## A day

**Files** and letters.
\"\"\"

[[duties]]
duty = "keep-files"
emphasis = "core"

[[duties]]
duty = "draft-letters"
emphasis = "occasional"

[[qualifications]]
qualification = "typing"
level = "required"

[[figures]]
metric = "median_pay"
value = 46010
population = "All secretaries (SOC 43-6000)"
source = "https://stats.example.org/handbook"
year = 2023

[[figures]]
metric = "growth"
value = 1
population = "All secretaries (SOC 43-6000)"
source = "https://stats.example.org/handbook"
year = 2023
period_end = 2033

[[moves]]
to_role = "{other}"
what_it_takes = "A certificate."

[[moves]]
to_title = "Office manager"
what_it_takes = "Years of experience."
"""

COMPARISON = """
slug = "legal-assistant-vs-legal-secretary"
title = "Legal assistant or legal secretary?"
roles = ["legal-assistant", "legal-secretary"]
status = "published"
featured = true
introduction = "They **overlap**."
advice = "Pick by temperament."

[row_notes]
"duties-paperwork" = "Secretaries carry more office work."
"""


def write_small_guide(directory):
    """Two roles, their comparison and the catalogue they use, as content files in `directory`."""
    (directory / "roles").mkdir()
    (directory / "comparisons").mkdir()
    (directory / "catalogue.toml").write_text(CATALOGUE)
    for slug, title, other in [
        ("legal-assistant", "Legal assistant", "legal-secretary"),
        ("legal-secretary", "Legal secretary", "legal-assistant"),
    ]:
        (directory / "roles" / f"{slug}.toml").write_text(
            ROLE.format(slug=slug, title=title, other=other)
        )
    (directory / "comparisons" / "pair.toml").write_text(COMPARISON)
    return directory


@pytest.fixture
def content_dir(tmp_path):
    return write_small_guide(tmp_path)


def test_loading_creates_roles_with_their_profiles_and_the_comparison(content_dir, client):
    report = load_content(content_dir)
    assert "role legal-assistant" in report.created
    role = Role.objects.get(slug="legal-secretary")
    assert role.status == Status.PUBLISHED
    assert role.other_title_list == ["Legal support assistant"]
    assert "<strong>Files</strong>" in role.overview_html
    assert [rd.duty.slug for rd in role.role_duties.all()] == ["keep-files", "draft-letters"]
    assert role.figures.get(metric="growth").period_end == 2033
    assert [m.destination_title for m in role.moves.all()] == ["Legal assistant", "Office manager"]
    comparison = Comparison.objects.get()
    assert sorted(r.slug for r in comparison.roles.all()) == ["legal-assistant", "legal-secretary"]
    page = client.get("/compare/legal-assistant-vs-legal-secretary/").content.decode()
    assert "<strong>overlap</strong>" in page
    assert "Secretaries carry more office work." in page


def test_loading_twice_changes_nothing(content_dir):
    load_content(content_dir)
    stamps = dict(Role.objects.values_list("slug", "updated_at"))
    report = load_content(content_dir)
    assert not report.changed
    assert report.skipped == []
    assert dict(Role.objects.values_list("slug", "updated_at")) == stamps


def test_a_role_an_editor_changed_is_left_alone_and_reported(content_dir):
    load_content(content_dir)
    role = Role.objects.get(slug="legal-secretary")
    role.summary = "An editor's better summary of what a legal secretary does all day long."
    role.save()
    (content_dir / "roles" / "legal-secretary.toml").write_text(
        ROLE.format(slug="legal-secretary", title="Legal secretary (new)", other="legal-assistant")
    )
    report = load_content(content_dir)
    assert any("legal-secretary" in line and "editor" in line for line in report.skipped)
    role.refresh_from_db()
    assert role.summary.startswith("An editor's better summary")
    assert role.title == "Legal secretary"


def test_overwrite_replaces_an_editors_change(content_dir):
    load_content(content_dir)
    Role.objects.filter(slug="legal-secretary").update(title="Edited")
    role = Role.objects.get(slug="legal-secretary")
    role.save()
    load_content(content_dir, overwrite=True)
    assert Role.objects.get(slug="legal-secretary").title == "Legal secretary"


def test_a_changed_file_updates_a_role_nobody_edited(content_dir):
    load_content(content_dir)
    (content_dir / "roles" / "legal-assistant.toml").write_text(
        ROLE.format(slug="legal-assistant", title="Legal assistant II", other="legal-secretary")
    )
    report = load_content(content_dir)
    assert report.updated == ["role legal-assistant"]
    assert Role.objects.get(slug="legal-assistant").title == "Legal assistant II"


def test_a_catalogue_duty_an_editor_renamed_is_kept(content_dir):
    load_content(content_dir)
    Duty.objects.filter(slug="keep-files").update(name="Keep every file tidy")
    report = load_content(content_dir)
    assert any("keep-files" in line for line in report.skipped)
    assert Duty.objects.get(slug="keep-files").name == "Keep every file tidy"


def test_a_broken_file_loads_nothing_and_names_the_file(content_dir):
    (content_dir / "roles" / "legal-assistant.toml").write_text(
        ROLE.format(slug="legal-assistant", title="Legal assistant", other="nobody")
    )
    with pytest.raises(CommandError, match=r"legal-assistant\.toml: unknown role 'nobody'"):
        call_command("load_content", path=content_dir)
    assert not Role.objects.exists()


def test_a_figure_outside_its_sane_range_is_refused_with_the_file_named(content_dir):
    path = content_dir / "roles" / "legal-assistant.toml"
    path.write_text(path.read_text().replace("value = 46010", "value = 12"))
    with pytest.raises(CommandError, match=r"legal-assistant\.toml"):
        call_command("load_content", path=content_dir)
    assert not Role.objects.exists()


def test_command_says_what_it_skipped(content_dir, capsys):
    call_command("load_content", path=content_dir)
    Role.objects.get(slug="legal-assistant").save()
    (content_dir / "roles" / "legal-assistant.toml").write_text(
        textwrap.dedent(ROLE.format(slug="legal-assistant", title="New", other="legal-secretary"))
    )
    call_command("load_content", path=content_dir)
    out = capsys.readouterr().out
    assert "Skipped role legal-assistant" in out
    assert "1 skipped" in out


def test_duty_kinds_and_fit_questions_are_loaded_as_data(content_dir, client):
    load_content(content_dir)
    office = DutyKind.objects.get(field__slug="legal-support", slug="office")
    assert (office.chart_row_label, office.work_mix_label) == ("Paperwork", "Paperwork")
    assert Duty.objects.get(slug="keep-files").kind == office
    question = FitQuestion.objects.get(slug="paper")
    assert list(question.options.values_list("value", "amount")) == [
        ("lots", "most"),
        ("none", "least"),
    ]
    assert list(question.options.get(value="lots").kinds.all()) == [office]
    chart = client.get("/compare/legal-assistant-vs-legal-secretary/").content.decode()
    assert '<tr id="row-duties-paperwork"' in chart
    # Files (office, core: 3) and letters (legal, occasional: 1), by the kinds' work-mix shares.
    assert "Paperwork 75% · Legal work 25%" in chart
    fit = client.get("/fit/").content.decode()
    assert "How much paperwork do you want?" in fit


def test_a_fit_question_an_editor_changed_is_kept_and_reported(content_dir):
    load_content(content_dir)
    FitOption.objects.filter(value="lots").update(label="Loads of it")
    report = load_content(content_dir)
    assert any("fit question legal-support/paper" in line for line in report.skipped)
    assert FitOption.objects.get(value="lots").label == "Loads of it"
    load_content(content_dir, overwrite=True)
    assert FitOption.objects.get(value="lots").label == "Plenty"


def test_an_answer_naming_an_unknown_duty_kind_is_refused_with_the_file_named(content_dir):
    path = content_dir / "catalogue.toml"
    path.write_text(
        path.read_text().replace('kinds = ["office"]\namount', 'kinds = ["nope"]\namount')
    )
    with pytest.raises(CommandError, match=r"catalogue\.toml.*unknown: nope"):
        call_command("load_content", path=content_dir)
    assert not FitQuestion.objects.exists()


def test_a_role_names_its_occupation_by_o_net_code(content_dir, catalogue):
    path = content_dir / "roles" / "legal-assistant.toml"
    path.write_text(f'occupation = "{PARALEGALS}"\n' + path.read_text())
    load_content(content_dir)
    assert Role.objects.get(slug="legal-assistant").occupation == Occupation.objects.get(
        code=PARALEGALS
    )


def test_an_unknown_occupation_is_refused_with_a_hint(content_dir):
    path = content_dir / "roles" / "legal-assistant.toml"
    path.write_text('occupation = "23-2011.00"\n' + path.read_text())
    with pytest.raises(CommandError, match=r"unknown occupation '23-2011.00'.*import_onet"):
        call_command("load_content", path=content_dir)


def test_a_files_review_date_becomes_the_pages_review(content_dir, client):
    path = content_dir / "roles" / "legal-secretary.toml"
    path.write_text("reviewed = 2026-10-02\n" + path.read_text())
    (content_dir / "roles" / "legal-assistant.toml").write_text(
        'reviewed = "last week"\n' + (content_dir / "roles" / "legal-assistant.toml").read_text()
    )
    with pytest.raises(ContentError, match=r"legal-assistant\.toml: 'reviewed' must be a date"):
        load_content(content_dir)

    (content_dir / "roles" / "legal-assistant.toml").write_text(
        (content_dir / "roles" / "legal-assistant.toml").read_text().split("\n", 1)[1]
    )
    load_content(content_dir)

    secretary = Role.objects.get(slug="legal-secretary")
    assert (secretary.reviewed_on, secretary.review_due) == (date(2026, 10, 2), date(2027, 10, 2))
    assert Role.objects.get(slug="legal-assistant").reviewed_on is None
    page = client.get("/roles/legal-secretary/").content.decode()
    assert 'Reviewed <time datetime="2026-10-02">2 October 2026</time>' in page


def test_a_second_comparison_of_the_same_roles_is_refused_with_the_file_named(content_dir):
    (content_dir / "comparisons" / "zz-again.toml").write_text(
        COMPARISON.replace('slug = "legal-assistant-vs-legal-secretary"', 'slug = "again"')
    )
    with pytest.raises(ContentError, match=r"zz-again\.toml: the comparison .* already compares"):
        load_content(content_dir)
