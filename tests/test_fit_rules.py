"""The fit helper's ranking rules, as a careers counselor would apply them: the experience a role
asks for, a must, pay as a top priority, and outlook in BLS's words. Small made-up roles, so each
test shows one rule at work."""

import re

import pytest

from roles.models import LabourFigure, Qualification
from tests.conftest import (
    add_duty,
    add_figure,
    add_qualification,
    legal_fit_questions,
    make_duty,
    make_qualification,
    make_role,
    make_work_setting,
)
from tests.test_fit_catalogue import ranked_titles, text_of

pytestmark = pytest.mark.django_db

URL = "/fit/"
EXPERIENCE_LEGEND = "Which of these kinds of experience do you already have?"


@pytest.fixture(autouse=True)
def _legal_questions(legal_field):
    legal_fit_questions()


def match_text(response, title):
    """One job's results entry as a reader reads it, up to the next job."""
    html = response.content.decode()
    start = html.index(f">{title}</a></h3>")
    end = html.find('<li class="fit-match">', start)
    return text_of(html[start : end if end != -1 else html.index("</ol>", start)])


def results_intro(response):
    html = response.content.decode()
    start = html.index('<h2 id="results-heading">')
    return text_of(html[start : html.index("</p>", start)])


def give_duties(role, kind, count):
    for i in range(count):
        add_duty(role, make_duty(kind=kind), order=i)


def remote_setting():
    remote = make_work_setting("Remote")
    remote.is_remote = True
    remote.save()
    return remote


@pytest.fixture
def experience_roles(legal_field):
    """Three roles asking for law-office experience at each level, and one asking for none."""
    law_office = make_qualification(
        "Experience in a law office",
        kind=Qualification.Kind.EXPERIENCE,
        slug="law-office-experience",
        description="Time spent in any legal support job.",
    )
    typing = make_qualification("Accurate typing", slug="accurate-typing")
    roles = {}
    for title, level in [
        ("Senior coordinator", "required"),
        ("Office assistant", "preferred"),
        ("Records clerk", "helpful"),
        ("Trainee", None),
    ]:
        role = make_role(title, field=legal_field)
        give_duties(role, "administrative", 2)
        add_qualification(role, typing)
        if level:
            add_qualification(role, law_office, level=level, order=1)
        roles[title] = role
    return roles


def test_the_experience_question_offers_each_kind_the_roles_require_or_prefer(
    client, experience_roles
):
    call_handling = make_qualification(
        "Call-handling experience", kind=Qualification.Kind.EXPERIENCE, slug="call-handling"
    )
    add_qualification(experience_roles["Trainee"], call_handling, level="preferred", order=2)
    # Only ever helpful: it cannot change a role's fit, so it is not asked about.
    courtroom = make_qualification("Courtroom experience", kind=Qualification.Kind.EXPERIENCE)
    add_qualification(experience_roles["Records clerk"], courtroom, level="helpful", order=3)
    html = client.get(URL).content.decode()
    start = html.index(EXPERIENCE_LEGEND)
    fieldset = html[start : html.index("</fieldset>", start)]
    assert re.findall(r'type="checkbox" id="fit-experience-([^"]+)"', fieldset) == [
        "call-handling",
        "law-office-experience",
        "none",
    ]
    assert "Experience in a law office</strong>: Time spent in any legal support job." in fieldset
    assert "None of these yet" in fieldset
    assert "Courtroom experience" not in fieldset
    # It can be the answer that matters most, like any other.
    assert 'id="fit-first-experience" name="first" value="experience"' in html


def test_a_field_whose_roles_ask_for_no_experience_is_not_asked_about_it(client, legal_field):
    give_duties(make_role("Beginner job", field=legal_field), "administrative", 2)
    html = client.get(URL).content.decode()
    assert EXPERIENCE_LEGEND not in html
    assert "fit-first-experience" not in html


def test_experience_a_reader_lacks_is_a_poor_fit_where_required_and_partial_where_preferred(
    client, experience_roles
):
    response = client.get(URL, {"experience": "none"})
    assert ranked_titles(response) == [
        "Records clerk",
        "Trainee",
        "Office assistant",
        "Senior coordinator",
    ]
    # Each reason names the experience at the level its role page gives it.
    assert (
        "Poor fit Experience: Required: Experience in a law office — you don't have it yet."
        in match_text(response, "Senior coordinator")
    )
    assert (
        "Partial fit Experience: Preferred: Experience in a law office — you don't have it yet."
        in match_text(response, "Office assistant")
    )
    assert "Good fit Experience: Helpful: Experience in a law office." in match_text(
        response, "Records clerk"
    )
    assert "Good fit Experience: It asks for no experience." in match_text(response, "Trainee")


def test_a_reader_with_the_required_experience_fits_every_role(client, experience_roles):
    response = client.get(URL, {"experience": "law-office-experience"})
    assert "Good fit Experience: Required: Experience in a law office — you have it." in match_text(
        response, "Senior coordinator"
    )
    for title in experience_roles:
        assert "100% match" in match_text(response, title)


def test_a_role_listing_no_qualifications_has_no_data_on_experience(client, experience_roles):
    make_role("Unlisted job", field=experience_roles["Trainee"].field)
    response = client.get(URL, {"experience": "none"})
    assert ranked_titles(response)[-1] == "Unlisted job"
    assert "No data Experience: It lists no qualifications yet." in match_text(
        response, "Unlisted job"
    )


