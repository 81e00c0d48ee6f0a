"""Editing for readers: career paths once and short, no repeated notes or headings, US spelling,
a one-line statement that the figures are for the United States, one story about education."""

import html
import re
import tomllib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.utils.html import escape

from roles.catalogue.paths import field_career_paths
from roles.editorial.audit import (
    COMPARISON_PAGE_HEADINGS,
    ROLE_PAGE_HEADINGS,
    comparison_chart,
    markdown_headings,
    role_gaps,
)
from roles.importers.content import CONTENT_DIR
from roles.models import (
    CareerMove,
    Comparison,
    EducationLevel,
    Qualification,
    Role,
    RoleQualification,
)
from tests.conftest import (
    add_move,
    add_qualification,
    make_field,
    make_qualification,
    make_role,
)

pytestmark = pytest.mark.django_db

US_FIGURES = "All figures on this page are for the United States as a whole."
# British forms a US guide should not use. "Specialist" and "analysis" are US English too.
UK_SPELLING = re.compile(
    r"\b(\w*(?:organis|summaris|prioritis|finalis|recognis|apologis|emphasis(?=e|ed|ing))\w*"
    r"|speciali[sz]ism|specialis(?:e|ed|es|ing|ation)|analys(?:e|ed|es|ing)"
    r"|licence[sd]?|defence|offence|colour\w*|flavour\w*|favour\w*|behaviour\w*|labour\w*"
    r"|honour\w*|neighbour\w*|rumour\w*|centre[sd]?|metre[sd]?|fulfil|fulfils|enrol|enrols"
    r"|programmes?|judgement|enquir\w*|catalogue|towards|whilst|amongst|learnt|misspelt|spelt"
    r"|travell\w*|cancell\w*|labelled|modelled|practise[sd]?|call-centre)\b",
    re.IGNORECASE,
)
# What the content files write as identifiers (slugs in addresses, downloads and references),
# not as words a reader sees; see the note in the report on the slugs kept.
IDENTIFIER_KEYS = {
    "slug",
    "field",
    "kind",
    "duty",
    "qualification",
    "work_settings",
    "to_role",
    "roles",
    "occupation",
    "source",
    "url",
    "metric",
    "emphasis",
    "level",
    "status",
    "entry_education",
    "education_level",
    "occupation_relation",
    "value",
    "amount",
    "kinds",
}


@pytest.fixture
def guide(_shipped_guide, db):
    """The shipped content; each test's own changes are rolled back as usual."""


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html_text, heading_id):
    start = html_text.index(f'id="{heading_id}"')
    return html_text[start : html_text.index("</section>", start)]


def headings(html_text):
    """Every heading of a page (h1 to h6) as a reader sees it."""
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split())
        for _level, inner in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", html_text, re.S)
    ]


def visible_text(html_text, *, joined=False):
    """The page's text without markup; `joined` runs inline elements together, as a copy made
    without the stylesheet does."""
    text = re.sub(r"<(script|style)\b.*?</\1>", "", html_text, flags=re.S)
    if joined:
        blocks = (
            r"</?(?:p|li|ul|ol|dl|dt|dd|div|h[1-6]|td|th|tr|table|section|aside|figure|br)\b[^>]*>"
        )
        text = re.sub(blocks, "\n", text)
        text = re.sub(r"<[^>]+>", "", text)
    else:
        text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def key(heading):
    return heading.rstrip("?.:…").casefold()


def add_noted(role, qualification, note, level="required"):
    return RoleQualification.objects.create(
        role=role, qualification=qualification, level=level, note=note
    )


# ---------------------------------------------------------------- career paths


def test_each_role_page_lists_the_moves_to_and_from_its_role_once_and_no_others(guide, client):
    moves = list(CareerMove.objects.select_related("from_role", "to_role"))
    for role in Role.objects.published():
        text = page(client, role.get_absolute_url())
        own = [move for move in moves if role in (move.from_role, move.to_role)]
        assert own, role.slug
        for move in own:
            assert text.count(escape(move.what_it_takes)) == 1, (role.slug, move)
        own_texts = {move.what_it_takes for move in own}
        for move in moves:
            if move.what_it_takes not in own_texts:
                assert escape(move.what_it_takes) not in text, (role.slug, move)


