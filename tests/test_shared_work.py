"""Charts of any two to four jobs show the work they share, from O*NET's detailed work
activities, and their top skills side by side."""

import re
from html import unescape

import pytest

from roles.compare.selection import compare_url
from roles.models import Occupation, OccupationSkill, Task
from tests.catalogue import COURT_CLERKS, ELECTRICIANS, LAWYERS, PARALEGALS, REGISTERED_NURSES
from tests.conftest import make_role

pytestmark = pytest.mark.django_db


def shared_section(client, jobs):
    response = client.get(compare_url([job.slug for job in jobs]))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="shared-work-heading"')
    return html[start : html.index("</section>", start)]


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def block(html, heading):
    """The text under an <h3> of the section, up to the next <h3>."""
    start = html.index(f"<h3>{heading}</h3>")
    end = html.find("<h3", start + 4)
    return text_of(html[start : end if end > 0 else None])


def activities(code):
    links = Task.activities.through.objects.filter(task__occupation__code=code)
    return {title.rstrip(".") for title in links.values_list("workactivity__title", flat=True)}


def test_two_occupations_from_different_fields_show_the_work_they_share(client, catalogue):
    paralegals = Occupation.objects.get(code=PARALEGALS)
    clerks = Occupation.objects.get(code=COURT_CLERKS)
    assert paralegals.field != clerks.field
    html = shared_section(client, [clerks, paralegals])
    shared = block(html, "Activities both do")
    assert "Prepare legal documents" in shared
    assert "Coordinate legal schedules or activities" in shared
    both = activities(PARALEGALS) & activities(COURT_CLERKS)
    every = activities(PARALEGALS) | activities(COURT_CLERKS)
    assert (
        f"share {len(both)} of the {len(every)} detailed work activities they do between them"
        in text_of(html)
    )
    only_paralegals = activities(PARALEGALS) - activities(COURT_CLERKS)
    own = block(html, "Activities unique to paralegals and legal assistants")
    assert only_paralegals and all(title in own for title in only_paralegals)
    assert not any(title in own for title in both)


def test_four_jobs_show_what_all_some_and_each_alone_do(client, catalogue):
    jobs = [
        Occupation.objects.get(code=code)
        for code in (ELECTRICIANS, LAWYERS, PARALEGALS, REGISTERED_NURSES)
    ]
    html = shared_section(client, jobs)
    assert "<h3>Activities all 4 do</h3>" in html
    assert "No work activity is shared by every job here." in html
    some = block(html, "Activities some do")
    assert "Prepare legal documents (Lawyers, Paralegals and Legal Assistants)" in some
    assert "Electricians" not in some  # electricians share no activity with these three
    assert "Install electrical components, equipment, or systems" in text_of(html)


def test_top_skills_sit_side_by_side_with_importance_and_level(client, catalogue):
    paralegals = Occupation.objects.get(code=PARALEGALS)
    nurses = Occupation.objects.get(code=REGISTERED_NURSES)
    html = shared_section(client, [paralegals, nurses])
    table = text_of(html[html.index('id="skills-heading"') :])
    writing = OccupationSkill.objects.get(occupation=paralegals, skill__name="Writing")
    nurse_writing = OccupationSkill.objects.get(occupation=nurses, skill__name="Writing")
    assert (
        f"Writing Importance {writing.importance} · level {writing.level} "
        f"Importance {nurse_writing.importance} · level {nurse_writing.level}"
    ) in table
    top = (
        OccupationSkill.objects.filter(occupation=nurses, suppressed=False)
        .order_by("-importance", "skill__name")
        .first()
    )
    assert top.skill.name in table


def test_a_guide_role_counts_its_occupations_work_beside_its_own_duties(client, shipped_content):
    response = client.get("/compare/legal-secretary-vs-paralegal/")
    html = response.content.decode()
    assert 'id="overlap-heading"' in html  # the guide's own duty catalogue stays
    shared = html[html.index('id="shared-work-heading"') :]
    text = text_of(shared[: shared.index("</section>")])
    assert "Legal secretary counts as Legal Secretaries and Administrative Assistants" in text
    assert "Paralegal counts as Paralegals and Legal Assistants (23-2011.00)" in text
    assert "Prepare legal documents" in text


def test_two_roles_counted_as_one_occupation_are_not_told_apart_by_it(client, shipped_content):
    text = text_of(
        client.get("/compare/legal-assistant-vs-paralegal/")
        .content.decode()
        .split('id="shared-work-heading"')[1]
    )
    assert "are both counted as Paralegals and Legal Assistants" in text
    assert "their duties can" in text


def test_a_job_without_work_activities_leaves_the_section_out(client, catalogue):
    paralegals = Occupation.objects.get(code=PARALEGALS)
    role = make_role("Role with no occupation", field=paralegals.field)
    html = client.get(compare_url([role.slug, paralegals.slug])).content.decode()
    assert 'id="shared-work-heading"' not in html
