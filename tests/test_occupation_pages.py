"""Occupation pages: what O*NET and OEWS say of every occupation, by slug or stable code, with
sources, the guide's roles within it, and query counts that stay fixed as the catalogue grows."""

import gzip
import re
from html import unescape

import pytest
from django.test import Client

from roles.compare.selection import compare_url
from roles.models import Occupation, Role
from tests.catalogue import (
    ACTORS,
    AIR_CREW_OFFICERS,
    CARDIOLOGISTS,
    COMPUTER_SYSTEMS_ENGINEERS,
    ELEMENTARY_TEACHERS,
    LAWYERS,
    PARALEGALS,
    copy_extract,
    load_test_catalogue,
)
from tests.conftest import add_figure, grow_catalogue, make_comparison, make_role

pytestmark = pytest.mark.django_db

OEWS_CITATION = "Source: U.S. Bureau of Labor Statistics, OEWS, May 2024."


def page_of(client, code):
    occupation = Occupation.objects.get(code=code)
    response = client.get(occupation.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    """The page as a reader reads it: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" ,", ",")


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_the_page_shows_the_description_and_the_names_people_use(client, catalogue):
    html = page_of(client, PARALEGALS)
    text = text_of(html)
    assert "<h1>Paralegals and Legal Assistants</h1>" in html
    assert "Assist lawyers by investigating facts" in text
    assert "Job titles people report:" in text and "Litigation Paralegal" in text
    titles = text_of(section(html, "titles-heading"))
    assert "Certified Paralegal" in titles and "Corporate Legal Assistant" in titles


def test_tasks_come_core_first_each_with_the_work_activities_it_maps_to(client, catalogue):
    tasks = section(page_of(client, PARALEGALS), "tasks-heading")
    assert tasks.index("<h3>Core tasks</h3>") < tasks.index("<h3>Supplemental tasks</h3>")
    core = tasks[: tasks.index("<h3>Supplemental tasks</h3>")]
    assert "Prepare affidavits or other documents" in core
    assert "File pleadings with court clerk." not in core  # a supplemental task
    assert "Work activities: Maintain the order of legal documents; Prepare legal documents." in (
        text_of(core)
    )
    activities = text_of(section(page_of(client, PARALEGALS), "activities-heading"))
    assert "Research relevant legal materials to aid decision making (2 tasks)" in activities


def test_preparation_gives_the_job_zone_in_its_own_words_and_the_education_spread(
    client, catalogue
):
    occupation = Occupation.objects.select_related("job_zone").get(code=PARALEGALS)
    text = text_of(section(page_of(client, PARALEGALS), "preparation-heading"))
    assert occupation.job_zone.name in text  # "Job Zone Three: Medium Preparation Needed"
    assert occupation.job_zone.education in text
    assert "Bachelor's Degree 36.94%" in text and "Associate's Degree 20.08%" in text


def test_pay_shows_every_percentile_annual_and_hourly_with_the_oews_citation(client, catalogue):
    html = page_of(client, PARALEGALS)
    facts = text_of(html[html.index('id="quick-facts-heading"') : html.index("</aside>")])
    assert "Median pay $61,010 a year" in facts
    assert "Median hourly pay $29.33 an hour" in facts
    assert "Pay range (10th to 90th percentile) $39,710 a year" in facts
    assert "Employment 367,220 jobs" in facts
    assert facts.count(OEWS_CITATION) == 5  # every figure cites its source and period
    pay = text_of(section(html, "pay-heading"))
    assert "25th percentile $48,190 a year $23.17 an hour" in pay
    assert "90th percentile $98,990 a year $47.59 an hour" in pay
    assert OEWS_CITATION in pay


def test_a_top_coded_figure_reads_or_more(client, catalogue):
    text = text_of(page_of(client, CARDIOLOGISTS))
    assert "Median pay $239,200 or more a year" in text
    assert "$115.00 or more an hour" in text


def test_hourly_only_pay_is_shown_hourly_and_says_why(client, catalogue):
    text = text_of(page_of(client, ACTORS))
    assert re.search(r"Median pay \$[\d.]+ an hour", text)
    assert not re.search(r"\$[\d,]+ a year", text)
    assert "BLS publishes hourly pay only for this occupation" in text


def test_annual_only_pay_has_no_hourly_figures_and_says_why(client, catalogue):
    text = text_of(page_of(client, ELEMENTARY_TEACHERS))
    assert "Median hourly pay" not in text
    assert "BLS publishes annual pay only for this occupation" in text


def test_a_broader_groups_figures_are_labelled_as_such(client, catalogue):
    text = text_of(page_of(client, COMPUTER_SYSTEMS_ENGINEERS))
    assert "Broader group’s figure: Computer Occupations, All Other (SOC 15-1299)" in text
    assert "not for this O*NET specialty within it" in text


def test_an_occupation_oews_does_not_cover_says_so(client, catalogue):
    text = text_of(page_of(client, AIR_CREW_OFFICERS))
    assert "BLS publishes no OEWS pay or employment estimate for this occupation." in text
    assert "Median pay No published figure" in text


def test_skills_are_the_most_important_first_with_importance_and_level(client, catalogue):
    skills = text_of(section(page_of(client, PARALEGALS), "skills-heading"))
    assert skills.index("Writing 4") < skills.index("Reading Comprehension 3.88")


def test_related_occupations_come_in_onets_tiers_each_with_a_one_click_compare(client, catalogue):
    related = section(page_of(client, PARALEGALS), "related-heading")
    assert "<h3>Most closely related</h3>" in related
    assert related.index("Legal Secretaries and Administrative Assistants") < related.index(
        "<h3>Also closely related</h3>"
    )
    assert (
        'href="/compare/legal-secretaries-and-administrative-assistants-vs-paralegals-and-legal-'
        'assistants/"' in related
    )


def test_the_page_credits_onet_and_says_when_an_editor_reworded_it(client, catalogue):
    credit = "This page includes information from the O*NET 29.3 Database by USDOL/ETA"
    assert credit in text_of(page_of(client, PARALEGALS))
    assert "modified by Career Guide" not in text_of(page_of(client, PARALEGALS))
    occupation = Occupation.objects.get(code=PARALEGALS)
    occupation.title = "Paralegals"
    occupation.save()
    text = text_of(page_of(client, PARALEGALS))
    assert "modified by Career Guide (an editor reworded the title of Paralegals)" in text


def test_the_stable_address_by_code_redirects_permanently(client, catalogue):
    response = client.get(f"/occupations/{LAWYERS}/")
    assert response.status_code == 301
    assert response.url == "/occupations/lawyers/"
    assert client.get("/occupations/23-1011/").url == "/occupations/lawyers/"


@pytest.mark.parametrize(
    "path",
    [
        "/occupations/99-9999.00/",
        "/occupations/23-1011.0/",
        "/occupations/23.1011.00/",
        "/occupations/nobody/",
    ],
)
def test_unknown_or_malformed_codes_get_the_styled_404(client, catalogue, path):
    response = client.get(path)
    assert response.status_code == 404
    assert '<main id="main"' in response.content.decode()


def test_a_retired_or_unpublished_occupation_is_gone_for_readers(editor_client, catalogue):
    reader = Client()
    Occupation.objects.filter(code=LAWYERS).update(retired=True)
    assert reader.get("/occupations/lawyers/").status_code == 404
    assert reader.get(f"/occupations/{LAWYERS}/").status_code == 404
    Occupation.objects.filter(code=LAWYERS).update(retired=False, status="draft")
    assert reader.get("/occupations/lawyers/").status_code == 404
    assert editor_client.get("/occupations/lawyers/").status_code == 200


def test_every_alternate_title_has_a_page(client, catalogue):
    occupation = Occupation.objects.get(code=PARALEGALS)
    html = client.get(f"/occupations/{occupation.slug}/titles/").content.decode()
    assert html.count("<li>") >= occupation.alternate_titles.count()


def test_a_role_within_an_occupation_shows_its_oews_figures_as_its_quick_facts(
    client, shipped_content
):
    html = client.get("/roles/legal-secretary/").content.decode()
    text = text_of(html)
    facts = text_of(html[html.index('id="quick-facts-heading"') : html.index("</aside>")])
    assert "Official occupation Legal Secretaries and Administrative Assistants" in text
    assert "Median pay $54,140 a year" in facts and OEWS_CITATION in facts
    assert "Employment 154,540 jobs" in facts
    # The older all-secretaries figures are gone, and nothing is shown twice.
    assert "$46,010" not in text and "3,421,400" not in text
    assert facts.count("$54,140 a year") == 1
    assert "The pay and employment in the quick facts are this occupation’s" in text
    nearest = text_of(client.get("/roles/legal-case-manager/").content.decode())
    assert "the nearest is Paralegals and Legal Assistants" in nearest
    assert "$61,010" not in nearest  # a nearest occupation's figures are not the role's


def test_a_major_group_page_lists_its_occupations_with_preparation_and_pay(client, catalogue):
    text = text_of(client.get("/fields/legal-occupations/").content.decode())
    assert "SOC major group 23-0000" in text
    assert (
        "Paralegals and Legal Assistants 23-2011.00 Job Zone 3: Medium Preparation Needed $61,010 a year"
        in text
    )


def test_the_home_page_offers_every_major_group_with_its_count(client, catalogue):
    text = text_of(client.get("/").content.decode())
    count = Occupation.objects.filter(field__slug="legal-occupations").count()
    assert f"Legal Occupations ({count})" in text


def test_a_chart_with_an_occupation_has_the_rows_every_job_has(client, shipped_content):
    html = client.get("/compare/lawyers-vs-paralegal/").content.decode()
    rows = re.findall(r'<tr id="row-([^"]+)"', html)
    assert rows == [
        "about",
        "tasks",
        "preparation",
        "education",
        "median_pay",
        "pay_range",
        "jobs",
        "outlook",
    ]
    jobs, after = html[html.index('id="row-jobs"') :].split("</tr>", 2)[:2]
    # Both jobs' counts are OEWS employment, so nothing needs saying about them.
    assert "Employment (wage and salary jobs): 367,220 jobs" in text_of(jobs)
    assert "OEWS employment counts wage and salary jobs only" not in text_of(after)


def test_a_chart_says_when_it_puts_oews_employment_beside_an_ooh_job_count(client, shipped_content):
    manager = Role.objects.get(slug="legal-case-manager")  # nearest only: shows its own figures
    add_figure(manager, "jobs", 366200, population="Paralegals and legal assistants (SOC 23-2011)")
    html = client.get("/compare/lawyers-vs-legal-case-manager/").content.decode()
    jobs, after = (
        text_of(part) for part in html[html.index('id="row-jobs"') :].split("</tr>", 2)[:2]
    )
    assert "Number of jobs: 366,200 jobs" in jobs and "Employment (wage and salary jobs)" in jobs
    assert "OEWS employment counts wage and salary jobs only" in after


def test_an_occupation_page_and_a_four_way_chart_stay_under_20_kb_gzipped(client, shipped_content):
    for url in [
        "/occupations/paralegals-and-legal-assistants/",
        "/compare/lawyers-vs-legal-secretary-vs-paralegal-vs-paralegals-and-legal-assistants/",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert len(gzip.compress(response.content)) < 20_000, url


@pytest.mark.parametrize("size", [10, 1016])
def test_catalogue_pages_make_the_same_queries_however_large_the_catalogue(
    client, django_assert_num_queries, size
):
    occupations = grow_catalogue(size)
    role = make_role("Guide role", occupation=occupations[0])
    make_comparison([role, make_role("Other role", field=role.field)])
    first, second = occupations[0], occupations[1]
    pages = [
        # The occupation with its field, Job Zone, education and OEWS row; tasks; their work
        # activities; reported titles; alternate titles; their count; top skills; education
        # shares; related occupations; the guide's roles in it; next moves with their
        # occupations and OEWS rows; the work activities they share.
        (first.get_absolute_url(), 12),
        # The occupation; its alternate titles.
        (f"/occupations/{first.slug}/titles/", 2),
        # The occupation, by code.
        (f"/occupations/{first.code}/", 1),
        # Curated fields; their roles; major groups with counts; featured comparisons.
        ("/", 4),
        # The field; its occupations; the guide's roles within them.
        ("/fields/group-0/", 3),
        # Roles with everything a column shows (7); occupations with their field, Job Zone,
        # education and OEWS row; their tasks; the tasks' work activities; then, for the work
        # they share, the occupations' work activities and their skills.
        (compare_url([first.slug, role.slug, second.slug]), 12),
        # The download: the chart's rows without the shared work.
        (compare_url([first.slug, role.slug, second.slug]).rstrip("/") + ".csv", 10),
        # The role page with its occupation's figures (see test_role_pages), and its
        # occupation's next moves with the work activities they share.
        (role.get_absolute_url(), 14),
        # The job (a role, else an occupation) with its Job Zone and OEWS row; its next moves;
        # the work activities involved (for a role, its duties too, for the O*NET credit).
        (f"/next-moves/{first.slug}/", 4),
        (f"/next-moves/{role.slug}/", 4),
        # A name: a role, then an occupation, with it as its slug; then as the picker below.
        ("/next-moves/?job=occupation", 6),
        # Roles whose titles hold the text; occupations; the search index's postings for the
        # word; here (a catalogue built without the index) the words it may be a misspelling of.
        ("/compare/suggest/?q=occupation", 4),
        # Sources with occupation counts; the roles showing their occupation's OEWS figures;
        # figures; linked qualifications; the roles' overviews and the comparisons' text, for
        # their links; O*NET duties; the O*NET release imported.
        ("/sources/", 8),
    ]
    for url, queries in pages:
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code in (200, 301), url
    assert Role.objects.count() == 2


def test_a_retired_occupation_is_not_shown_through_the_roles_that_name_it(shipped_content):
    Occupation.objects.filter(code=PARALEGALS).update(retired=True)
    reader = Client()
    role_page = text_of(reader.get("/roles/paralegal/").content.decode())
    assert "Official occupation" not in role_page
    assert reader.get("/roles/paralegal.json").json()["occupation"] is None
    chart = text_of(reader.get("/compare/lawyers-vs-paralegal/").content.decode())
    assert "No O*NET Job Zone" in chart
    group = reader.get("/fields/legal-occupations/").content.decode()
    assert 'href="/roles/paralegal/"' not in group
    listed = reader.get("/roles/", {"field": "legal-occupations", "show": "roles"})
    assert "Paralegal</a>" not in listed.content.decode()


def test_importing_a_release_that_retires_a_roles_occupation_says_so(shipped_content, tmp_path):
    onet, _ = load_test_catalogue(onet=copy_extract(tmp_path / "onet", without={PARALEGALS}))
    notes = " ".join(onet.notes)
    assert "The role Paralegal names 23-2011.00, which this release retires" in notes
    assert "The role Legal assistant names 23-2011.00" in notes


def test_a_role_beside_its_own_occupation_shares_its_job_zone_and_names_each_source(
    client, shipped_content
):
    html = client.get("/compare/paralegal-vs-paralegals-and-legal-assistants/").content.decode()
    preparation = re.search(r'<tr id="row-preparation".*?</th>', html, re.S).group(0)
    assert "Same" in preparation
    assert "The Job Zone of Paralegals and Legal Assistants, its occupation." in html
    # The role takes its occupation's OEWS figures: one source, one period, the same figure.
    pay, after = (
        text_of(part) for part in html[html.index('id="row-median_pay"') :].split("</tr>", 2)[:2]
    )
    assert "Median pay Same" in pay and pay.count("$61,010 a year") == 2
    assert "These figures come from different sources or periods" not in after


def test_the_csv_labels_a_broader_groups_figures(client, catalogue):
    engineers = Occupation.objects.get(code=COMPUTER_SYSTEMS_ENGINEERS)
    url = compare_url([engineers.slug, "lawyers"]).rstrip("/") + ".csv"
    body = client.get(url).content.decode()
    assert "Broader group's figure: Computer Occupations, All Other (SOC 15-1299)" in body


def test_a_newer_release_is_credited_on_every_page_that_shows_it(client, catalogue):
    Occupation.objects.update(release="30.0")  # as import_onet --release 30.0 leaves them
    for url in ["/fields/legal-occupations/", "/sources/", "/occupations/lawyers/"]:
        assert "O*NET 30.0 Database" in text_of(client.get(url).content.decode()), url
