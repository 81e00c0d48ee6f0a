"""Searching every job from the header box: what is found, in what order, and why each matched.

Roles and O*NET occupations come back in one ranked list, found by their titles, the other names
people use, word forms, synonyms and one misspelled word, with the same results on SQLite and
PostgreSQL.
"""

import html as html_module
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from roles.discover.index import rebuild_search_index
from roles.discover.search import MAX_QUERY_LENGTH, RESULTS_PER_PAGE
from roles.importers.content import load_content
from roles.importers.onet import import_onet
from roles.models import (
    Duty,
    Occupation,
    Qualification,
    Role,
    SearchPosting,
    SearchWord,
    Status,
    WorkSetting,
)
from tests.catalogue import LAWYERS, ONET_EXTRACT, PARALEGALS, copy_extract
from tests.conftest import (
    add_duty,
    add_qualification,
    editing_version,
    grow_catalogue,
    make_duty,
    make_qualification,
    make_role,
)

pytestmark = pytest.mark.django_db

REGISTERED_NURSES = "29-1141.00"
POLICE_OFFICERS = "33-3051.00"
DATABASE_ADMINISTRATORS = "15-1242.00"


def search(client, q, **params):
    response = client.get(reverse("roles:search"), {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def found_titles(html):
    """Result titles in the order shown, with the highlighting taken out."""
    headings = re.findall(r'<li class="search-result">\s*<h2><a href="[^"]*">(.*?)</a>', html, re.S)
    return [html_module.unescape(re.sub(r"</?mark>", "", heading)) for heading in headings]


def results(html):
    """Each result's HTML, in the order shown."""
    return re.findall(
        r'<li class="search-result">(.*?)</li>\s*(?=<li class="search-result">|</ol>)', html, re.S
    )


def title_of(code):
    return Occupation.objects.get(code=code).title


def reasons(html):
    """Every "Matched in" line, as plain text with <mark> kept."""
    items = re.findall(r'<li><span class="search-where">(.*?)</li>', html, re.S)
    return [re.sub(r"</?span[^>]*>", "", item) for item in items]


def summary(text):
    return f"{text} This sentence pads the summary to a realistic length for a role card."


@pytest.fixture
def paralegal():
    role = make_role(
        "Paralegal",
        summary=summary("Does substantive legal work under a lawyer's supervision."),
        other_titles="Litigation assistant\nCorporate paralegal",
    )
    add_duty(role, make_duty("Research statutes, case law and regulations", "research"))
    add_qualification(
        role,
        make_qualification(
            "NALA Certified Paralegal (CP)",
            Qualification.Kind.CERTIFICATION,
            description="A voluntary credential earned with a knowledge exam and a skills exam.",
        ),
    )
    return role


@pytest.fixture
def secretary():
    role = make_role(
        "Legal secretary",
        summary=summary("Keeps a lawyer's office running: correspondence, diaries and files."),
    )
    add_duty(role, make_duty("Prepare correspondence and court forms"))
    return role


def test_the_header_has_a_search_form_that_works_without_javascript(client):
    html = client.get(reverse("roles:home")).content.decode()
    form = re.search(r'<form class="site-search"(.*?)</form>', html, re.S).group(0)
    assert 'action="/search/"' in form and 'method="get"' in form
    assert '<label for="site-search-q">' in form
    assert 'type="search" id="site-search-q" name="q"' in form
    assert '<button type="submit">' in form


def test_an_empty_search_shows_a_friendly_prompt(client, paralegal):
    html = search(client, "   ")
    assert "Type what you are looking for" in html
    assert found_titles(html) == []
    assert 'name="q" value=""' in html


def test_a_title_word_finds_the_role_and_says_so(client, paralegal, secretary):
    html = search(client, "secretary")
    assert found_titles(html) == ["Legal secretary"]
    assert "Title" in reasons(html)
    assert "Legal <mark>secretary</mark>" in html


def test_other_titles_duties_and_qualifications_are_searched_and_named_as_reasons(
    client, paralegal, secretary
):
    assert reasons(search(client, "litigation")) == [
        "Also called: <mark>Litigation</mark> assistant"
    ]
    assert reasons(search(client, "statutes")) == [
        "Duty: Research <mark>statutes</mark>, case law and regulations"
    ]
    assert reasons(search(client, "NALA")) == [
        "Qualification: <mark>NALA</mark> Certified Paralegal (CP)"
    ]
    assert found_titles(search(client, "correspondence")) == ["Legal secretary"]


def test_a_match_in_a_description_shows_the_description_beside_the_name(client, paralegal):
    html = search(client, "exam")
    assert found_titles(html) == ["Paralegal"]
    (reason,) = reasons(html)
    assert reason.startswith("Qualification: NALA Certified Paralegal (CP)")
    assert "knowledge <mark>exam</mark> and a skills <mark>exam</mark>" in reason


def test_every_plain_word_must_be_found_somewhere_in_the_role(client, paralegal, secretary):
    # "legal" is in both roles; "statutes" only in the paralegal's duties, "diaries" only in the
    # secretary's summary.
    assert found_titles(search(client, "legal statutes")) == ["Paralegal"]
    assert found_titles(search(client, "legal diaries")) == ["Legal secretary"]
    assert found_titles(search(client, "statutes diaries")) == []


def test_words_found_in_different_places_each_give_a_reason(client, paralegal):
    html = search(client, "paralegal research")
    assert found_titles(html) == ["Paralegal"]
    # Each word is explained by the most telling place it was found in: the title already says
    # why "paralegal" matched, so "Corporate paralegal" among the other titles is not repeated.
    assert reasons(html) == [
        "Title",
        "Duty: <mark>Research</mark> statutes, case law and regulations",
    ]


def test_roles_are_ranked_by_where_the_word_was_found(client):
    # Titles chosen so alphabetical order would be the reverse of the expected ranking.
    in_duty = make_role("Archivist", summary=summary("Looks after old files."))
    add_duty(in_duty, make_duty("Index probate records"))
    make_role("Bookkeeper", summary=summary("Handles probate accounts and the firm's ledgers."))
    make_role("Probate clerk", summary=summary("Handles estates after a death."))
    assert found_titles(search(client, "probate")) == ["Probate clerk", "Bookkeeper", "Archivist"]


def test_other_titles_outrank_summaries_and_duties_outrank_qualifications(client):
    # The same ranking on both databases (PostgreSQL's tsvector used to weigh other titles with
    # summaries and duties with qualifications).
    in_qualification = make_role("Alpha", summary=summary("Keeps files in order."))
    add_qualification(in_qualification, make_qualification("Conveyancing certificate"))
    in_duty = make_role("Bravo", summary=summary("Keeps files in order."))
    add_duty(in_duty, make_duty("Prepare conveyancing documents"))
    make_role("Charlie", summary=summary("Supports conveyancing lawyers."))
    make_role("Delta", summary=summary("Keeps files in order."), other_titles="Conveyancing clerk")
    assert found_titles(search(client, "conveyancing")) == ["Delta", "Charlie", "Bravo", "Alpha"]


def test_phrases_exclusions_and_or_work_on_both_databases(client):
    phrase = make_role("Research clerk", summary=summary("Does legal research for the partners."))
    apart = make_role(
        "Records clerk", summary=summary("Keeps legal files and can research a client's history.")
    )
    excluded = make_role("Legal secretary", summary=summary("Also does some legal research."))
    # The words side by side, and never "secretary" (SQLite used to ignore the quotes and "or").
    assert found_titles(search(client, '"legal research" -secretary')) == [phrase.title]
    assert set(found_titles(search(client, "legal research -secretary"))) == {
        phrase.title,
        apart.title,
    }
    assert set(found_titles(search(client, "records or secretary"))) == {
        apart.title,
        excluded.title,
    }


def test_other_forms_of_a_word_are_found_on_both_databases(client, paralegal):
    # SQLite used to look for the letters as typed; both databases now compare stems.
    html = search(client, "researching statute")
    assert found_titles(html) == ["Paralegal"]
    assert "Duty: <mark>Research</mark> <mark>statutes</mark>, case law and regulations" in (
        reasons(html)
    )


def test_matched_words_are_highlighted_and_editors_text_is_escaped(client):
    role = make_role(
        "Filing clerk",
        summary=summary("Files <script>alert('summary')</script> papers & pleadings."),
    )
    add_duty(role, make_duty("File pleadings <b>on time</b>"))
    html = search(client, "pleadings time")
    assert "<script>" not in html and "<b>on time" not in html
    assert (
        "&lt;script&gt;alert(&#x27;summary&#x27;)&lt;/script&gt; papers &amp; <mark>pleadings</mark>"
        in html
    )
    assert reasons(html) == [
        "Summary",
        "Duty: File <mark>pleadings</mark> &lt;b&gt;on <mark>time</mark>&lt;/b&gt;",
    ]


def test_the_query_is_kept_in_the_search_box_and_escaped(client, paralegal):
    html = search(client, '<img src=x onerror=alert(1)> "paralegal')
    assert "<img src=x" not in html
    assert 'value="&lt;img src=x onerror=alert(1)&gt; &quot;paralegal"' in html


def test_drafts_are_found_only_by_editors(client, editor):
    make_role("Draft docket clerk", status=Status.DRAFT, summary=summary("Keeps the docket."))
    assert found_titles(search(client, "docket")) == []
    client.force_login(editor)
    html = search(client, "docket")
    assert found_titles(html) == ["Draft docket clerk"]
    assert "Draft: visible to editors only" in html


def test_no_match_says_so_and_offers_the_role_list(client, paralegal):
    html = search(client, "astronaut")
    assert "No jobs match “astronaut”" in html
    assert 'href="/roles/"' in html


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed phrase',
        "-",
        "--paralegal",
        "%",
        "100%_done",
        "a\x00b",
        "'; DROP TABLE roles_role; --",
        "C++ & | ! <-> :* ()",
        "parálègal 日本語 ✓",
        "or",
        "OR OR or",
        "\\",
        "paralegal\tstatutes\n",
    ],
)
def test_odd_queries_get_a_normal_page(client, paralegal, query):
    html = search(client, query)
    assert 'id="search-q"' in html


