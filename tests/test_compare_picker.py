"""Comparing any two to four roles: the picker, canonical addresses, overlap and differences."""

import re
from html import unescape

import pytest

from roles.compare.overlap import build_overlap, plural_title, work_mix
from roles.models import DutyKind, Role, Status
from tests.conftest import (
    add_duty,
    grow_catalogue,
    grow_profile,
    make_duty,
    make_field,
    make_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio(legal_field):
    secretary = make_role("Legal secretary", field=legal_field)
    assistant = make_role("Legal assistant", field=legal_field)
    paralegal = make_role("Paralegal", field=legal_field)
    filing = make_duty("Keep case files", kind="administrative")
    calendars = make_duty("Manage calendars", kind="coordination")
    research = make_duty("Research case law", kind="research")
    for role in (secretary, assistant, paralegal):
        add_duty(role, filing, emphasis="core")
    add_duty(secretary, calendars, emphasis="core")
    add_duty(assistant, calendars, emphasis="regular")
    add_duty(assistant, research, emphasis="occasional")
    add_duty(paralegal, research, emphasis="core")
    add_duty(paralegal, make_duty("Draft pleadings", kind="substantive"), emphasis="regular")
    add_duty(secretary, make_duty("Type letters", kind="administrative"), emphasis="regular")
    return secretary, assistant, paralegal


def test_picker_lists_a_fields_roles_and_occupations_to_tick_without_javascript(
    client, trio, catalogue
):
    make_role("Draft role", status=Status.DRAFT, field=trio[0].field)
    response = client.get("/compare/?field=legal-support&browse=1")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="checkbox" id="pick-paralegal" name="roles" value="paralegal"' in html
    assert "Draft role" not in html
    assert '<label for="picker-q">' in html and '<label for="picker-field">' in html
    occupations = client.get("/compare/?field=legal-occupations&browse=1").content.decode()
    assert 'value="paralegals-and-legal-assistants"' in occupations
    assert 'value="lawyers"' in occupations


def test_picker_finds_jobs_by_title_and_keeps_those_already_chosen(client, trio, catalogue):
    html = client.get("/compare/?roles=paralegal&q=nurse&browse=1").content.decode()
    chosen = html[html.index('id="picker-chosen"') : html.index("Find jobs to add")]
    assert 'value="paralegal" checked' in chosen
    results = html[html.index("Find jobs to add") :]
    assert 'value="registered-nurses"' in results
    assert 'value="paralegal"' not in results


def test_picker_search_says_when_nothing_matches(client, trio, catalogue):
    html = client.get("/compare/?q=zqxw&browse=1").content.decode()
    assert "No job is called “zqxw”. Try another word or field." in html


def test_picker_search_finds_jobs_by_the_other_names_people_use(client, trio, catalogue):
    # Titles holding the text come first (half a word will do); then jobs one of whose other
    # names holds the words: O*NET lists "Attorney" for lawyers, "Astronaut, Mission
    # Specialist" for air crew officers.
    results = client.get("/compare/?q=attorney&browse=1").content.decode()
    assert 'value="lawyers"' in results
    assert (
        'value="air-crew-officers"' in client.get("/compare/?q=astronaut&browse=1").content.decode()
    )
    suggestions = client.get("/compare/suggest/", {"q": "parale"}).json()["results"]
    assert "paralegal" in [item["slug"] for item in suggestions]


def test_the_compare_button_goes_to_the_chart_of_the_ticked_jobs(client, trio, catalogue):
    response = client.get("/compare/?roles=paralegal&roles=lawyers&q=law&go=1")
    assert response.status_code == 302
    assert response.url == "/compare/lawyers-vs-paralegal/"


def test_picker_suggests_jobs_as_json_for_type_to_find(client, trio, catalogue):
    results = client.get("/compare/suggest/?q=parale").json()["results"]
    slugs = [result["slug"] for result in results]
    assert slugs[0] == "paralegal"  # guide roles first
    assert "paralegals-and-legal-assistants" in slugs
    assert client.get("/compare/suggest/?q=p").json() == {"results": []}


def test_picker_sends_the_reader_to_the_canonical_chart(client, trio):
    response = client.get("/compare/?roles=paralegal&roles=legal-secretary&roles=legal-assistant")
    assert response.status_code == 302
    assert response.url == "/compare/legal-assistant-vs-legal-secretary-vs-paralegal/"


def test_picker_ignores_empty_slots_and_keeps_the_differences_option(client, trio):
    response = client.get(
        "/compare/?roles=paralegal&roles=&roles=legal-secretary&roles=&differences=only"
    )
    assert response.url == "/compare/legal-secretary-vs-paralegal/?differences=only"


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("roles=paralegal", 400, "Pick at least two jobs"),
        ("roles=paralegal&roles=paralegal", 400, "the same job more than once"),
        ("roles=a&roles=b&roles=c&roles=d&roles=e", 400, "at most 4"),
        (
            "roles=paralegal&roles=astronaut",
            404,
            "no published role or occupation called “astronaut”",
        ),
    ],
)
def test_picker_explains_a_bad_choice(client, trio, query, status, message):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html


