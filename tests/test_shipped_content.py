"""The guide as shipped: eight legal support roles, four comparisons, all sourced and complete."""

import re

import pytest
from django.core.management import CommandError, call_command

from roles.compare.selection import compare_url
from roles.importers.content import load_content
from roles.models import Comparison, DutyKind, FitQuestion, LabourFigure, Occupation, Role, Status
from tests.catalogue import PARALEGALS
from tests.conftest import add_duty, make_duty, make_role

pytestmark = pytest.mark.django_db

ROLE_SLUGS = {
    "legal-assistant",
    "legal-secretary",
    "paralegal",
    "legal-administrative-assistant",
    "legal-intake-specialist",
    "legal-case-manager",
    "legal-transcriptionist",
    "virtual-legal-assistant",
}
COMPARISON_SLUGS = {
    "legal-assistant-vs-legal-secretary",
    "legal-assistant-vs-paralegal",
    "legal-administrative-assistant-vs-legal-secretary",
    "legal-case-manager-vs-legal-intake-specialist",
}
TITLE_NOTE = "A note on titles:"


@pytest.fixture
def guide(_shipped_guide, db):
    """The shipped content; each test's own changes are rolled back as usual."""


def test_the_guide_ships_eight_published_roles_and_four_comparisons(guide):
    assert set(Role.objects.published().values_list("slug", flat=True)) == ROLE_SLUGS
    assert set(Comparison.objects.published().values_list("slug", flat=True)) == COMPARISON_SLUGS


def test_every_comparison_lives_at_its_canonical_chart_address(guide, client):
    for comparison in Comparison.objects.prefetch_related("roles"):
        url = compare_url(role.slug for role in comparison.roles.all())
        assert url == f"/compare/{comparison.slug}/"
        html = client.get(url).content.decode()
        assert comparison.title in html
        assert 'class="row-note"' in html


def test_the_audit_passes_on_the_shipped_content(guide, capsys):
    call_command("audit_content")
    assert "All 12 published pages pass." in capsys.readouterr().out


def test_the_audit_fails_on_a_thin_published_role(guide, capsys):
    thin = make_role("Thin role", overview="Too short.")
    add_duty(thin, make_duty())
    with pytest.raises(CommandError, match="1 of 13 published pages fall short"):
        call_command("audit_content")
    out = capsys.readouterr().out
    assert "Role thin-role falls short" in out
    assert "1 duties; 8 or more needed." in out
    assert "0 career moves; 2 or more needed." in out


def test_the_audit_names_a_role_whose_occupation_left_onet(guide, capsys):
    Occupation.objects.filter(code=PARALEGALS).update(retired=True)
    with pytest.raises(CommandError, match="3 of 12 published pages fall short"):
        call_command("audit_content")
    assert "Its occupation 23-2011.00 is no longer in O*NET" in capsys.readouterr().out


def test_the_audit_ignores_drafts(guide):
    make_role("Thin draft", status=Status.DRAFT)
    call_command("audit_content")


def test_a_published_comparison_of_a_draft_role_fails_the_audit(guide):
    Role.objects.filter(slug="paralegal").update(status=Status.DRAFT)
    with pytest.raises(CommandError, match="1 of 11 published pages fall short"):
        call_command("audit_content")


def figure_blocks(html):
    """Each shown figure's value with the source line that follows it."""
    return re.findall(
        r'<span class="figure-value">(.*?)</span>\s*<span class="figure-source">(.*?)</span>',
        html,
        re.S,
    )


def test_every_figure_on_every_page_names_its_source_and_year(guide, client):
    pages = [role.get_absolute_url() for role in Role.objects.all()] + [
        f"/compare/{slug}/" for slug in COMPARISON_SLUGS
    ]
    shown = 0
    for url in pages:
        html = client.get(url).content.decode()
        assert html.count('class="figure-value"') == len(figure_blocks(html)), url
        for value, source in figure_blocks(html):
            shown += 1
            assert "Source: " in source and "<a href=" in source, (url, value)
            assert re.search(r"\b20\d\d\b", source), (url, value)
    assert shown >= LabourFigure.objects.count()


def test_roles_without_an_official_figure_say_so(guide, client):
    for role in Role.objects.filter(figures__isnull=True):
        html = client.get(role.get_absolute_url()).content.decode()
        assert "No published figure" in html
        assert role.figures_note
        assert role.figures_note.replace("'", "&#x27;").replace('"', "&quot;")[:60] in html


def test_borrowed_figures_name_the_occupation_they_cover(guide, client):
    html = client.get("/roles/legal-secretary/").content.decode()
    assert "SOC 43-6000" in html


@pytest.mark.parametrize(
    "url",
    ["/roles/legal-assistant/", "/roles/paralegal/", "/compare/legal-assistant-vs-paralegal/"],
)
def test_pages_where_legal_assistant_means_two_things_say_which_the_guide_uses(guide, client, url):
    html = client.get(url).content.decode()
    assert TITLE_NOTE in html
    note = html[html.index(TITLE_NOTE) :][:1500]
    assert "paralegal" in note.lower()


def test_loading_the_shipped_content_twice_changes_nothing(guide):
    report = load_content()
    assert not report.changed
    assert report.skipped == []


def test_the_legal_guide_keeps_its_duty_kinds_and_fit_questions_as_data(guide):
    kinds = DutyKind.objects.filter(field__slug="legal-support")
    assert kinds.count() == 5
    rows = {kind.slug: kind.chart_row_label for kind in kinds}
    assert rows["substantive"] == rows["research"] == "Substantive legal duties"
    questions = FitQuestion.objects.filter(field__slug="legal-support")
    assert list(questions.values_list("slug", flat=True)) == ["work", "clients", "coordination"]
    assert questions.get(slug="work").options.get(value="mix").balanced


def test_every_role_names_its_occupation_and_the_occupation_lists_its_roles(guide, client):
    assert not Role.objects.filter(occupation__isnull=True).exists()
    html = client.get(f"/occupations/{PARALEGALS}/", follow=True).content.decode()
    assert "Legal assistant" in html and "Paralegal" in html
    assert "closer supervision than a paralegal" in html  # the legal assistant's title note