def test_a_query_of_only_exclusions_asks_for_a_word_to_look_for(client, paralegal):
    html = search(client, "-secretary")
    assert "only says what to leave out" in html
    assert found_titles(html) == []


def test_a_very_long_query_is_cut_with_a_note(client, paralegal):
    html = search(client, "paralegal " + "x" * 500)
    assert f"only its first {MAX_QUERY_LENGTH} characters were used" in html
    assert 'value="paralegal ' + "x" * (MAX_QUERY_LENGTH - len("paralegal ")) + '"' in html


def test_many_results_are_split_into_pages_that_keep_the_query(client):
    for n in range(RESULTS_PER_PAGE + 3):
        make_role(f"Docket clerk {n:02}", summary=summary("Keeps the court docket."))
    first = search(client, "docket")
    assert len(found_titles(first)) == RESULTS_PER_PAGE
    assert f"{RESULTS_PER_PAGE + 3} jobs match" in first
    assert "?q=docket&amp;page=2" in first
    second = search(client, "docket", page=2)
    assert len(found_titles(second)) == 3
    assert "Page 2 of 2" in second
    assert len(found_titles(search(client, "docket", page="nonsense"))) == RESULTS_PER_PAGE


def test_changes_to_duties_and_qualifications_are_found_straight_away(client, paralegal):
    # On PostgreSQL the search document is kept current by triggers; these are the writes that
    # must reach it: a duty reworded in the catalogue, added to and removed from a role.
    duty = Duty.objects.get(name__startswith="Research statutes")
    duty.name = "Research regulations and precedent"
    duty.save()
    assert found_titles(search(client, "precedent")) == ["Paralegal"]
    assert found_titles(search(client, "statutes")) == []

    add_duty(paralegal, make_duty("Summarise depositions"), order=2)
    assert found_titles(search(client, "depositions")) == ["Paralegal"]
    paralegal.role_duties.filter(duty__name="Summarise depositions").delete()
    assert found_titles(search(client, "depositions")) == []

    qualification = Qualification.objects.get(name__startswith="NALA")
    qualification.description = "Renewed with continuing education in ethics."
    qualification.save()
    assert found_titles(search(client, "ethics")) == ["Paralegal"]

    paralegal.title = "Senior paralegal"
    paralegal.save()
    assert found_titles(search(client, "senior")) == ["Senior paralegal"]


