"""The sources page lists every cited source, the pages that use it, and the O*NET credit."""

import pytest

from roles.models import LabourFigure, Qualification, Status
from tests.conftest import (
    add_duty,
    add_figure,
    add_qualification,
    make_duty,
    make_qualification,
    make_role,
    make_source,
)

pytestmark = pytest.mark.django_db


def test_sources_page_lists_each_source_with_the_pages_citing_it(client):
    handbook = make_source(name="Occupational Outlook Handbook", url="https://www.bls.gov/ooh/p")
    nals = make_source(name="NALS certifications", url="https://www.nals.org")
    unused = make_source(name="An unused survey", url="https://example.org/survey")
    paralegal = make_role("Paralegal")
    secretary = make_role("Legal secretary")
    add_figure(paralegal, LabourFigure.Metric.MEDIAN_PAY, "60970", source=handbook, year=2023)
    add_qualification(
        secretary,
        make_qualification(
            "NALS ALP", kind=Qualification.Kind.CERTIFICATION, url="https://www.nals.org/"
        ),
    )
    draft = make_role("Draft role", status=Status.DRAFT)
    add_figure(draft, LabourFigure.Metric.MEDIAN_PAY, "50000", source=handbook)

    response = client.get("/sources/")
    html = response.content.decode()
    assert response.status_code == 200
    sections = {
        part[: part.index("</h2>")]: part for part in html.split('<section class="source"')[1:]
    }
    handbook_part = next(part for title, part in sections.items() if handbook.name in title)
    nals_part = next(part for title, part in sections.items() if nals.name in title)
    assert paralegal.get_absolute_url() in handbook_part
    assert "median annual pay (2023)" in handbook_part
    assert "Draft role" not in html
    assert secretary.get_absolute_url() in nals_part
    assert "NALS ALP" in nals_part
    assert unused.name in html
    assert "No published page cites it at the moment." in html


def test_sources_page_credits_onet_and_lists_the_duties_it_informs(client):
    role = make_role("Paralegal")
    add_duty(role, make_duty("Draft legal documents", onet_task_id=23994))
    html = client.get("/sources/").content.decode()
    assert "O*NET 29.3 Database" in html
    assert "Used under the" in html and "CC BY 4.0" in html
    assert "Draft legal documents" in html
    assert "(task 23994)" in html


@pytest.mark.parametrize("size", [2, 20])
def test_sources_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    source = make_source()
    for i in range(size):
        role = make_role(f"Role {i}")
        add_figure(role, LabourFigure.Metric.MEDIAN_PAY, "40000", source=source)
        add_duty(role, make_duty(onet_task_id=1000 + i))
        add_qualification(role, make_qualification(url=source.url))
    # Queries: sources with occupation counts; the roles showing their occupation's OEWS
    # figures; figures with roles and sources; linked qualifications with roles; the roles'
    # overviews and the comparisons' text, for their links; O*NET duties; the O*NET release.
    with django_assert_num_queries(8):
        assert client.get("/sources/").status_code == 200


def test_the_oews_source_lists_the_roles_that_show_its_figures(client, shipped_content):
    html = client.get("/sources/").content.decode()
    sections = {
        part[: part.index("</h2>")]: part for part in html.split('<section class="source"')[1:]
    }
    oews = next(part for title, part in sections.items() if ">OEWS<" in title)
    for slug in [
        "legal-administrative-assistant",
        "legal-assistant",
        "legal-secretary",
        "paralegal",
    ]:
        assert f'href="/roles/{slug}/"' in oews
    assert oews.count("pay and employment (May 2024)") == 4
    # Roles only near an occupation show none of its figures, so they cite none.
    assert 'href="/roles/legal-case-manager/"' not in oews
    handbook = next(part for title, part in sections.items() if "Paralegals and Legal" in title)
    assert "projected employment growth (2023–2033)" in handbook
    assert "median annual pay" not in handbook and "number of jobs" not in handbook
