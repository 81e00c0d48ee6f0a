"""The fit helper for every field: the shared questions (interests, preparation, pay, outlook)
rank every occupation, one major group's or a curated field's roles, with the reader's most
important answer first. Real O*NET and OEWS rows from the test extract."""

import re
from html import unescape

import pytest
from django.http import QueryDict

from roles.compare.selection import compare_url
from roles.models import LabourFigure, Occupation
from tests.catalogue import (
    ACTORS,
    ELECTRICIANS,
    LAWYERS,
    PARALEGALS,
    REGISTERED_NURSES,
)
from tests.conftest import (
    add_duty,
    add_figure,
    grow_catalogue,
    legal_fit_questions,
    make_duty,
    make_role,
    make_work_setting,
)

pytestmark = pytest.mark.django_db

URL = "/fit/"
SHOWN_MATCHES = 20


def text_of(html):
    """What a reader sees: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def ranked_titles(response):
    """Job titles in the order the results list them."""
    html = response.content.decode()
    if 'class="fit-matches"' not in html:
        return []
    start = html.index('class="fit-matches"')
    results = html[start : html.index("</ol>", start)]
    return [
        unescape(title) for title in re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', results)
    ]


def match_text(response, title):
    """One job's results entry as a reader reads it: heading, score and reasons."""
    html = unescape(response.content.decode())
    start = html.index(f">{title}</a></h3>")
    return text_of(html[start : html.index("</ul>", start)])


def title_of(code):
    return Occupation.objects.get(code=code).title


def ask(client, **answers):
    """The results page for these answers (lists give several values, as checkboxes do)."""
    query = QueryDict(mutable=True)
    for name, value in answers.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return client.get(f"{URL}?{query.urlencode()}")


def test_any_field_asks_the_four_shared_questions_and_explains_each_interest(client, catalogue):
    response = client.get(URL, {"field": "any"})
    html = response.content.decode()
    start = html.index('<form class="fit-form"')
    form = html[start : html.index("</form>", start)]
    # Interests, preparation, pay, outlook, then which answer matters most.
    assert form.count("<fieldset") == 5 == form.count("<legend>")
    assert '<option value="any" selected>Any field: every occupation</option>' in form
    assert form.count('type="checkbox" ') == 6
    text = text_of(form)
    for explained in [
        "Realistic: hands-on work with tools, machines",
        "Investigative: working with ideas",
        "Artistic: creating and expressing",
        "Social: helping people",
        "Enterprising: leading and persuading",
        "Conventional: organizing information and following set procedures",
    ]:
        assert explained in text
    assert "A bachelor's degree" in text and "A few months to a year of training" in text
    assert "other occupations show “No projection in our sources”" in text
    for input_id in re.findall(r'<input type="(?:radio|checkbox)" id="([^"]+)"', form):
        assert f'<label for="{input_id}">' in form
    assert "Your matches" not in html


def test_chosen_interests_put_occupations_with_that_profile_first(client, catalogue):
    paralegals = title_of(PARALEGALS)
    electricians = title_of(ELECTRICIANS)
    nurses = title_of(REGISTERED_NURSES)

    office = ask(client, field="any", interests=["conventional", "investigative", "enterprising"])
    ranked = ranked_titles(office)
    assert paralegals in ranked[:5]
    assert electricians not in ranked[:10]
    assert (
        "Interest code CIE: Conventional, Investigative, Enterprising — all three of your "
        "interests" in match_text(office, paralegals)
    )

    hands_on = ranked_titles(ask(client, field="any", interests=["realistic", "conventional"]))
    assert hands_on.index(electricians) < 3
    assert paralegals not in hands_on[:10]

    caring = ask(client, field="any", interests="social")
    ranked = ranked_titles(caring)
    assert ranked.index(nurses) < 5
    assert electricians not in ranked
    nurses_reason = match_text(caring, nurses)
    assert "Good fit Interests: Interest code SIC: Social, Investigative, Conventional" in (
        nurses_reason
    )
    assert "includes your interest (O*NET rates Social 5.62 on its 1–7 scale)" in nurses_reason


def test_an_occupation_without_an_interest_profile_has_no_data_and_comes_last(client, catalogue):
    # Legal Support Workers, All Other: O*NET publishes no interest profile for it.
    response = ask(client, field="legal-occupations", interests="investigative")
    ranked = ranked_titles(response)
    assert len(ranked) == 5
    assert ranked[-1] == "Legal Support Workers, All Other"
    reason = match_text(response, "Legal Support Workers, All Other")
    assert "No data Interests: O*NET has no interest profile for this occupation." in reason
    assert "0% match" in reason