def test_the_guides_own_content_is_searchable_once_loaded(client, shipped_content):
    html = search(client, "NALA certified")
    assert "Paralegal" in found_titles(html)
    assert any(
        reason.startswith("Qualification: <mark>NALA</mark> <mark>Certified</mark> Paralegal (CP)")
        for reason in reasons(html)
    )


def test_results_page_query_count_does_not_grow_with_results_or_matched_duties(
    client, django_assert_num_queries
):
    def add_roles(count, duties_each):
        for _ in range(count):
            role = make_role(summary=summary("Handles estates after a death."))
            for _ in range(duties_each):
                add_duty(role, make_duty(name=None, description="Probate paperwork."))
                add_qualification(role, make_qualification(description="Probate law."))

    add_roles(1, 1)
    # Queries: the postings of "probate" and "law"; this page's roles with their field; their
    # duties (where "probate" is found first); their qualifications (the only place with "law").
    with django_assert_num_queries(4):
        search(client, "probate law")
    add_roles(RESULTS_PER_PAGE + 5, 6)
    with django_assert_num_queries(4):
        html = search(client, "probate law")
    assert len(found_titles(html)) == RESULTS_PER_PAGE
    assert "and 3 more matching duties" in html
    assert "and 3 more matching qualifications" in html


def test_a_search_with_no_results_makes_two_queries(client, paralegal, django_assert_num_queries):
    # Queries: the postings of "astronaut" (none); the words it may be a misspelling of (none
    # near enough); nothing else, since no job is shown.
    with django_assert_num_queries(2):
        search(client, "astronaut")