def test_a_draft_role_cannot_be_picked_by_readers(client, trio):
    make_role("Secret role", status=Status.DRAFT)
    response = client.get("/compare/?roles=paralegal&roles=secret-role")
    assert response.status_code == 404


def test_any_order_of_three_roles_redirects_to_one_address(client, trio):
    response = client.get("/compare/paralegal-vs-legal-secretary-vs-legal-assistant/")
    assert response.status_code == 301
    assert response.url == "/compare/legal-assistant-vs-legal-secretary-vs-paralegal/"


def test_chart_of_three_roles_has_a_column_each(client, trio):
    response = client.get("/compare/legal-assistant-vs-legal-secretary-vs-paralegal/")
    html = response.content.decode()
    start = html.index('<table class="chart"')
    table = html[start : html.index("</table>", start)]
    assert response.status_code == 200
    assert table.count('scope="col"') == 3


def test_overlap_says_what_all_some_and_each_role_alone_carry(client, trio):
    html = client.get("/compare/legal-assistant-vs-legal-secretary-vs-paralegal/").content.decode()
    assert (
        "Legal assistants, legal secretaries and paralegals all share 1 of their 5 duties; "
        "2 more are shared by some of them." in html
    )
    overlap = html[html.index('id="overlap-heading"') : html.index('id="mix-heading"')]
    assert "Manage calendars <span" in overlap
    assert "Only paralegal" in overlap
    assert "Draft pleadings" in overlap
    assert "Only legal assistant" in overlap
    assert "Every listed duty is shared with another role here." in overlap


def test_work_mix_splits_each_role_by_weighted_duties(trio):
    secretary, assistant, paralegal = (Role.objects.with_profile().get(pk=role.pk) for role in trio)
    overlap = build_overlap([assistant, paralegal, secretary])
    mixes = {
        mix.role.title: {share.label: share.percent for share in mix.shares}
        for mix in overlap.work_mix
    }
    # Paralegal: research core (3) and pleadings regular (2) of 8, filing core (3) admin.
    assert mixes["Paralegal"]["Substantive legal"] == 62
    assert mixes["Paralegal"]["Administrative"] == 38
    # Secretary: filing core (3), letters regular (2), calendars core (3) -> 5/8 admin, 3/8 people.
    assert mixes["Legal secretary"]["Administrative"] == 62
    assert mixes["Legal secretary"]["Clients and coordination"] == 38
    assert all(sum(shares.values()) == 100 for shares in mixes.values())


def test_work_mix_shares_are_the_fields_own(trio):
    other_field = make_field(name="Health care", slug="health-care")
    patient_care = DutyKind.objects.create(
        field=other_field, name="Patient care", slug="patient-care", work_mix="Caring"
    )
    nurse = make_role("Nurse", field=other_field)
    add_duty(nurse, make_duty("Take vital signs", kind=patient_care))
    nurse = Role.objects.with_profile().get(pk=nurse.pk)
    assert [(share.label, share.percent) for share in work_mix(nurse).shares] == [("Caring", 100)]


