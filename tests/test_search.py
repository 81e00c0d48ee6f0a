"""Searching roles from the header box: what is found, in what order, and why each role matched."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from roles.discover.search import MAX_QUERY_LENGTH, RESULTS_PER_PAGE
from roles.models import Duty, Qualification, Status
from tests.conftest import (
    add_duty,
    add_qualification,
    grow_catalogue,
    make_duty,
    make_qualification,
    make_role,
)

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


def search(client, q, **params):
    response = client.get(reverse("roles:search"), {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def found_titles(html):
    """Result titles in the order shown, with the highlighting taken out."""
    headings = re.findall(r'<li class="search-result">\s*<h2><a href="[^"]*">(.*?)</a>', html, re.S)
    return [re.sub(r"</?mark>", "", heading) for heading in headings]


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
    found = reasons(html)
    assert "Title" in found
    assert "Also called: Corporate <mark>paralegal</mark>" in found
    assert "Duty: <mark>Research</mark> statutes, case law and regulations" in found


def test_roles_are_ranked_by_where_the_word_was_found(client):
    # Titles chosen so alphabetical order would be the reverse of the expected ranking.
    in_duty = make_role("Archivist", summary=summary("Looks after old files."))
    add_duty(in_duty, make_duty("Index probate records"))
    make_role("Bookkeeper", summary=summary("Handles probate accounts and the firm's ledgers."))
    make_role("Probate clerk", summary=summary("Handles estates after a death."))
    assert found_titles(search(client, "probate")) == ["Probate clerk", "Bookkeeper", "Archivist"]


def test_without_full_text_search_other_titles_outrank_summaries_and_duties_outrank_qualifications(
    client,
):
    # PostgreSQL weighs other titles with summaries (B) and duties with qualifications (C).
    in_qualification = make_role("Alpha", summary=summary("Keeps files in order."))
    add_qualification(in_qualification, make_qualification("Conveyancing certificate"))
    in_duty = make_role("Bravo", summary=summary("Keeps files in order."))
    add_duty(in_duty, make_duty("Prepare conveyancing documents"))
    make_role("Charlie", summary=summary("Supports conveyancing lawyers."))
    make_role("Delta", summary=summary("Keeps files in order."), other_titles="Conveyancing clerk")
    titles = found_titles(search(client, "conveyancing"))
    if ON_POSTGRESQL:
        assert set(titles[:2]) == {"Charlie", "Delta"} and set(titles[2:]) == {"Alpha", "Bravo"}
    else:
        assert titles == ["Delta", "Charlie", "Bravo", "Alpha"]


def test_websearch_phrases_exclusions_and_or(client):
    phrase = make_role("Research clerk", summary=summary("Does legal research for the partners."))
    apart = make_role(
        "Records clerk", summary=summary("Keeps legal files and can research a client's history.")
    )
    excluded = make_role("Legal secretary", summary=summary("Also does some legal research."))
    both = found_titles(search(client, '"legal research" -secretary'))
    if ON_POSTGRESQL:
        # websearch_to_tsquery: the words side by side, and never "secretary".
        assert both == [phrase.title]
        assert set(found_titles(search(client, "records or secretary"))) == {
            apart.title,
            excluded.title,
        }
    else:
        # The plain-word fallback: quotes are ignored, a leading minus still leaves a word out.
        assert set(both) == {phrase.title, apart.title}
        assert found_titles(search(client, "records or secretary")) == []


def test_full_text_search_matches_other_forms_of_a_word(client, paralegal):
    found = found_titles(search(client, "researching statute"))
    if ON_POSTGRESQL:
        assert found == ["Paralegal"]
    else:
        # The fallback looks for the letters as typed.
        assert found == []


def test_matched_words_are_highlighted_and_editors_text_is_escaped(client):
    role = make_role(
        "Filing clerk",
        summary=summary("Files <script>alert('summary')</script> papers & pleadings."),
    )
    add_duty(role, make_duty("File pleadings <b>on time</b>"))
    html = search(client, "pleadings")
    assert "<script>" not in html and "<b>on time" not in html
    assert (
        "&lt;script&gt;alert(&#x27;summary&#x27;)&lt;/script&gt; papers &amp; <mark>pleadings</mark>"
        in html
    )
    assert "Duty: File <mark>pleadings</mark> &lt;b&gt;on time&lt;/b&gt;" in reasons(html)


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
    assert "No roles match “astronaut”" in html
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
    assert f"{RESULTS_PER_PAGE + 3} roles match" in first
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
            role = make_role(summary=summary("Handles probate work."))
            for _ in range(duties_each):
                add_duty(role, make_duty(name=None, description="Probate paperwork."))
                add_qualification(role, make_qualification(description="Probate law."))

    add_roles(1, 1)
    # Queries: the count of matching roles; this page of them with their field; their matching
    # duties; their matching qualifications; the matching occupations (none here).
    with django_assert_num_queries(5):
        search(client, "probate")
    add_roles(RESULTS_PER_PAGE + 5, 6)
    with django_assert_num_queries(5):
        html = search(client, "probate")
    assert len(found_titles(html)) == RESULTS_PER_PAGE
    assert "and 3 more matching duties" in html


def test_a_search_with_no_results_makes_two_queries(client, paralegal, django_assert_num_queries):
    # Queries: the count of matching roles (no page of results to fetch); matching occupations.
    with django_assert_num_queries(2):
        search(client, "astronaut")


def test_occupations_are_found_by_their_titles_and_the_other_names_onet_gives_them(
    client, catalogue
):
    html = search(client, "paralegal")
    section = html[html.index('id="occupation-results-heading"') :]
    assert '<a href="/occupations/paralegals-and-legal-assistants/">' in section
    assert "<mark>Paralegal</mark>s and Legal Assistants" in section
    # "Attorney" is not in the lawyers' title, only among their alternate titles.
    attorney = search(client, "attorney")
    section = attorney[attorney.index('id="occupation-results-heading"') :]
    assert '<a href="/occupations/lawyers/">' in section
    assert "Also called:" in section and "<mark>Attorney</mark>" in section


def test_an_occupation_search_with_no_match_says_so(client, catalogue):
    html = search(client, "zyzzyva")
    assert "No occupation’s title, or any other name O*NET gives it, holds all of these words." in (
        html
    )


@pytest.mark.parametrize("size", [10, 1016])
def test_search_query_count_does_not_grow_with_the_catalogue(
    client, django_assert_num_queries, size
):
    grow_catalogue(size)
    # Queries: the count of matching roles; the matching occupations (capped); their matching
    # alternate titles.
    with django_assert_num_queries(3):
        assert client.get("/search/", {"q": "occupation"}).status_code == 200