# Occupations and roles in one list.


def test_an_alternate_title_finds_the_occupation_and_says_so(client, catalogue):
    # "Attorney" is not in the lawyers' title, only among the other names O*NET gives them.
    html = search(client, "attorney")
    assert found_titles(html)[0] == "Lawyers"
    first = results(html)[0]
    assert '<a href="/occupations/lawyers/">' in first
    assert "Occupation (O*NET-SOC 23-1011.00)" in first
    assert '<span class="search-where">Also called</span>: <mark>Attorney</mark></li>' in first


def test_an_abbreviation_finds_the_occupation_it_stands_for(client, catalogue):
    html = search(client, "RN")
    assert found_titles(html)[0] == title_of(REGISTERED_NURSES)
    first = results(html)[0]
    # "RN" is itself among the nurses' alternate (short) titles, and a synonym of their title.
    assert "<mark>Registered Nurses</mark>" in first
    assert "<mark>RN</mark>" in first


def test_a_synonym_finds_the_occupation_by_its_official_title(client, catalogue):
    # A title holding only the synonym ranks below one that also holds the reader's own word.
    make_role("Police dispatcher")
    html = search(client, "cop")
    assert found_titles(html)[:2] == [title_of(POLICE_OFFICERS), "Police dispatcher"]
    first = results(html)[0]
    assert "<mark>Police</mark> and Sheriff&#x27;s Patrol Officers" in first
    assert '<span class="search-where">Also called</span>: <mark>Cop</mark></li>' in first


