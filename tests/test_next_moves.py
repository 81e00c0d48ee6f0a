"""Next moves: the occupations that share the most work with a job, ranked at import time."""

import re
from html import unescape

import pytest

from roles.compare.selection import compare_url
from roles.importers.moves import MOVES_KEPT
from roles.importers.onet import import_onet
from roles.models import NextMove, Occupation
from tests.catalogue import (
    ELECTRICAL_TECHNICIANS,
    ELECTRICIANS,
    LEGAL_SECRETARIES,
    MEDICAL_ASSISTANTS,
    ONET_EXTRACT,
    PARALEGALS,
    PRACTICAL_NURSES,
)

pytestmark = pytest.mark.django_db


def moves_from(code):
    return list(
        NextMove.objects.filter(from_occupation__code=code)
        .select_related("to_occupation__job_zone", "from_occupation__job_zone")
        .order_by("rank")
    )


def test_moves_an_adviser_would_recognise_are_ranked(catalogue):
    # In the extract as in the whole catalogue (where they rank 2nd, 9th and 13th of 15).
    assert moves_from(MEDICAL_ASSISTANTS)[0].to_occupation.code == PRACTICAL_NURSES
    assert PARALEGALS in [move.to_occupation.code for move in moves_from(LEGAL_SECRETARIES)]
    assert ELECTRICAL_TECHNICIANS in [move.to_occupation.code for move in moves_from(ELECTRICIANS)]


def test_a_move_rests_on_shared_work_and_never_steps_back(catalogue):
    moves = NextMove.objects.select_related("from_occupation__job_zone", "to_occupation__job_zone")
    assert moves.count() > 0
    for move in moves:
        assert move.shared_groups >= 1
        assert move.shared_groups <= move.from_groups
        assert move.to_occupation_id != move.from_occupation_id
        assert move.to_occupation.job_zone.number >= move.from_occupation.job_zone.number
    ranks = {}
    for move in moves.order_by("from_occupation", "rank"):
        ranks.setdefault(move.from_occupation_id, []).append((move.rank, move.score))
    for ranked in ranks.values():
        assert [rank for rank, _ in ranked] == list(range(1, len(ranked) + 1))
        assert len(ranked) <= MOVES_KEPT
        scores = [score for _, score in ranked]
        assert scores == sorted(scores, reverse=True)


def test_an_occupation_without_tasks_has_no_moves_and_is_no_move(catalogue):
    others = Occupation.objects.get(code="23-2099.00")  # Legal Support Workers, All Other
    assert not NextMove.objects.filter(from_occupation=others).exists()
    assert not NextMove.objects.filter(to_occupation=others).exists()


def test_a_reimport_ranks_the_same_moves(catalogue):
    before = list(NextMove.objects.values_list("from_occupation", "to_occupation", "rank"))
    import_onet(ONET_EXTRACT)
    after = list(NextMove.objects.values_list("from_occupation", "to_occupation", "rank"))
    assert sorted(after) == sorted(before)


# The pages readers see.


def text_of(response):
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def median(code):
    return Occupation.objects.get(code=code).wage_estimate.median_annual


def test_an_occupation_page_lists_its_next_moves_with_pay_and_preparation(client, catalogue):
    assistants = Occupation.objects.get(code=MEDICAL_ASSISTANTS)
    nurses = Occupation.objects.get(code=PRACTICAL_NURSES)
    response = client.get(assistants.get_absolute_url())
    html = response.content.decode()
    moves = html[
        html.index('id="next-moves-heading"') : html.index(
            "</section>", html.index('id="next-moves-heading"')
        )
    ]
    assert nurses.title in moves
    change = median(PRACTICAL_NURSES) - median(MEDICAL_ASSISTANTS)
    assert f"+${change:,} a year" in moves
    assert (
        f"Median pay ${median(MEDICAL_ASSISTANTS):,} a year to ${median(PRACTICAL_NURSES):,} a year"
        in moves
    )
    assert "Source: U.S. Bureau of Labor Statistics, OEWS, May 2024" in moves
    assert "The same preparation (Job Zone 3" in moves
    assert "work activities shared, including:" in moves
    compare = compare_url([assistants.slug, nurses.slug])
    assert f'href="{compare}"' in moves
    assert client.get(compare).status_code == 200


def test_the_next_moves_page_explains_the_ranking_and_lists_every_move(client, catalogue):
    secretaries = Occupation.objects.get(code=LEGAL_SECRETARIES)
    response = client.get(f"/next-moves/{secretaries.slug}/")
    assert response.status_code == 200
    text = text_of(response)
    assert "How we rank them" in text
    stored = moves_from(LEGAL_SECRETARIES)
    for move in stored:
        assert move.to_occupation.title in text
    assert text.index(stored[0].to_occupation.title) < text.index(stored[-1].to_occupation.title)


def test_a_reader_names_their_job_to_find_its_next_moves(client, catalogue):
    response = client.get("/next-moves/", {"job": "electrician"})
    assert response.status_code == 302
    assert response["Location"] == "/next-moves/electricians/"
    several = text_of(client.get("/next-moves/", {"job": "legal"}))
    assert "Which of these is your job?" in several and "Paralegals and Legal Assistants" in several
    none = text_of(client.get("/next-moves/", {"job": "zqxw"}))
    assert "No job in the guide is called “zqxw”" in none
    # A name O*NET lists for one occupation only leads straight to it.
    response = client.get("/next-moves/", {"job": "astronaut"})
    assert response["Location"] == "/next-moves/air-crew-officers/"
    assert client.get("/next-moves/no-such-job/").status_code == 404


def test_a_role_starts_from_its_occupation_and_a_nearest_one_gets_no_pay_change(
    client, shipped_content
):
    within = text_of(client.get("/next-moves/legal-secretary/"))
    assert "judged from legal secretaries and administrative assistants" in within
    assert "Median pay $54,140 a year to" in within
    nearest = text_of(client.get("/next-moves/legal-case-manager/"))
    assert "the occupation nearest to it" in nearest
    assert "Not worked out: the role's own pay is not counted" in nearest
    assert median(PARALEGALS) and f"${median(PARALEGALS):,}" not in nearest