def test_a_role_page_lists_its_own_moves_before_the_moves_into_it(guide, client):
    assistant = Role.objects.get(slug="legal-assistant")
    text = section(page(client, assistant.get_absolute_url()), "paths-heading")
    own = CareerMove.objects.filter(from_role=assistant)
    into = CareerMove.objects.filter(to_role=assistant)
    assert own and into
    last_own = max(text.index(escape(move.what_it_takes)) for move in own)
    first_into = min(text.index(escape(move.what_it_takes)) for move in into)
    assert last_own < first_into
    assert "The career moves to and from legal assistant." in text
    assert 'href="/fields/legal-support/">Every career path in legal support</a>' in text


def test_the_field_page_still_draws_and_lists_every_move(guide, client):
    text = page(client, "/fields/legal-support/")
    for move in CareerMove.objects.all():
        assert text.count(escape(move.what_it_takes)) == 1, move


def test_the_career_paths_on_a_role_page_are_a_short_part_of_the_fields(guide, client):
    field_words = len(
        visible_text(section(page(client, "/fields/legal-support/"), "paths-heading")).split()
    )
    for role in Role.objects.published():
        text = page(client, role.get_absolute_url())
        words = len(visible_text(section(text, "paths-heading")).split())
        assert words < field_words / 2, (role.slug, words, field_words)
        # Once: no second list of the same moves elsewhere on the page.
        assert text.count('class="career-paths-moves"') == 1


def test_a_role_pages_career_paths_take_two_queries(db, django_assert_num_queries):
    court = make_field(name="Court support", slug="court-support")
    clerk = make_role("Court clerk", field=court)
    roles = [make_role(f"Court role {i}", field=court) for i in range(6)]
    for role in roles:
        add_move(role, clerk)
        add_move(clerk, role)
        add_move(role, to_title=f"Beyond {role.title}")
    # Queries: the field's visible roles; the moves to or from the role, with both ends.
    with django_assert_num_queries(2):
        paths = field_career_paths(court, AnonymousUser(), current=clerk)
    assert len(paths.edges) == 12
    assert all(edge.current for edge in paths.edges)
    assert [edge.source.current for edge in paths.edges] == [True] * 6 + [False] * 6


# ---------------------------------------------------------------- repeated headings and notes


def test_no_heading_appears_twice_on_a_shipped_role_page(guide, client):
    for role in Role.objects.published():
        shown = [key(heading) for heading in headings(page(client, role.get_absolute_url()))]
        repeated = {heading for heading in shown if shown.count(heading) > 1}
        assert not repeated, (role.slug, repeated)


def test_no_comparison_text_repeats_a_heading_of_its_page(guide, client):
    for comparison in Comparison.objects.published():
        shown = [key(heading) for heading in headings(page(client, f"/compare/{comparison.slug}/"))]
        written = markdown_headings(f"{comparison.introduction}\n{comparison.advice}")
        assert written, comparison.slug
        for heading in written:
            assert shown.count(key(heading)) == 1, (comparison.slug, heading)


def test_the_paralegal_comparison_gives_the_short_answer_once(guide, client):
    text = page(client, "/compare/legal-assistant-vs-paralegal/")
    assert text.count("The short answer") == 1


def test_the_audit_knows_every_heading_the_pages_put_around_the_editors_text(guide, client):
    def h2s(text):
        return [
            " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split())
            for inner in re.findall(r"<h2\b[^>]*>(.*?)</h2>", text, re.S)
        ]

    # A role page's own headings, leaving out those naming the role or its occupation.
    named = ("The official occupation:", "The nearest official occupation:", "Compare ")
    for role in Role.objects.published():
        fixed = [h for h in h2s(page(client, role.get_absolute_url())) if not h.startswith(named)]
        assert set(fixed) <= set(ROLE_PAGE_HEADINGS), role.slug
    for comparison in Comparison.objects.published():
        assert set(h2s(page(client, f"/compare/{comparison.slug}/"))) <= set(
            COMPARISON_PAGE_HEADINGS
        )