def test_one_misspelled_word_is_corrected_and_the_page_says_so(client, catalogue):
    html = search(client, "paralgal")
    assert found_titles(html)[0] == title_of(PARALEGALS)
    assert "Showing results for <strong>paralegal</strong>" in html
    # The box keeps what the reader typed.
    assert 'value="paralgal"' in html


def test_a_misspelling_beside_a_correct_word_is_corrected_alone(client, catalogue):
    html = search(client, "corporate paralgal")
    assert found_titles(html) == [title_of(PARALEGALS)]
    assert "Showing results for <strong>corporate paralegal</strong>" in html


def test_a_known_word_is_never_corrected(client, catalogue):
    # "lawyers attorney clerk" matches nothing together, but every word is in the catalogue.
    html = search(client, "ABA")
    assert "Showing results for" not in html
    html = search(client, "cardiologist paralegal")
    assert found_titles(html) == []
    assert "Showing results for" not in html


def test_whole_words_only_so_aba_is_not_found_inside_database(client, catalogue):
    aba = make_role(
        "Behaviour technician",
        summary=summary("Delivers applied behaviour analysis (ABA) sessions to children."),
    )
    found = found_titles(search(client, "ABA"))
    assert found == [aba.title]
    assert title_of(DATABASE_ADMINISTRATORS) not in found
    assert title_of(DATABASE_ADMINISTRATORS) in found_titles(search(client, "database"))


def test_titles_rank_above_other_names_descriptions_and_tasks(client, catalogue):
    html = search(client, "database")
    assert found_titles(html)[0] == title_of(DATABASE_ADMINISTRATORS)
    first, *others = results(html)
    assert '<span class="search-where">Title</span>' in first
    assert others
    for other in others:
        assert '<span class="search-where">Title</span>' not in other
    # Those found only in a task come last.
    where = [re.findall(r'<span class="search-where">(.*?)</span>', other) for other in others]
    assert where[-1] == ["Task"] * len(where[-1])


def test_roles_and_occupations_come_back_in_one_list(client, catalogue):
    make_role("Paralegal", summary=summary("Does legal work under a lawyer's supervision."))
    html = search(client, "paralegal")
    found = found_titles(html)
    assert found[:2] == ["Paralegal", title_of(PARALEGALS)]
    role, occupation = results(html)[:2]
    assert '<a href="/roles/paralegal/">' in role and "Guide role" in role
    assert '<a href="/occupations/paralegals-and-legal-assistants/">' in occupation
    assert f"{len(found)} jobs match" in html


def test_every_result_says_why_it_matched(client, catalogue):
    html = search(client, "court")
    shown = results(html)
    assert len(shown) > 3
    for result in shown:
        assert '<span class="search-where">' in result
        assert "<mark>" in result


# Synonyms and word forms, kept as data in roles/data/search/synonyms.toml.


def test_pay_salary_and_wage_find_the_same_jobs(client, catalogue):
    make_role("Payroll assistant", summary=summary("Works out each employee's salary every month."))
    make_role("Wages clerk", summary=summary("Answers questions about wages and deductions."))
    make_role("Bookkeeper", summary=summary("Makes sure suppliers get their pay on time."))
    found = {word: set(found_titles(search(client, word))) for word in ("salary", "pay", "wages")}
    assert found["salary"] == found["pay"] == found["wages"]
    assert {"Payroll assistant", "Wages clerk", "Bookkeeper"} <= found["pay"]
    # The reader's own word ranks above a synonym found in the same place.
    assert found_titles(search(client, "wage"))[0] == "Wages clerk"