def test_differences_only_hides_rows_that_are_the_same(client, trio):
    url = "/compare/legal-assistant-vs-legal-secretary/"
    full = client.get(url).content.decode()
    only = client.get(f"{url}?differences=only").content.decode()
    assert 'id="row-education"' in full  # same education for both
    assert 'id="row-education"' not in only
    assert 'id="row-primary_focus"' in only
    all_rows = len(re.findall(r'<tr id="row-', full))
    assert f"Show all {all_rows} rows" in only
    assert len(re.findall(r'<tr id="row-', only)) < all_rows


def test_rows_that_differ_are_marked(client, trio):
    html = client.get("/compare/legal-assistant-vs-legal-secretary/").content.decode()
    focus_row = re.search(r'<tr id="row-primary_focus".*?</th>', html, re.S).group(0)
    education_row = re.search(r'<tr id="row-education".*?</th>', html, re.S).group(0)
    assert "Differs" in focus_row
    assert "Same" in education_row


def test_role_page_links_to_the_picker_with_the_role_chosen(client, trio):
    secretary = trio[0]
    html = client.get(secretary.get_absolute_url()).content.decode()
    assert 'href="/compare/?roles=legal-secretary&amp;browse=1"' in html
    picker = client.get("/compare/?roles=legal-secretary&browse=1").content.decode()
    assert 'id="chosen-legal-secretary" name="roles" value="legal-secretary" checked' in picker


def test_plural_titles_read_naturally():
    assert plural_title("Legal secretary") == "legal secretaries"
    assert plural_title("Paralegal") == "paralegals"
    assert plural_title("Legal intake specialist") == "legal intake specialists"


@pytest.mark.parametrize(("count", "size"), [(2, 3), (4, 30)])
def test_compare_query_count_is_the_same_for_two_small_or_four_large_roles(
    client, django_assert_num_queries, count, size
):
    shared = make_duty("Shared filing")
    roles = [make_role(f"Role {chr(97 + i)}") for i in range(count)]
    for role in roles:
        grow_profile(role, size, shared_duties=[shared])
    url = "/compare/" + "-vs-".join(role.slug for role in roles) + "/"
    # Queries: roles with fields and occupations; duties; qualifications; figures with sources;
    # work settings; moves; the fields' duty kinds; curated comparison (none, so no notes).
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert f"share 1 of their {count * size + 1} duties" in response.content.decode()


@pytest.mark.parametrize("size", [10, 300])
def test_picker_query_count_does_not_grow_with_the_catalogue(
    client, django_assert_num_queries, size
):
    grow_catalogue(size)
    # Queries: the fields to browse.
    with django_assert_num_queries(1):
        assert client.get("/compare/").status_code == 200
    # Queries: the fields; the chosen role; the chosen occupation; the field's roles; its
    # occupations.
    with django_assert_num_queries(5):
        response = client.get("/compare/?roles=role-0&roles=occupation-1&field=group-1&browse=1")
    assert response.status_code == 200


def test_chart_and_role_pages_link_to_their_data_downloads(client, trio):
    chart = client.get("/compare/legal-assistant-vs-legal-secretary/").content.decode()
    assert 'href="/compare/legal-assistant-vs-legal-secretary.csv"' in chart
    assert 'href="/compare/legal-assistant-vs-legal-secretary.json"' in chart
    role_page = client.get("/roles/paralegal/").content.decode()
    assert 'href="/roles/paralegal.json"' in role_page
    assert client.get("/compare/legal-assistant-vs-legal-secretary.csv").status_code == 200


def test_the_chart_says_how_it_weighs_duties_from_the_weights_it_uses(client, trio):
    html = client.get("/compare/legal-assistant-vs-legal-secretary-vs-paralegal/").content.decode()
    assert "weighted by emphasis (core counts three times, regular twice, occasional once)" in (
        unescape(html)
    )
    assert "<h3>Shared by all 3</h3>" in html