def test_required_experience_is_shown_when_the_reader_skips_the_question(client, experience_roles):
    response = client.get(URL, {"work": "office"})
    assert (
        "Required experience: Experience in a law office. You skipped the experience question, "
        "so it doesn't count here." in match_text(response, "Senior coordinator")
    )
    assert "Required experience" not in match_text(response, "Office assistant")
    answered = client.get(URL, {"work": "office", "experience": "none"})
    assert "You skipped the experience question" not in answered.content.decode()


def test_none_of_these_ticked_with_an_experience_is_ignored_with_a_note(client, experience_roles):
    response = client.get(URL + "?experience=none&experience=law-office-experience&work=office")
    text = text_of(response.content.decode())
    assert f"You ticked “None of these yet” with another answer to “{EXPERIENCE_LEGEND}”" in text
    assert "on 1 of 9 answers" in text
    assert "Experience:" not in match_text(response, "Trainee")


def test_a_must_puts_every_job_that_meets_it_first_whatever_the_scores(client, legal_field):
    at_home = make_role("Home researcher", field=legal_field)
    give_duties(at_home, "research", 3)
    at_home.work_settings.add(remote_setting())
    in_office = make_role("Office manager", field=legal_field)
    give_duties(in_office, "administrative", 3)
    in_office.work_settings.add(make_work_setting("Law firms"))
    add_figure(in_office, LabourFigure.Metric.MEDIAN_PAY, "60000")
    answers = {"work": "office", "pay": "moderate", "coordination": "no"}
    # Remote work that is only nice to have leaves the office job ahead on its other answers...
    assert ranked_titles(client.get(URL, {**answers, "remote": "nice"})) == [
        "Office manager",
        "Home researcher",
    ]
    # ...but a must comes before any score.
    response = client.get(URL, {**answers, "remote": "essential"})
    assert ranked_titles(response) == ["Home researcher", "Office manager"]
    home, office = (match_text(response, title) for title in ["Home researcher", "Office manager"])
    assert int(re.search(r"(\d+)% match", home)[1]) < int(re.search(r"(\d+)% match", office)[1])
    assert (
        "Jobs that fit your answer on remote work come before those that don't, since you said "
        "it's a must." in results_intro(response)
    )


def test_a_top_priority_on_pay_puts_every_job_with_a_pay_figure_first(client, legal_field):
    unpublished = make_role("Unpublished pay", field=legal_field)
    give_duties(unpublished, "administrative", 3)
    published = make_role("Published pay", field=legal_field)
    give_duties(published, "research", 3)
    add_figure(published, LabourFigure.Metric.MEDIAN_PAY, "38000")
    # For a reader to whom pay matters somewhat, the office work decides...
    assert ranked_titles(client.get(URL, {"work": "office", "pay": "moderate"})) == [
        "Unpublished pay",
        "Published pay",
    ]
    # ...but pay that nobody publishes cannot meet a top priority.
    response = client.get(URL, {"work": "office", "pay": "high"})
    assert ranked_titles(response) == ["Published pay", "Unpublished pay"]
    assert "No data Pay: There is no published pay figure for this role." in match_text(
        response, "Unpublished pay"
    )
    assert (
        "Jobs with a published pay figure come before those without one, since you said pay is a "
        "top priority." in results_intro(response)
    )


def test_the_answer_that_matters_most_comes_before_a_must_and_a_top_priority(client, legal_field):
    researcher = make_role("Researcher", field=legal_field)
    give_duties(researcher, "research", 3)
    researcher.work_settings.add(make_work_setting("Courts"))
    typist = make_role("Home typist", field=legal_field)
    give_duties(typist, "administrative", 3)
    typist.work_settings.add(remote_setting())
    add_figure(typist, LabourFigure.Metric.MEDIAN_PAY, "40000")
    answers = {"work": "legal", "remote": "essential", "pay": "high"}
    assert ranked_titles(client.get(URL, answers)) == ["Home typist", "Researcher"]
    response = client.get(URL, {**answers, "first": "work"})
    assert ranked_titles(response) == ["Researcher", "Home typist"]
    intro = results_intro(response)
    assert "Jobs that fit the answer you said matters most (legal or office work) come first" in (
        intro
    )
    assert "After that, jobs that fit your answer on remote work come before those" in intro
    assert "After that, jobs with a published pay figure come before those without one" in intro


@pytest.mark.parametrize(
    ("growth", "verdict", "words"),
    [
        ("9", "Good fit", "much faster than average"),
        ("5", "Good fit", "faster than average"),
        ("3", "Partial fit", "as fast as average"),
        ("1", "Poor fit", "slower than average"),
        ("0", "Poor fit", "little or no change"),
    ],
)
def test_outlook_is_judged_and_worded_in_blss_categories(
    client, legal_field, growth, verdict, words
):
    role = make_role("Projected role", field=legal_field)
    add_figure(role, LabourFigure.Metric.GROWTH, growth, period_end=2033)
    text = match_text(client.get(URL, {"outlook": "high"}), "Projected role")
    assert f"{verdict} Outlook: Job outlook: {words}, +{growth}% (2023–2033)" in text