def test_work_from_home_and_its_synonyms_find_the_same_jobs(client):
    home = make_role("Claims handler", summary=summary("Most handlers work from home."))
    remote = make_role("Virtual assistant", summary=summary("A fully remote job for a firm."))
    setting = make_role("Records clerk")
    setting.work_settings.add(
        WorkSetting.objects.create(name="Remote", slug="remote", is_remote=True)
    )
    # Both words, but not side by side: no sign the job can be done from home.
    make_role("Home carer", summary=summary("Carers work in clients' own homes every day."))
    expected = {home.title, remote.title, setting.title}
    for query in ("work from home", "telework", "working from home", "work remotely"):
        assert set(found_titles(search(client, query))) == expected, query
    html = search(client, "telework")
    assert "Most handlers <mark>work from home</mark>." in html
    assert "Work setting</span>: Remote (<mark>remote work</mark>)" in html
    # In quotes, exactly those words: no synonyms.
    assert found_titles(search(client, '"work from home"')) == [home.title]


def test_a_bare_remote_is_the_word_not_the_arrangement(client, catalogue):
    remote = make_role("Virtual assistant", summary=summary("A fully remote job for a firm."))
    home = make_role("Claims handler", summary=summary("Most handlers work from home."))
    found = found_titles(search(client, "remote"))
    assert remote.title in found and home.title not in found


def test_a_synonym_is_not_taken_for_a_misspelling(client, catalogue):
    html = search(client, "telecommute")
    assert "Showing results for" not in html
    assert "No jobs match “telecommute”" in html


# Who sees what, and keeping the index current.


def test_drafts_and_retired_occupations_are_hidden_from_readers(client, editor, catalogue):
    make_role("Draft attorney liaison", status=Status.DRAFT, summary=summary("Works with lawyers."))
    Occupation.objects.filter(code=LAWYERS).update(status=Status.DRAFT)
    Occupation.objects.filter(code=PARALEGALS).update(retired=True)
    found = found_titles(search(client, "attorney"))
    assert "Lawyers" not in found and "Draft attorney liaison" not in found
    assert title_of(PARALEGALS) not in found_titles(search(client, "paralegal"))
    client.force_login(editor)
    html = search(client, "attorney")
    assert {"Lawyers", "Draft attorney liaison"} <= set(found_titles(html))
    assert "Draft: visible to editors only" in html
    # Retired occupations stay out for editors too, as on every other page.
    assert title_of(PARALEGALS) not in found_titles(search(client, "paralegal"))