def test_preparation_marks_occupations_needing_more_than_the_reader_will_do(client, catalogue):
    response = ask(client, field="legal-occupations", education="associate", first="education")
    ranked = ranked_titles(response)
    lawyers = title_of(LAWYERS)
    assert (
        "Poor fit Preparation (matters most): Job Zone 5: extensive preparation, usually a "
        "graduate degree — more than you said you'd do." in match_text(response, lawyers)
    )
    assert (
        "Good fit Preparation (matters most): Job Zone 3: medium preparation, usually one or two "
        "years of training, vocational school or an associate degree — within what you said "
        "you'd do." in match_text(response, title_of(PARALEGALS))
    )
    # Within reach first (Job Zones 2 and 3), then beyond it (5), then no Job Zone at all.
    assert ranked == [
        "Paralegals and Legal Assistants",
        "Title Examiners, Abstractors, and Searchers",
        "Judicial Law Clerks",
        "Lawyers",
        "Legal Support Workers, All Other",
    ]
    assert "O*NET gives this occupation no Job Zone." in match_text(
        response, "Legal Support Workers, All Other"
    )


def test_pay_is_the_oews_median_with_its_source_and_period_never_rounded(client, catalogue):
    legal = ask(client, field="legal-occupations", pay="high")
    paralegals = match_text(legal, title_of(PARALEGALS))
    assert (
        "Partial fit Pay: Median pay $61,010 a year (Source: U.S. Bureau of Labor Statistics, "
        "OEWS, May 2024). In the middle of the 5 jobs ranked with a pay figure." in paralegals
    )
    lawyers = match_text(legal, title_of(LAWYERS))
    assert "Good fit Pay: Median pay $151,160 a year" in lawyers
    assert "Towards the top of the 5 jobs ranked with a pay figure." in lawyers
    assert ranked_titles(legal)[0] == title_of(LAWYERS)
    # A specialty shows its SOC occupation's figure, and says whose it is.
    computing = ask(client, field="computer-and-mathematical-occupations", pay="high")
    assert (
        "Median pay $108,970 a year (Source: U.S. Bureau of Labor Statistics, OEWS, May 2024) — "
        "covers Computer Occupations, All Other (SOC 15-1299), a broader group than this "
        "occupation." in match_text(computing, "Computer Systems Engineers/Architects")
    )


def test_a_job_without_a_pay_figure_never_outranks_one_with_a_figure_when_pay_comes_first(
    client, catalogue
):
    actors = title_of(ACTORS)  # OEWS publishes hourly pay only: no annual median
    group = "arts-design-entertainment-sports-and-media-occupations"
    answers = {"field": group, "interests": "artistic"}
    # Interests would put actors first for a reader to whom pay matters somewhat...
    assert ranked_titles(ask(client, **answers, pay="moderate"))[0] == actors
    # ...but a reader who calls pay a top priority, or puts it first, sees the job with a pay
    # figure first.
    court_reporters = "Court Reporters and Simultaneous Captioners"
    assert ranked_titles(ask(client, **answers, pay="high")) == [court_reporters, actors]
    response = ask(client, **answers, pay="high", first="pay")
    assert ranked_titles(response) == [court_reporters, actors]
    reason = match_text(response, actors)
    assert "No data Pay (matters most): Median hourly pay $23.33 an hour" in reason
    assert "BLS publishes hourly pay only for this occupation" in reason


def test_a_role_without_a_pay_figure_never_outranks_one_with_a_figure_when_pay_comes_first(
    client, legal_field
):
    remote = make_work_setting("From home")
    remote.is_remote = True
    remote.save()
    unpublished = make_role("Unpublished pay", field=legal_field)
    unpublished.work_settings.add(remote)
    for title, pay in [("Modest pay", "40000"), ("Good pay", "70000")]:
        role = make_role(title, field=legal_field)
        add_figure(role, LabourFigure.Metric.MEDIAN_PAY, pay)
        role.work_settings.add(make_work_setting(f"{title} office"))
    answers = {"pay": "high", "remote": "essential"}
    # Working from home is a must, so the role without a figure that offers it comes first...
    assert ranked_titles(ask(client, **answers)) == ["Unpublished pay", "Good pay", "Modest pay"]
    # ...until pay comes first: then it ranks below every role with a figure, even a low one.
    response = ask(client, **answers, first="pay")
    assert ranked_titles(response) == ["Good pay", "Modest pay", "Unpublished pay"]
    assert "No data Pay (matters most): There is no published pay figure for this role." in (
        match_text(response, "Unpublished pay")
    )