def test_markdown_headings_are_found_in_both_styles_but_not_in_code():
    text = (
        "## A day\n\nText.\n\nAnother day #\n===\n\n"
        "```\n## Not a heading\n```\n\n- a list\n---\n\n### Closing ##\n"
    )
    assert markdown_headings(text) == ["A day", "Another day #", "Closing"]


def test_the_audit_fails_an_overview_that_repeats_a_heading(db):
    role = make_role(overview="## A day\n\nOne.\n\n## Duties\n\nTwo.\n\n## A *day*\n\nThree.")
    gaps = role_gaps(role)
    assert "Overview: the heading “A *day*” appears twice." in gaps
    assert "Overview: the heading “Duties” repeats the page’s own heading “Duties”" in " ".join(
        gaps
    )


def test_the_audit_fails_a_comparison_that_repeats_the_short_answer(guide, capsys):
    comparison = Comparison.objects.get(slug="legal-assistant-vs-paralegal")
    comparison.introduction = "## The short answer\n\n" + comparison.introduction
    comparison.save()
    with pytest.raises(CommandError, match="1 of 12 published pages fall short"):
        call_command("audit_content")
    assert (
        "the heading “The short answer” repeats the page’s own heading" in capsys.readouterr().out
    )


def test_the_audit_fails_a_heading_repeated_between_introduction_and_advice(guide, capsys):
    comparison = Comparison.objects.get(slug="legal-case-manager-vs-legal-intake-specialist")
    comparison.advice += "\n\n## How they work together\n\nAgain."
    comparison.save()
    with pytest.raises(CommandError, match="1 of 12 published pages fall short"):
        call_command("audit_content")
    assert (
        "Introduction and advice: the heading “How they work together” appears twice."
        in capsys.readouterr().out
    )


def test_the_audit_fails_a_qualification_note_that_repeats_its_description(db):
    role = make_role()
    typing = make_qualification(
        "Typing fast and well",
        description="Typing quickly without errors. Employers commonly test typing speed.",
    )
    add_noted(role, typing, "Employers commonly give a typing speed test.")
    assert any(
        gap.startswith("The note on “Typing fast and well” repeats") for gap in role_gaps(role)
    )


def test_a_note_that_says_something_new_passes_the_audit(db):
    role = make_role()
    certification = make_qualification(
        "NALS ALP",
        kind=Qualification.Kind.CERTIFICATION,
        description="An entry-level, voluntary certification from NALS, earned with an exam.",
    )
    add_noted(
        role,
        certification,
        "A way to show legal office knowledge before you have years of experience.",
        level="helpful",
    )
    assert not [gap for gap in role_gaps(role) if "repeats" in gap]


def test_a_note_the_same_as_its_description_is_shown_once(client):
    role = make_role()
    described = make_qualification(description="Knowing what court papers are for.")
    add_noted(role, described, "Knowing what court papers are for.")
    assert page(client, role.get_absolute_url()).count("Knowing what court papers are for.") == 1


def test_no_shipped_qualification_note_repeats_its_description(guide):
    for role in Role.objects.published().with_profile():
        assert not [gap for gap in role_gaps(role) if "repeats its description" in gap], role.slug


# ---------------------------------------------------------------- education, one story


def education_qualification(name, level):
    return make_qualification(name, kind=Qualification.Kind.EDUCATION, education_level=level)


def education_gaps_of(role):
    return [gap for gap in role_gaps(role) if "education" in gap.lower()]


def test_the_audit_reads_each_qualifications_stored_level_not_its_name(db):
    # Names chosen to mislead: only the stored level counts.
    modest = make_role(entry_education=EducationLevel.HIGH_SCHOOL)
    add_qualification(
        modest, education_qualification("A degree-level course", EducationLevel.HIGH_SCHOOL)
    )
    assert education_gaps_of(modest) == []
    demanding = make_role(entry_education=EducationLevel.HIGH_SCHOOL)
    add_qualification(demanding, education_qualification("A short course", EducationLevel.BACHELOR))
    assert education_gaps_of(demanding) == [
        "Requires “A short course” (Bachelor's degree), above its typical entry education "
        "(High school diploma or equivalent): make one of them say the other."
    ]


