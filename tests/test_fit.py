"""The fit helper: a field's own questions (data) and the shared ones on one GET form, and roles
ranked by their own data, with reasons."""

import re
from html import unescape

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from roles.compare.selection import compare_url
from roles.discover.fit import (
    ROLE_QUESTIONS,
    SHARED_QUESTIONS,
    JobFacts,
    Scope,
    field_questions,
    questions_for,
    rank_jobs,
    read_answers,
)
from roles.importers.content import load_content
from roles.models import DutyKind, FitOption, FitQuestion, LabourFigure, Role, Status
from tests.browser import chromium_page
from tests.catalogue import load_test_catalogue
from tests.conftest import (
    add_duty,
    add_figure,
    grow_profile,
    legal_fit_questions,
    make_duty,
    make_field,
    make_role,
    make_source,
    make_work_setting,
)

pytestmark = pytest.mark.django_db

URL = "/fit/"
# The legal support field's own three questions, the four every field shares, and remote work.
QUESTION_COUNT = 8


@pytest.fixture(autouse=True)
def _legal_questions(request):
    # The legal support field's questions are content: load them as the shipped files define them.
    if "legal_field" in request.fixturenames:
        legal_fit_questions()


def give_duties(role, kind, count, emphasis="core"):
    for i in range(count):
        add_duty(role, make_duty(kind=kind), emphasis=emphasis, order=i)


@pytest.fixture
def researcher_and_secretary(legal_field):
    """A research-heavy role needing an associate degree and an office-heavy one that doesn't."""
    researcher = make_role(
        "Research paralegal", field=legal_field, entry_education=Role.Education.ASSOCIATE
    )
    give_duties(researcher, "research", 3)
    give_duties(researcher, "substantive", 2)
    give_duties(researcher, "administrative", 1, emphasis="occasional")
    secretary = make_role(
        "Office secretary", field=legal_field, entry_education=Role.Education.HIGH_SCHOOL
    )
    give_duties(secretary, "administrative", 5)
    give_duties(secretary, "client", 1)
    return researcher, secretary


def page_text(response):
    return unescape(response.content.decode())


def ranked_titles(response):
    """Role titles in the order the results list them."""
    html = page_text(response)
    if 'class="fit-matches"' not in html:
        return []
    results = html[
        html.index('class="fit-matches"') : html.index("</ol>", html.index("fit-matches"))
    ]
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', results)


def match_block(response, title):
    """The results entry for one role: its heading, score and reasons."""
    html = page_text(response)
    start = html.index(f">{title}</a></h3>")
    return html[start : html.index("</ul>", start)]


def test_the_form_is_one_get_form_with_every_question_in_a_labelled_fieldset(
    client, researcher_and_secretary
):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<form class="fit-form"') == 1
    start = html.index('<form class="fit-form"')
    form = html[start : html.index("</form>", start)]
    assert 'method="get"' in form
    # Every question, then "Which of your answers matters most?".
    assert form.count("<fieldset") == QUESTION_COUNT + 1 == form.count("<legend>")
    for legend in [*FitQuestion.objects.values_list("legend", flat=True)] + [
        question.legend for question in (*SHARED_QUESTIONS, *ROLE_QUESTIONS)
    ]:
        assert legend in unescape(form)
    assert "Which of your answers matters most?" in form
    input_ids = re.findall(r'<input type="(?:radio|checkbox)" id="([^"]+)"', form)
    label_fors = set(re.findall(r'<label for="([^"]+)"', form))
    assert len(input_ids) > QUESTION_COUNT and set(input_ids) <= label_fors
    assert 'type="submit"' in form
    assert "Your matches" not in html


def test_the_page_with_no_answers_ranks_nothing(
    client, django_assert_num_queries, researcher_and_secretary
):
    # Queries: the fields with roles; the field's questions; their answers; the answers' duty
    # kinds; the kinds of experience its roles ask for. Nothing is ranked until something is
    # answered.
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200


def test_wanting_research_and_an_associate_degree_puts_the_research_role_first(
    client, researcher_and_secretary
):
    response = client.get(URL, {"work": "legal", "education": "associate"})
    assert ranked_titles(response) == ["Research paralegal", "Office secretary"]


