"""No address and no query string gives a reader a 500: every odd request gets a clear answer."""

import pytest

from tests.conftest import add_duty, make_duty, make_role

pytestmark = pytest.mark.django_db

ODD_PATHS = [
    "/roles/%00/",
    "/roles/../../etc/passwd",
    "/roles/" + "x" * 500 + "/",
    "/roles/caf%C3%A9/",
    "/compare/%E2%80%AE-vs-x/",
    "/compare/" + "-vs-".join(["a"] * 300) + "/",
    "/compare/?roles=%00&roles=legal-secretary",
    "/compare/?roles=" + "x" * 5000,
    "/compare/legal-secretary-vs-paralegal/?differences=%ff",
    "/compare/legal-secretary-vs-paralegal.csv?x=%00",
    "/compare/paralegal.json",
    "/roles/paralegal.json",
    "/roles/%00.json",
    "/comparisons/nope/",
    "/fields/%00/",
    "/nowhere/",
    "/search/?q=%00&page=-1",
    "/search/?q=" + "(" * 300 + "&page=99999999999999999999",
    "/search/?q=%22unclosed&page=abc",
    "/roles/?sort=%27;DROP TABLE roles_role;--&min_pay=1e-999999&education_max=x&field=%00",
    "/roles/?min_pay=NaN&outlook=%ff",
    "/fit/?work=%00&education=999&pay=&remote=yes&remote=no",
    "/roles/legal-secretary/?x=%ff%fe",
    "/roles/?page=-3&pay=%00&show=%ff&field=" + "y" * 300,
    "/roles/?page=99999999999999999999999",
    "/occupations/%00/",
    "/occupations/23-2011.00%00/",
    "/occupations/" + "9" * 400 + "/",
    "/occupations/..%2F..%2Fetc/",
    "/occupations/lawyers/titles/?page=%ff",
    "/occupations/nobody/titles/",
    "/compare/?q=%00%00&field=%ff&browse=1",
    "/compare/?q=" + "(" * 500 + "&browse=1",
    "/compare/?roles=" + "&roles=".join(["x"] * 50) + "&browse=1",
    "/compare/suggest/?q=%00",
    "/compare/suggest/?q=" + "%" * 300,
    "/fields/legal-occupations/?page=%00",
    "/fit/?field=%00&work=legal",
    "/fit/?field=" + "z" * 500,
]


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_addresses_get_a_clear_answer(client, path):
    role = make_role("Legal secretary")
    add_duty(role, make_duty("Type letters"))
    make_role("Paralegal", field=role.field)
    # The test client re-raises any exception a view lets escape, so a 500 fails here too.
    response = client.get(path)
    assert response.status_code in {200, 301, 302, 400, 404}
    if response.status_code in {400, 404} and response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        # Either the styled 404 page or the picker with a message saying what went wrong.
        assert "We could not find that page" in html or 'role="alert"' in html


def test_post_to_a_public_page_is_refused_cleanly(client):
    response = client.post("/roles/", {"x": "y"})
    assert response.status_code in {403, 405}


def test_nul_characters_in_an_editors_admin_search_are_ignored(editor_client):
    make_role("Legal secretary")
    response = editor_client.get("/admin/roles/role/?q=secre%00tary")
    assert response.status_code == 200
    assert "Legal secretary" in response.content.decode()