def test_a_poor_fit_on_the_answer_that_matters_most_never_ranks_above_a_fit(client, legal_field):
    legal_fit_questions()
    remote = make_work_setting("Remote")
    remote.is_remote = True
    remote.save()
    office = make_role("Office star", field=legal_field)
    for i in range(4):
        add_duty(office, make_duty(kind="administrative"), order=i)
    office.work_settings.add(remote)
    add_figure(office, LabourFigure.Metric.MEDIAN_PAY, "70000")
    research = make_role("Research star", field=legal_field, entry_education=40)
    for i in range(4):
        add_duty(research, make_duty(kind="research"), order=i)
    research.work_settings.add(make_work_setting("Courthouse"))
    add_figure(research, LabourFigure.Metric.MEDIAN_PAY, "40000")
    answers = {"work": "legal", "education": "none", "pay": "high", "remote": "essential"}

    assert ranked_titles(ask(client, **answers)) == ["Office star", "Research star"]
    response = ask(client, **answers, first="work")
    assert ranked_titles(response) == ["Research star", "Office star"]
    office_text = match_text(response, "Office star")
    research_text = match_text(response, "Research star")
    assert "Poor fit Legal or office work (matters most):" in office_text
    assert "Good fit Legal or office work (matters most):" in research_text
    # It comes first although its overall match is lower: the page says why.
    assert int(re.search(r"(\d+)% match", office_text)[1]) > int(
        re.search(r"(\d+)% match", research_text)[1]
    )
    assert "Jobs that fit the answer you said matters most (legal or office work) come first" in (
        text_of(response.content.decode())
    )


def test_interests_first_keeps_poor_interest_fits_below_good_ones_whatever_they_pay(
    client, catalogue
):
    response = ask(client, field="any", interests="realistic", pay="high", first="interests")
    html = response.content.decode()
    verdicts = re.findall(
        r'fit-reason fit-(\w+)">\s*<span class="fit-verdict">[^<]+</span>\s*'
        r'<span class="fit-topic">Interests \(matters most\)',
        html,
    )
    assert len(verdicts) == SHOWN_MATCHES
    order = {"good": 0, "partial": 1, "poor": 2, "unknown": 3}
    assert [order[v] for v in verdicts] == sorted(order[v] for v in verdicts)
    # Lawyers pay more than any realistic job, but are a poor fit on interests.
    ranked = ranked_titles(response)
    assert ranked.index(title_of(ELECTRICIANS)) < ranked.index(title_of(LAWYERS))


def test_outlook_is_scored_where_published_and_no_data_elsewhere(client, catalogue, legal_field):
    growing = make_role("Growing role", field=legal_field)
    add_figure(growing, LabourFigure.Metric.GROWTH, "7", period_end=2033)
    shrinking = make_role("Shrinking role", field=legal_field)
    add_figure(shrinking, LabourFigure.Metric.GROWTH, "-3", period_end=2033)
    make_role("Unprojected role", field=legal_field)

    roles = ask(client, field="legal-support", outlook="high")
    assert ranked_titles(roles) == ["Growing role", "Shrinking role", "Unprojected role"]
    # In BLS's words, as the role pages put them.
    assert "Good fit Outlook: Job outlook: faster than average, +7% (2023–2033) (Source: " in (
        match_text(roles, "Growing role")
    )
    assert "projection 2023–2033)" in match_text(roles, "Growing role")
    assert "Poor fit Outlook: Job outlook: decline, -3% (2023–2033)" in match_text(
        roles, "Shrinking role"
    )
    assert "No data Outlook: No projection in our sources." in match_text(roles, "Unprojected role")
    # Occupations have no projections in our sources: each says so and none counts as a fit.
    occupations = ask(client, field="legal-occupations", outlook="high")
    assert len(ranked_titles(occupations)) == 5
    for title in ranked_titles(occupations):
        reason = match_text(occupations, title)
        assert "No data Outlook: No projection in our sources." in reason
        assert "0% match" in reason


def test_the_legal_fields_own_questions_are_asked_with_the_shared_ones_and_scored(
    client, shipped_content
):
    form = text_of(client.get(URL, {"field": "legal-support"}).content.decode())
    for legend in [
        "What would you rather spend most of your day on?",
        "How much contact with clients do you want?",
        "Do you enjoy juggling deadlines, calendars and people?",
        "Which kinds of work interest you? Pick up to three.",
        "How much more preparation will you do for a new job?",
        "How much does it matter that the job is growing?",
    ]:
        assert legend in form
    response = ask(
        client, field="legal-support", work="legal", interests="investigative", first="work"
    )
    ranked = ranked_titles(response)
    assert ranked[0] == "Paralegal"
    assert ranked.index("Paralegal") < ranked.index("Legal secretary")
    paralegal = match_text(response, "Paralegal")
    assert "Good fit Legal or office work (matters most): 7 of its 14 listed duties" in paralegal
    assert (
        "Its occupation, Paralegals and Legal Assistants, has interest code CIE: Conventional, "
        "Investigative, Enterprising — includes your interest" in paralegal
    )
    assert "Its nearest occupation, Word Processors and Typists, has interest code C" in (
        match_text(response, "Legal transcriptionist")
    )
    # Any field ranks occupations on the shared questions only.
    anywhere = client.get(URL, {"field": "any", "work": "legal", "interests": "investigative"})
    assert "What would you rather spend most of your day on?" not in text_of(
        anywhere.content.decode()
    )
    assert "Paralegal" not in ranked_titles(anywhere)
    assert "on 1 of 4 answers" in text_of(anywhere.content.decode())