def test_wanting_office_work_and_no_more_education_puts_the_office_role_first(
    client, researcher_and_secretary
):
    response = client.get(URL, {"work": "office", "education": "none"})
    assert ranked_titles(response) == ["Office secretary", "Research paralegal"]


def test_education_beyond_what_the_reader_will_do_counts_against_a_role(
    client, researcher_and_secretary
):
    assert ranked_titles(client.get(URL, {"education": "short"})) == [
        "Office secretary",
        "Research paralegal",
    ]
    block = match_block(client.get(URL, {"education": "short"}), "Research paralegal")
    assert "Typical entry education: Associate's degree — more than you said you'd do" in block


def test_reasons_quote_each_roles_own_duties_pay_and_settings(client, researcher_and_secretary):
    researcher, secretary = researcher_and_secretary
    source = make_source(name="Occupational Outlook Handbook")
    add_figure(
        researcher,
        LabourFigure.Metric.MEDIAN_PAY,
        "60970",
        source=source,
        population="Paralegals and legal assistants (SOC 23-2011)",
    )
    add_figure(secretary, LabourFigure.Metric.MEDIAN_PAY, "46010", source=source)
    remote = make_work_setting("Remote")
    remote.is_remote = True
    remote.save()
    secretary.work_settings.add(remote, make_work_setting("Law firms"))
    researcher.work_settings.add(make_work_setting("Courts"))
    response = client.get(
        URL,
        {"work": "legal", "clients": "lots", "education": "none", "pay": "high", "remote": "nice"},
    )
    researcher_reasons = match_block(response, "Research paralegal")
    assert (
        "5 of its 6 listed duties (83%) are substantive legal work or research and "
        "investigation" in researcher_reasons
    )
    assert "Median pay $60,970 a year" in researcher_reasons
    assert "Occupational Outlook Handbook</a>, 2023" in researcher_reasons
    assert "covers Paralegals and legal assistants (SOC 23-2011)" in researcher_reasons
    assert "None of its work settings is remote (Courts)" in researcher_reasons
    secretary_reasons = match_block(response, "Office secretary")
    assert "1 of its 6 listed duties (17%) is client communication, a core duty" in (
        secretary_reasons
    )
    assert "Remote is one of its work settings" in secretary_reasons
    assert "Median pay $46,010 a year" in secretary_reasons


def test_a_role_without_a_pay_figure_has_no_data_on_pay_and_earns_nothing_for_it(
    client, legal_field
):
    # It used to count halfway and so beat a role with a lower figure (issue 12).
    for title, pay in [("Well paid", "70000"), ("Unpublished", None), ("Modestly paid", "40000")]:
        role = make_role(title, field=legal_field)
        if pay:
            add_figure(role, LabourFigure.Metric.MEDIAN_PAY, pay)
    response = client.get(URL, {"pay": "high"})
    assert ranked_titles(response) == ["Well paid", "Modestly paid", "Unpublished"]
    block = match_block(response, "Unpublished")
    assert "No data" in block and "There is no published pay figure for this role" in block
    assert "0% match" in block


def test_a_newly_added_role_is_scored_from_its_data_alone(
    client, legal_field, researcher_and_secretary
):
    newcomer = make_role(
        "Litigation support analyst",
        slug="litigation-support-analyst",
        field=legal_field,
        entry_education=Role.Education.POSTSECONDARY_NONDEGREE,
    )
    give_duties(newcomer, "research", 4)
    setting = make_work_setting("Remote-first firms")
    setting.is_remote = True
    setting.save()
    newcomer.work_settings.add(setting)
    response = client.get(URL, {"work": "legal", "education": "short", "remote": "essential"})
    assert ranked_titles(response)[0] == "Litigation support analyst"
    block = match_block(response, "Litigation support analyst")
    assert (
        "4 of its 4 listed duties (100%) are substantive legal work or research and investigation"
        in block
    )
    assert "Remote-first firms is one of its work settings" in block
    assert "Postsecondary certificate — within what you said you'd do" in block


