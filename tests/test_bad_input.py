"""No address and no query string gives a reader a 500 or a traceback."""

import pytest

from tests.conftest import make_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/roles/%00/",
        "/roles/../../etc/passwd",
        "/roles/" + "x" * 500 + "/",
        "/roles/caf%C3%A9/",
        "/compare/%E2%80%AE-vs-x/",
        "/compare/" + "-vs-".join(["a"] * 300) + "/",
        "/comparisons/nope/",
        "/nowhere/",
        "/?q=%00&page=-1",
        "/roles/?sort=%27;DROP TABLE roles_role;--",
        "/roles/legal-secretary/?x=%ff%fe",
    ],
)
def test_odd_addresses_get_a_clear_answer(client, path):
    make_role("Legal secretary")
    response = client.get(path)
    assert response.status_code in {200, 301, 302, 400, 404}
    assert b"Traceback" not in response.content


def test_post_to_a_public_page_is_refused_cleanly(client):
    response = client.post("/roles/", {"x": "y"})
    assert response.status_code in {403, 405}