def test_the_audit_names_an_education_qualification_with_no_level(db):
    role = make_role(entry_education=EducationLevel.HIGH_SCHOOL)
    add_qualification(role, education_qualification("Some training", None), "helpful")
    assert education_gaps_of(role) == [
        "“Some training” has no level of education: set it on the qualification, so it can be "
        "checked against the typical entry education."
    ]


def test_the_audit_fails_a_role_whose_typical_education_is_above_what_it_requires(guide, capsys):
    Role.objects.filter(slug="legal-assistant").update(entry_education=EducationLevel.ASSOCIATE)
    with pytest.raises(CommandError, match="1 of 12 published pages fall short"):
        call_command("audit_content")
    out = capsys.readouterr().out
    assert "Role legal-assistant falls short" in out
    assert (
        "Its typical entry education is Associate's degree, but the most it requires is "
        "“High school diploma or equivalent”" in out
    )


def test_the_audit_fails_a_role_that_requires_more_than_its_typical_education(db):
    role = make_role(entry_education=EducationLevel.HIGH_SCHOOL)
    add_qualification(
        role, education_qualification("A bachelor's degree in any subject", EducationLevel.BACHELOR)
    )
    assert (
        "Requires “A bachelor's degree in any subject” (Bachelor's degree), above its typical "
        "entry education (High school diploma or equivalent): make one of them say the other."
    ) in role_gaps(role)


def test_education_that_is_only_preferred_or_helpful_is_not_held_against_the_typical_level(db):
    role = make_role(entry_education=EducationLevel.ASSOCIATE)
    add_qualification(
        role,
        education_qualification("High school diploma (test)", EducationLevel.HIGH_SCHOOL),
        level="helpful",
    )
    add_qualification(
        role,
        education_qualification("A bachelor's degree in any subject", EducationLevel.BACHELOR),
        "preferred",
    )
    assert education_gaps_of(role) == []


def test_the_legal_assistant_tells_one_story_about_its_education(guide, client):
    assistant = Role.objects.get(slug="legal-assistant")
    facts = section(page(client, assistant.get_absolute_url()), "quick-facts-heading")
    assert re.search(
        r"<dt>Typical entry education</dt>\s*<dd>High school diploma or equivalent</dd>", facts
    )
    # The occupation's associate degree is explained beside the figures it goes with.
    assert "BLS gives an associate degree as typical for the occupation as a whole" in facts
    required = assistant.role_qualifications.filter(
        level="required", qualification__kind="education"
    )
    assert [rq.qualification.slug for rq in required] == ["high-school-diploma"]
    listed = page(client, f"/roles/?education_max={EducationLevel.HIGH_SCHOOL}")
    assert '<a href="/roles/legal-assistant/">Legal assistant</a>' in listed
    data = client.get("/roles/legal-assistant.json").json()
    assert data["entry_education"]["value"] == EducationLevel.HIGH_SCHOOL
    chart = comparison_chart(Comparison.objects.get(slug="legal-assistant-vs-paralegal"))
    education = next(row for row in chart.rows if row.key == "education")
    by_job = {job.slug: cell for job, cell in zip(chart.jobs, education.cells, strict=True)}
    assert by_job["legal-assistant"].text == "High school diploma or equivalent"
    assert by_job["paralegal"].text == "Associate's degree"


def test_legal_assistants_check_citations_on_their_page_and_in_the_chart(guide, client):
    assistant = Role.objects.get(slug="legal-assistant")
    assert "checking a citation" in assistant.overview
    text = page(client, assistant.get_absolute_url())
    assert "Check citations, names and legal terms" in section(text, "duties-heading")
    chart = comparison_chart(Comparison.objects.get(slug="legal-assistant-vs-legal-secretary"))
    # Checking citations is proofreading a document's references: an administrative duty.
    row = next(row for row in chart.rows if row.key == "duties-administrative-focus")
    holders = [
        job.slug
        for job, cell in zip(chart.jobs, row.cells, strict=True)
        if "Check citations, names and legal terms" in {item.text for item in cell.items}
    ]
    assert holders == ["legal-assistant", "legal-secretary"]