def test_only_a_setting_an_editor_marked_remote_counts_as_remote(client, legal_field):
    home = make_role("Home worker", field=legal_field)
    office = make_role("Office worker", field=legal_field)
    remote = make_work_setting("Anywhere in the US")
    remote.is_remote = True
    remote.save()
    home.work_settings.add(remote)
    office.work_settings.add(make_work_setting("Remote-sounding firm"))
    response = client.get(URL, {"remote": "essential"})
    assert ranked_titles(response) == ["Home worker", "Office worker"]
    assert "None of its work settings is remote" in match_block(response, "Office worker")


def test_client_and_coordination_answers_follow_the_roles_duties(client, legal_field):
    talker = make_role("Intake talker", field=legal_field)
    give_duties(talker, "client", 3)
    give_duties(talker, "administrative", 1)
    juggler = make_role("Deadline juggler", field=legal_field)
    give_duties(juggler, "coordination", 3)
    give_duties(juggler, "administrative", 1)
    assert ranked_titles(client.get(URL, {"clients": "lots"})) == [
        "Intake talker",
        "Deadline juggler",
    ]
    assert ranked_titles(client.get(URL, {"clients": "little", "coordination": "yes"})) == [
        "Deadline juggler",
        "Intake talker",
    ]
    assert ranked_titles(client.get(URL, {"coordination": "no"})) == [
        "Intake talker",
        "Deadline juggler",
    ]


def test_partial_answers_rank_and_skipped_questions_do_not_count(client, researcher_and_secretary):
    response = client.get(URL + "?work=&clients=lots&education=&pay=&remote=&coordination=")
    assert ranked_titles(response) == ["Office secretary", "Research paralegal"]
    text = page_text(response)
    assert "on 1 of 8 answers" in text
    block = match_block(response, "Research paralegal")
    assert "Client contact:" in block
    assert "Education:" not in block
    assert "Pay:" not in block


def test_the_address_reproduces_the_results_and_the_chosen_answers(researcher_and_secretary):
    query = "?work=office&clients=lots&education=none&pay=moderate&remote=nice&coordination=some"
    first = Client().get(URL + query)
    again = Client().get(URL + query)
    assert (
        ranked_titles(first) == ranked_titles(again) == ["Office secretary", "Research paralegal"]
    )
    html = first.content.decode()
    for name, value in QueryDict(query[1:]).items():
        assert re.search(rf'id="fit-{name}-{value}" name="{name}" value="{value}" checked', html)


def test_the_results_link_to_each_role_and_to_a_comparison_of_the_top_matches(client, legal_field):
    roles = [make_role(f"Role {letter}", field=legal_field) for letter in "abcd"]
    for count, role in enumerate(roles, start=1):
        give_duties(role, "research", count)
        give_duties(role, "administrative", 5 - count)
    response = client.get(URL, {"work": "legal"})
    assert ranked_titles(response) == ["Role d", "Role c", "Role b", "Role a"]
    html = response.content.decode()
    for role in roles:
        assert f'href="{role.get_absolute_url()}"' in html
    top_three = compare_url(["role-d", "role-c", "role-b"])
    assert f'href="{top_three}"' in html
    assert "Compare your top 3 side by side" in html
    assert client.get(top_three).status_code == 200


def test_with_one_role_there_is_no_comparison_link(client, legal_field):
    make_role("Only role", field=legal_field)
    response = client.get(URL, {"education": "bachelor"})
    assert ranked_titles(response) == ["Only role"]
    assert "side by side" not in response.content.decode()