def test_a_major_group_ranks_its_own_occupations_only(client, catalogue):
    response = ask(client, field="legal-occupations", interests="enterprising")
    text = text_of(response.content.decode())
    assert "We ranked 5 jobs on 1 of 4 answers" in text
    assert text.count("· Legal Occupations") == 5
    assert '<option value="legal-occupations" selected>' in response.content.decode()


def test_the_best_twenty_are_shown_with_links_and_a_comparison_of_the_top_three(client, catalogue):
    response = ask(client, field="any", interests=["investigative", "social"], pay="moderate")
    html = response.content.decode()
    ranked = ranked_titles(response)
    total = Occupation.objects.count()
    assert len(ranked) == SHOWN_MATCHES < total
    assert f"We ranked {total} jobs on 2 of 4 answers" in text_of(html)
    assert f"Here are the best {SHOWN_MATCHES}" in text_of(html)
    top = [Occupation.objects.get(title=title) for title in ranked[:3]]
    for occupation in top:
        assert f'href="{occupation.get_absolute_url()}"' in html
    link = compare_url([occupation.slug for occupation in top])
    assert f'<a class="button" href="{link}">Compare your top 3 side by side</a>' in html
    assert client.get(link).status_code == 200


def test_the_address_keeps_every_answer_so_results_can_be_shared(client, catalogue):
    query = (
        "field=legal-occupations&interests=social&interests=enterprising&education=bachelor"
        "&pay=high&outlook=low&first=pay"
    )
    first = client.get(f"{URL}?{query}")
    again = client.get(f"{URL}?{query}")
    assert ranked_titles(first) == ranked_titles(again) != []
    html = first.content.decode()
    for value in ["social", "enterprising"]:
        assert f'name="interests" value="{value}" checked>' in html
    assert 'name="interests" value="realistic">' in html
    for name, value in [("education", "bachelor"), ("pay", "high"), ("outlook", "low")]:
        assert f'id="fit-{name}-{value}" name="{name}" value="{value}" checked>' in html
    assert 'id="fit-first-pay" name="first" value="pay" checked>' in html
    assert '<option value="legal-occupations" selected>' in html


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("interests=banana", "We couldn't use your answer to “Which kinds of work interest you?"),
        (
            "interests=social&interests=hands-on%00",
            "Part of your answer to “Which kinds of work interest you? Pick up to three.” isn't",
        ),
        (
            "interests=social&interests=realistic&interests=artistic&interests=conventional",
            "You picked 4 answers to “Which kinds of work interest you? Pick up to three.”: pick "
            "no more than three",
        ),
        ("interests=social&first=banana", "so no answer is put first"),
        ("interests=social&first=pay", "You said “Pay” matters most but didn't answer that"),
        ("interests=social&pay=low&first=pay", "but also that it doesn't matter much"),
        ("interests=social&education=phd", "your answer to “How much more preparation"),
        ("interests=social&field=nowhere", "The guide has no field by that name to rank"),
    ],
)
def test_bad_answers_are_reported_and_ignored_never_an_error(client, catalogue, query, note):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert note in text_of(response.content.decode())
    assert '<form class="fit-form"' in response.content.decode()


def test_with_only_bad_interests_nothing_is_ranked(client, catalogue):
    response = client.get(f"{URL}?field=any&interests=x&interests=y")
    assert ranked_titles(response) == []
    assert "Some answers were ignored" in text_of(response.content.decode())


@pytest.mark.parametrize("size", [30, 300])
def test_ranking_every_occupation_takes_the_same_queries_whatever_the_catalogue_size(
    client, django_assert_num_queries, size
):
    grow_catalogue(size)
    answers = "interests=social&interests=investigative&education=associate&pay=high&outlook=low"
    # Queries: the fields it can rank; the values of every occupation in scope; the twenty shown
    # with their field, Job Zone and OEWS row with its source.
    with django_assert_num_queries(3):
        response = client.get(f"{URL}?field=any&{answers}&first=pay")
    assert len(ranked_titles(response)) == SHOWN_MATCHES
    assert f"We ranked {size} jobs" in text_of(response.content.decode())
    # One major group: the same queries.
    with django_assert_num_queries(3):
        response = client.get(f"{URL}?field=group-1&{answers}")
    assert len(ranked_titles(response)) == min(SHOWN_MATCHES, size // 3)