def test_legal_terminology_is_required_wherever_legal_documents_are_the_job(guide):
    levels = dict(
        RoleQualification.objects.filter(
            qualification__slug="legal-terminology",
            role__slug__in=[
                "legal-assistant",
                "legal-secretary",
                "legal-transcriptionist",
                "paralegal",
            ],
        ).values_list("role__slug", "level")
    )
    assert set(levels.values()) == {"required"} and len(levels) == 4


# ---------------------------------------------------------------- US figures and spelling


def test_every_role_page_says_once_that_its_figures_are_for_the_united_states(guide, client):
    for role in Role.objects.published():
        text = page(client, role.get_absolute_url())
        assert text.count(US_FIGURES) == 1, role.slug
        assert US_FIGURES in section(text, "quick-facts-heading").split("</aside>")[0]


@pytest.mark.parametrize(
    "url",
    [
        "/occupations/paralegals-and-legal-assistants/",
        "/compare/legal-assistant-vs-legal-secretary/",
        "/compare/lawyers-vs-paralegals-and-legal-assistants/",
        "/fields/legal-support/",
        "/fields/legal-occupations/",
    ],
)
def test_other_pages_with_figures_say_once_that_they_are_for_the_united_states(guide, client, url):
    assert page(client, url).count(US_FIGURES) == 1


def _reader_strings(value, key_name=""):
    """Every string in a content file a reader may see (not identifiers)."""
    if key_name in IDENTIFIER_KEYS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _reader_strings(item)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _reader_strings(item, name)


def test_the_content_files_use_us_spelling():
    for path in sorted(CONTENT_DIR.rglob("*.toml")):
        data = tomllib.loads(path.read_text())
        for text in _reader_strings(data):
            assert not UK_SPELLING.search(text), (path.name, UK_SPELLING.search(text).group(0))


def test_the_shipped_pages_use_us_spelling(guide, client):
    urls = ["/fields/legal-support/"] + [role.get_absolute_url() for role in Role.objects.all()]
    urls += [f"/compare/{comparison.slug}/" for comparison in Comparison.objects.all()]
    for url in urls:
        found = UK_SPELLING.findall(visible_text(page(client, url)))
        assert not found, (url, found)


def test_the_spelling_check_finds_british_forms():
    text = "Organise the licence and the programme; a defence centre; judgement; towards a flavour."
    assert [m.group(0) for m in UK_SPELLING.finditer(text)] == [
        "Organise",
        "licence",
        "programme",
        "defence",
        "centre",
        "judgement",
        "towards",
        "flavour",
    ]
    assert not UK_SPELLING.search("A legal intake specialist's analysis of a license")


# ---------------------------------------------------------------- labels that run together


def test_duty_names_and_descriptions_do_not_run_together_when_copied(guide, client):
    for role in Role.objects.published().with_profile():
        text = visible_text(page(client, role.get_absolute_url()), joined=True)
        for role_duty in role.role_duties.all():
            duty = role_duty.duty
            assert f"{duty.name} {duty.description}" in " ".join(text.split()), duty.name


def test_a_next_moves_pay_change_ends_before_its_source(guide, client):
    sentences = []
    for role in Role.objects.published():
        text = page(client, role.get_absolute_url())
        if 'id="next-moves-heading"' in text:
            sentences += re.findall(
                r"<dd>([^<]*)<span class=\"figure-source\">", section(text, "next-moves-heading")
            )
    assert sentences
    assert all(sentence.endswith(". ") for sentence in sentences), sentences


def test_notes_on_missing_figures_do_not_repeat_the_missing_figure_label(guide):
    for role in Role.objects.filter(figures__isnull=True):
        assert not role.figures_note.startswith(("No official figure", "No published")), role.slug