def test_unrecognised_answers_are_ignored_with_a_note_and_the_rest_still_count(
    client, researcher_and_secretary
):
    response = client.get(URL, {"work": "banana", "education": "associate", "pay": "lots"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Some answers were ignored" in text
    assert "your answer to “What would you rather spend most of your day on?”" in text
    assert "your answer to “How much does pay matter to you?”" in text
    assert "on 1 of 8 answers" in text
    assert ranked_titles(response) == ["Office secretary", "Research paralegal"]


def test_two_different_answers_to_one_question_are_ignored_with_a_note(
    client, researcher_and_secretary
):
    response = client.get(URL + "?work=legal&work=office&education=none")
    text = page_text(response)
    assert "your answer to “What would you rather spend most of your day on?”" in text
    assert "on 1 of 8 answers" in text


def test_only_unrecognised_answers_show_the_note_and_the_form_without_results(
    client, researcher_and_secretary
):
    response = client.get(URL, {"remote": "sometimes"})
    assert response.status_code == 200
    assert "your answer to “How important is working remotely?”" in page_text(response)
    assert ranked_titles(response) == []


def test_sending_the_form_with_every_question_skipped_asks_for_an_answer(
    client, researcher_and_secretary
):
    response = client.get(URL + "?work=&clients=&education=&pay=&remote=&coordination=")
    assert "Answer at least one to see your matches" in page_text(response)
    assert ranked_titles(response) == []


@pytest.mark.parametrize(
    "query",
    [
        "?work=%00",
        "?work=legal%00",
        "?pay=" + "x" * 5000,
        "?education=%ff%fe&clients=lots",
        "?remote[]=essential",
        "?work=legal&work=legal",
        "?coordination=YES",
        "?clients=%E2%80%AEsome",
    ],
)
def test_odd_query_strings_get_a_page_never_an_error(client, researcher_and_secretary, query):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert '<form class="fit-form"' in response.content.decode()


def test_posting_answers_is_refused_cleanly(client):
    assert client.post(URL, {"work": "legal"}).status_code == 405


def test_draft_roles_are_ranked_for_editors_only(
    editor_client, legal_field, researcher_and_secretary
):
    make_role("Unfinished role", field=legal_field, status=Status.DRAFT)
    reader = Client()
    assert "Unfinished role" not in ranked_titles(reader.get(URL, {"education": "bachelor"}))
    response = editor_client.get(URL, {"education": "bachelor"})
    assert "Unfinished role" in ranked_titles(response)
    assert "Draft: visible to editors only" in response.content.decode()


def test_the_home_page_invites_readers_to_find_their_fit(client):
    html = client.get("/").content.decode()
    assert f'href="{reverse("roles:fit")}"' in html


def test_answers_are_read_as_given_and_unknown_ones_reported(legal_field):
    questions = questions_for(Scope(legal_field), field_questions(legal_field))
    answers, problems = read_answers(
        QueryDict("work=legal&pay=&remote=maybe&utm_source=x&interests=social&interests=realistic"),
        questions,
    )
    # Interests are kept in O*NET's order (RIASEC), whatever order the address gives.
    assert answers == {"work": "legal", "interests": ("realistic", "social")}
    assert [problem.question.name for problem in problems] == ["remote"]


def test_ranking_uses_only_role_data_so_equal_roles_tie_alphabetically(legal_field):
    for title in ["Beta role", "Alpha role"]:
        give_duties(make_role(title, field=legal_field), "client", 2)
    facts = [JobFacts.of_role(role) for role in Role.objects.with_profile()]
    questions = questions_for(Scope(legal_field), field_questions(legal_field))
    matches = rank_jobs(facts, questions, {"clients": "lots", "pay": "low"}).matches
    assert [match.facts.title for match in matches] == ["Alpha role", "Beta role"]
    assert [match.percent for match in matches] == [100, 100]


@pytest.mark.parametrize("size", [2, 15])
def test_query_count_does_not_grow_with_roles_or_duties(
    client, django_assert_num_queries, legal_field, size
):
    for i in range(size):
        grow_profile(make_role(f"Role {i}", field=legal_field), size)
    query = {"work": "legal", "clients": "some", "education": "associate", "pay": "high"}
    query |= {"remote": "nice", "coordination": "yes"}
    # Queries: the fields it can rank; the field's questions; their answers; the answers' duty
    # kinds; the kinds of experience its roles ask for; roles with their occupations; their
    # duties; figures with sources; work settings; qualifications.
    with django_assert_num_queries(10):
        response = client.get(URL, query)
    assert len(ranked_titles(response)) == size


def test_with_the_shipped_roles_research_seekers_and_office_seekers_get_opposite_advice(
    client, shipped_content
):
    legal = ranked_titles(client.get(URL, {"work": "legal", "education": "associate"}))
    office = ranked_titles(client.get(URL, {"work": "office", "education": "none"}))
    assert legal[0] == "Paralegal"
    assert legal.index("Paralegal") < legal.index("Legal secretary")
    assert office.index("Legal secretary") < office.index("Paralegal")
    assert office[-1] == "Paralegal"
    # Every shipped role is ranked, with or without a pay figure.
    assert len(legal) == Role.objects.published().count()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_a_browser_the_form_is_answered_by_its_labels_and_every_state_is_accessible(
    live_server,
):
    load_test_catalogue()
    load_content()
    axe = Axe()
    problems = []
    with chromium_page() as page:
        page.goto(f"{live_server.url}{URL}")
        page.get_by_label(
            "Legal work and research: drafting, digging into facts and the law"
        ).check()
        page.get_by_label(
            "One or two years: vocational school, an apprenticeship or an associate degree"
        ).check()
        page.get_by_label("Investigative: working with ideas").check()
        page.locator("#fit-first-work").check()
        page.get_by_label("A lot: it's a top priority").check()
        page.get_by_role("button", name="Show my matches").click()
        page.wait_for_url("**/fit/?*")
        assert "work=legal" in page.url and "education=associate" in page.url
        assert "interests=investigative" in page.url and "first=work" in page.url
        assert page.get_by_role("heading", name="Your matches").is_visible()
        assert page.locator(".fit-match h3").first.inner_text() == "Paralegal"
        shared_address = page.url
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            every_occupation = (
                f"{live_server.url}{URL}?field=any&interests=social&pay=high&first=pay"
            )
            for address in [
                f"{live_server.url}{URL}",
                shared_address,
                f"{shared_address}&pay=x",
                every_occupation,
            ]:
                page.goto(address)
                for violation in axe.run(page).response["violations"]:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{width}px {address}: {violation['id']} {targets}")
    assert problems == [], "\n".join(problems)


def test_a_second_field_asks_its_own_questions_from_data_alone(client, legal_field):
    give_duties(make_role("Legal role", field=legal_field), "administrative", 2)
    health = make_field(name="Health care", slug="health-care")
    care = DutyKind.objects.create(field=health, name="Patient care", slug="patient-care")
    records = DutyKind.objects.create(field=health, name="Records", slug="records")
    question = FitQuestion.objects.create(
        field=health, slug="patients", legend="How much hands-on care?", topic="Patient care"
    )
    lots = FitOption.objects.create(question=question, value="lots", label="Plenty")
    lots.kinds.set([care])
    nurse = make_role("Nurse", field=health)
    add_duty(nurse, make_duty("Take vital signs", kind=care))
    clerk = make_role("Ward clerk", field=health)
    add_duty(clerk, make_duty("File charts", kind=records))

    chooser = page_text(client.get(URL))
    assert '<select id="fit-field" name="field">' in chooser
    assert "How much hands-on care?" not in chooser  # no field chosen: shared questions only
    response = client.get(URL, {"field": "health-care", "patients": "lots"})
    assert ranked_titles(response) == ["Nurse", "Ward clerk"]  # only the field's roles
    assert "1 of its 1 listed duties (100%) is patient care" in match_block(response, "Nurse")


def test_an_answer_whose_duty_kinds_were_deleted_is_no_longer_offered(client, legal_field):
    give_duties(make_role("Traveller", field=legal_field), "administrative", 1)
    travel = DutyKind.objects.create(field=legal_field, name="Travel", slug="travel")
    question = FitQuestion.objects.create(
        field=legal_field, slug="travel", legend="Do you like to travel?", topic="Travel"
    )
    FitOption.objects.create(question=question, value="yes", label="Yes").kinds.set([travel])
    travel.delete()
    response = client.get(URL, {"travel": "yes", "education": "none"})
    assert response.status_code == 200
    assert "Do you like to travel?" not in page_text(response)
    assert ranked_titles(response) == ["Traveller"]
