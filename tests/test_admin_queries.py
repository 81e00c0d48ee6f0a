"""The role and comparison change pages make a fixed number of queries however many inline rows
they have: each row's chosen duty, qualification, source or role comes with the rows, not from a
query of its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import (
    add_move,
    add_qualification,
    grow_profile,
    make_comparison,
    make_qualification,
    make_role,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    assert client.get(url).status_code == 200  # once to warm sessions and content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def role_with_rows(title, size):
    role = make_role(title)
    grow_profile(role, size)
    for n in range(size):
        add_qualification(role, make_qualification(f"{title} skill {n}"), order=n)
        add_move(role, to_role=make_role(f"{title} next step {n}"))
    return role


def test_the_role_change_page_makes_the_same_queries_for_2_rows_or_12(editor_client):
    small, large = role_with_rows("Court runner", 2), role_with_rows("Process server", 12)

    counts = [
        queries_for(editor_client, reverse("admin:roles_role_change", args=[role.pk]))
        for role in (small, large)
    ]

    assert counts[0] == counts[1], counts


def test_the_comparison_change_page_makes_the_same_queries_for_2_roles_or_4(editor_client):
    pair = make_comparison([make_role("A runner"), make_role("A server")], title="Two")
    four = make_comparison([make_role(f"Clerk {n}") for n in range(4)], title="Four")

    counts = [
        queries_for(editor_client, reverse("admin:roles_comparison_change", args=[c.pk]))
        for c in (pair, four)
    ]

    assert counts[0] == counts[1], counts