def role_form(role, **changes):
    """A role's admin change form as an editor posts it, with no inline rows."""
    data = {
        "title": role.title,
        "slug": role.slug,
        "field": role.field_id,
        "status": role.status,
        "summary": role.summary,
        "primary_focus": role.primary_focus,
        "overview": role.overview,
        "other_titles": role.other_titles,
        "occupation": "",
        "occupation_relation": role.occupation_relation,
        "occupation_note": "",
        "entry_education": role.entry_education,
        "figures_note": "",
    }
    for prefix in ["role_duties", "role_qualifications", "figures", "moves"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_an_editors_new_title_is_searchable_as_soon_as_it_is_saved(editor_client, paralegal):
    url = reverse("admin:roles_role_change", args=[paralegal.pk])
    data = role_form(paralegal, title="Conveyancing paralegal")
    data["editing_version"] = editing_version(editor_client, url)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found_titles(search(Client(), "conveyancing")) == ["Conveyancing paralegal"]


def test_an_editors_improved_occupation_description_is_searchable(editor_client, catalogue):
    occupation = Occupation.objects.get(code=PARALEGALS)
    url = reverse("admin:roles_occupation_change", args=[occupation.pk])
    response = editor_client.post(
        url,
        {
            "title": occupation.title,
            "description": "Paralegals prepare pleadings and keep the firm's chronologies.",
            "overview": "",
            "status": "published",
            "editing_version": editing_version(editor_client, url),
        },
    )
    assert response.status_code == 302
    html = search(Client(), "chronologies")
    assert found_titles(html) == [occupation.title]
    assert '<span class="search-where">Description</span>' in html


def test_deleting_a_role_with_duties_removes_it_from_search(client, paralegal):
    paralegal.delete()
    assert found_titles(search(client, "statutes")) == []
    assert not Role.objects.exists()


def test_an_import_that_retires_an_occupation_takes_it_out_of_the_index(
    client, catalogue, tmp_path
):
    import_onet(copy_extract(tmp_path / "onet", without={LAWYERS}))
    assert not SearchPosting.objects.filter(occupation__code=LAWYERS).exists()
    assert "Lawyers" not in found_titles(search(client, "attorney"))
    import_onet(ONET_EXTRACT)
    assert found_titles(search(client, "attorney"))[0] == "Lawyers"


def test_an_import_that_changes_nothing_leaves_the_index_alone(catalogue):
    before = set(SearchPosting.objects.values_list("pk", "stem", "places", "positions"))
    import_onet(ONET_EXTRACT)
    assert set(SearchPosting.objects.values_list("pk", "stem", "places", "positions")) == before


def test_content_loaded_onto_a_catalogue_imported_before_the_index_existed_indexes_it(
    client, catalogue
):
    SearchPosting.objects.all().delete()
    SearchWord.objects.all().delete()
    load_content()
    found = found_titles(search(client, "attorney"))
    assert found[0] == "Lawyers"
    assert "Paralegal" in found_titles(search(client, "paralegal"))
    assert "Showing results for <strong>paralegal</strong>" in search(client, "paralgal")


# Query counts.


def test_a_page_of_occupations_and_roles_makes_a_fixed_number_of_queries(
    client, catalogue, django_assert_num_queries
):
    role = make_role("Legal clerk", summary=summary("Files legal papers."))
    add_duty(role, make_duty("Prepare legal forms"))
    add_qualification(role, make_qualification("Legal studies certificate"))
    # Queries: the postings of "legal"; this page's occupations with their field; its roles with
    # their field; the alternate titles of the occupations whose other names explain the match;
    # the tasks of those only their tasks explain. Reported titles, duties and qualifications
    # would make three more, at most, however many jobs match.
    with django_assert_num_queries(5):
        html = search(client, "legal")
    assert found_titles(html)[0] == "Legal clerk" and len(found_titles(html)) > 10


def test_a_corrected_search_makes_two_more_queries(client, catalogue, django_assert_num_queries):
    # Queries: the postings of "paralgal" (none); the words it may stand for; the postings of
    # "paralegal"; this page's occupations with their field; the alternate titles of the one
    # whose title does not say "paralegal".
    with django_assert_num_queries(5):
        search(client, "paralgal")


@pytest.mark.parametrize("size", [10, 1016])
def test_search_query_count_does_not_grow_with_the_catalogue(
    client, django_assert_num_queries, size
):
    grow_catalogue(size)
    rebuild_search_index()
    # Queries: the postings of "occupation"; this page's occupations with their field (their
    # titles explain every match).
    with django_assert_num_queries(2):
        html = client.get("/search/", {"q": "occupation"}).content.decode()
    assert len(found_titles(html)) == min(size, RESULTS_PER_PAGE)
    assert f"{size} jobs match" in html


def test_the_rebuild_command_restores_an_emptied_index(client, catalogue):
    SearchPosting.objects.all().delete()
    SearchWord.objects.all().delete()
    assert title_of(LAWYERS) not in found_titles(search(client, "attorney"))
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Search index rebuilt:" in out.getvalue()
    assert found_titles(search(client, "attorney"))[0] == title_of(LAWYERS)


def test_a_roles_work_settings_are_searchable_as_soon_as_they_change(client):
    role = make_role("Records clerk")
    remote = WorkSetting.objects.create(name="Remote", slug="remote", is_remote=True)
    assert role.title not in found_titles(search(client, "work from home"))
    role.work_settings.add(remote)
    assert role.title in found_titles(search(client, "work from home"))
    remote.roles.clear()
    assert role.title not in found_titles(search(client, "work from home"))
