"""Review dates and "Cite this page": readers see when an editor last confirmed a page is current,
never a date a save or a load stamped; editors confirm it in the admin and list what is due; every
role, occupation and chart page says how to cite it."""

import html
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roles.models import Comparison, Role
from tests.app_servers import read_form
from tests.conftest import make_comparison, make_role

pytestmark = pytest.mark.django_db
SITE = "https://guide.example.org"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def citation(page):
    section = re.search(r'<section class="cite".*?</section>', page, re.S)
    assert section, "no 'Cite this page' section"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section.group(0))).split())


def test_a_role_never_reviewed_shows_no_date_at_all():
    role = make_role("Court runner")

    page = Client().get(role.get_absolute_url()).content.decode()

    assert "Last updated" not in page and "Reviewed" not in page
    assert citation(page) == (
        f"Cite this page Career Guide, “Court runner,” {SITE}/roles/court-runner/ ."
    )


def test_a_reviewed_role_shows_its_review_date_and_cites_it():
    role = make_role("Court runner")
    role.mark_reviewed(date(2026, 3, 9))
    role.save()

    page = Client().get(role.get_absolute_url()).content.decode()

    assert 'Reviewed <time datetime="2026-03-09">9 March 2026</time>' in page
    assert citation(page).endswith(
        f"“Court runner,” {SITE}/roles/court-runner/ (reviewed 9 March 2026 )."
    )


def test_an_occupation_cites_the_data_releases_it_shows(catalogue):
    page = Client().get("/occupations/paralegals-and-legal-assistants/").content.decode()

    assert citation(page) == (
        "Cite this page Career Guide, “Paralegals and Legal Assistants,” "
        f"{SITE}/occupations/paralegals-and-legal-assistants/ (O*NET 29.3, BLS OEWS May 2024 data)."
    )


def test_a_stored_comparison_cites_its_review_and_a_chart_of_reviewed_roles_the_oldest():
    first, second = make_role("Court runner"), make_role("Process server")
    for role, day in ((first, date(2026, 2, 1)), (second, date(2026, 5, 1))):
        role.mark_reviewed(day)
        role.save()
    url = "/compare/court-runner-vs-process-server/"

    assert citation(Client().get(url).content.decode()).endswith("(reviewed 1 February 2026 ).")

    comparison = make_comparison([first, second], title="Court runner or process server?")
    comparison.mark_reviewed(date(2026, 6, 15))
    comparison.save()
    page = Client().get(url).content.decode()
    assert "Comparison reviewed" in page
    assert citation(page).endswith("(reviewed 15 June 2026 ).")


def test_saving_a_role_does_not_move_its_review_date(shipped_content, editor_client):
    role = Role.objects.get(slug="legal-secretary")
    role.mark_reviewed(date(2026, 1, 5))
    role.save()
    url = reverse("admin:roles_role_change", args=[role.pk])
    form = read_form(editor_client.get(url).content.decode(), "role_form")
    form.replace("primary_focus", "Documents, calendars and filings for lawyers")

    assert editor_client.post(url, form.post_data()).status_code == 302

    role.refresh_from_db()
    assert role.primary_focus == "Documents, calendars and filings for lawyers"
    assert role.reviewed_on == date(2026, 1, 5)


def test_an_editor_confirms_a_role_is_current_and_readers_see_the_date(editor_client):
    role = make_role("Court runner")
    url = reverse("admin:roles_role_change", args=[role.pk])
    form = read_form(editor_client.get(url).content.decode(), "role_form")

    assert editor_client.post(url, form.post_data(confirm_reviewed="on")).status_code == 302

    role.refresh_from_db()
    today = timezone.localdate()
    assert role.reviewed_on == today
    assert role.review_due == today + timedelta(days=365)
    assert (
        f'Reviewed <time datetime="{today:%Y-%m-%d}">'
        in Client().get(role.get_absolute_url()).content.decode()
    )


def test_the_admin_lists_pages_whose_review_is_due(editor_client):
    overdue, current = make_role("Court runner"), make_role("Docket clerk")
    make_role("Process server")  # never reviewed
    overdue.mark_reviewed(timezone.localdate() - timedelta(days=400))
    overdue.save()
    current.mark_reviewed()
    current.save()
    make_comparison([overdue, current], title="Court runner or docket clerk?")

    listing = editor_client.get(reverse("admin:roles_role_changelist"), {"review": "overdue"})
    page = listing.content.decode()
    assert "Court runner" in page and "Process server" in page and "Docket clerk" not in page
    comparisons = editor_client.get(
        reverse("admin:roles_comparison_changelist"), {"review": "never"}
    ).content.decode()
    assert "Court runner or docket clerk?" in comparisons


def test_the_bulk_review_action_sets_todays_date(editor_client):
    roles = [make_role("Court runner"), make_role("Docket clerk")]

    editor_client.post(
        reverse("admin:roles_role_changelist"),
        {"action": "mark_reviewed_selected", "_selected_action": [r.pk for r in roles]},
    )

    assert set(Role.objects.values_list("reviewed_on", flat=True)) == {timezone.localdate()}
    assert Comparison.objects.count() == 0


def test_the_role_download_carries_the_same_review_date_as_the_page(client):
    role = make_role("Court runner")
    assert client.get("/roles/court-runner.json").json()["reviewed"] is None
    role.mark_reviewed(date(2026, 3, 9))
    role.save()
    assert client.get("/roles/court-runner.json").json()["reviewed"] == "2026-03-09"


def test_every_shipped_page_shows_the_review_its_file_records(shipped_content):
    """The shipped files record when an editor last checked each page against its sources; the
    page says so (and a reload of the same file keeps it), and nothing says "Last updated"."""
    reader = Client()
    roles = list(Role.objects.published())
    comparisons = list(Comparison.objects.published())
    assert roles and comparisons
    for page in [*roles, *comparisons]:
        assert page.reviewed_on is not None, page
        assert page.review_due == page.reviewed_on + timedelta(days=365), page
    for role in roles:
        text = reader.get(role.get_absolute_url()).content.decode()
        day = role.reviewed_on
        assert f'Reviewed <time datetime="{day:%Y-%m-%d}">{day.day} {day:%B %Y}</time>' in text
        assert "Last updated" not in text
        assert f"(reviewed {day.day} {day:%B %Y} )." in citation(text)
        assert reader.get(f"/roles/{role.slug}.json").json()["reviewed"] == f"{day:%Y-%m-%d}"
    for comparison in comparisons:
        text = reader.get(comparison.get_absolute_url(), follow=True).content.decode()
        day = comparison.reviewed_on
        assert f'Comparison reviewed <time datetime="{day:%Y-%m-%d}">' in text
