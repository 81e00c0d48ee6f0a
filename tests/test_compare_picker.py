"""Comparing any two to four roles: the picker, canonical addresses, overlap and differences."""

import re

import pytest

from roles.comparison import build_overlap, plural_title, role_profile_prefetches
from roles.models import Duty, Role, Status
from tests.conftest import add_duty, grow_profile, make_duty, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio(legal_field):
    secretary = make_role("Legal secretary", field=legal_field)
    assistant = make_role("Legal assistant", field=legal_field)
    paralegal = make_role("Paralegal", field=legal_field)
    filing = make_duty("Keep case files", kind=Duty.Kind.ADMINISTRATIVE)
    calendars = make_duty("Manage calendars", kind=Duty.Kind.COORDINATION)
    research = make_duty("Research case law", kind=Duty.Kind.RESEARCH)
    for role in (secretary, assistant, paralegal):
        add_duty(role, filing, emphasis="core")
    add_duty(secretary, calendars, emphasis="core")
    add_duty(assistant, calendars, emphasis="regular")
    add_duty(assistant, research, emphasis="occasional")
    add_duty(paralegal, research, emphasis="core")
    add_duty(
        paralegal, make_duty("Draft pleadings", kind=Duty.Kind.SUBSTANTIVE), emphasis="regular"
    )
    add_duty(
        secretary, make_duty("Type letters", kind=Duty.Kind.ADMINISTRATIVE), emphasis="regular"
    )
    return secretary, assistant, paralegal


def test_picker_page_offers_every_published_role(client, trio):
    make_role("Draft role", status=Status.DRAFT)
    response = client.get("/compare/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<option value="paralegal"') == 4
    assert "Draft role" not in html
    assert '<label for="picker-role-1">' in html


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
        ("roles=paralegal", 400, "Pick at least two roles"),
        ("roles=paralegal&roles=paralegal", 400, "the same role more than once"),
        ("roles=a&roles=b&roles=c&roles=d&roles=e", 400, "at most 4"),
        ("roles=paralegal&roles=astronaut", 404, "no published role called “astronaut”"),
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
    secretary, assistant, paralegal = (
        Role.objects.prefetch_related(*role_profile_prefetches()).get(pk=role.pk) for role in trio
    )
    overlap = build_overlap([assistant, paralegal, secretary])
    mixes = {mix.role.title: mix for mix in overlap.work_mix}
    # Paralegal: research core (3) and pleadings regular (2) of 8, filing core (3) admin.
    assert mixes["Paralegal"].substantive == 62
    assert mixes["Paralegal"].administrative == 38
    # Secretary: filing core (3), letters regular (2), calendars core (3) -> 5/8 admin, 3/8 people.
    assert mixes["Legal secretary"].administrative == 62
    assert mixes["Legal secretary"].people == 38
    assert all(m.substantive + m.administrative + m.people == 100 for m in mixes.values())


def test_differences_only_hides_rows_that_are_the_same(client, trio):
    url = "/compare/legal-assistant-vs-legal-secretary/"
    full = client.get(url).content.decode()
    only = client.get(f"{url}?differences=only").content.decode()
    assert 'id="row-education"' in full  # same education for both
    assert 'id="row-education"' not in only
    assert 'id="row-primary_focus"' in only
    assert "Show all 12 rows" in only
    assert len(re.findall(r'<tr id="row-', only)) < len(re.findall(r'<tr id="row-', full))


def test_rows_that_differ_are_marked(client, trio):
    html = client.get("/compare/legal-assistant-vs-legal-secretary/").content.decode()
    focus_row = re.search(r'<tr id="row-primary_focus".*?</th>', html, re.S).group(0)
    education_row = re.search(r'<tr id="row-education".*?</th>', html, re.S).group(0)
    assert "Differs" in focus_row
    assert "Same" in education_row


def test_role_page_has_a_compare_with_control_that_works_without_javascript(client, trio):
    secretary = trio[0]
    html = client.get(secretary.get_absolute_url()).content.decode()
    form = html[html.index('<form class="compare-with"') :]
    form = form[: form.index("</form>")]
    assert 'action="/compare/"' in form
    assert 'name="roles" value="legal-secretary"' in form
    assert '<label for="compare-with">' in form
    assert '<option value="paralegal">' in form
    assert '<option value="legal-secretary">' not in form


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
    # Queries: roles with fields; duties; qualifications; figures with sources; work settings;
    # moves; curated comparison (none here, so no row notes); the picker's roles.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert f"share 1 of their {count * size + 1} duties" in response.content.decode()


def test_picker_query_count_does_not_grow_with_roles(client, django_assert_num_queries):
    for i in range(20):
        make_role(f"Role {i}")
    # Queries: every pickable role with its field.
    with django_assert_num_queries(1):
        assert client.get("/compare/").status_code == 200


def test_chart_and_role_pages_link_to_their_data_downloads(client, trio):
    chart = client.get("/compare/legal-assistant-vs-legal-secretary/").content.decode()
    assert 'href="/compare/legal-assistant-vs-legal-secretary.csv"' in chart
    assert 'href="/compare/legal-assistant-vs-legal-secretary.json"' in chart
    role_page = client.get("/roles/paralegal/").content.decode()
    assert 'href="/roles/paralegal.json"' in role_page
    assert client.get("/compare/legal-assistant-vs-legal-secretary.csv").status_code == 200
