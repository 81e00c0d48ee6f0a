"""Editors maintain the guide in the admin: Markdown with preview, inlines, drafts and publishing."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from roles.models import (
    CareerField,
    Comparison,
    Duty,
    DutyKind,
    FitQuestion,
    Occupation,
    Role,
    Status,
)
from tests.catalogue import PARALEGALS
from tests.conftest import (
    add_duty,
    editing_version,
    grow_profile,
    make_comparison,
    make_duty,
    make_field,
    make_role,
    make_source,
)

pytestmark = pytest.mark.django_db


def role_form_data(role_field, **overrides):
    data = {
        "title": "Legal intake specialist",
        "slug": "legal-intake-specialist",
        "field": role_field.pk,
        "status": "draft",
        "summary": "Talks to people who contact the firm and decides whether the firm can help.",
        "primary_focus": "First contact with new clients",
        "overview": "## First calls\n\nIntake specialists **screen** new enquiries.",
        "other_titles": "Intake coordinator",
        "occupation": "",
        "occupation_relation": "within",
        "occupation_note": "",
        "entry_education": Role.Education.HIGH_SCHOOL,
        "figures_note": "",
    }
    for prefix in ["role_duties", "role_qualifications", "figures", "moves"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_editors_group_can_maintain_the_guide_but_not_user_accounts():
    group = Group.objects.get(name="Editors")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("roles", "change_role") in codenames
    assert ("roles", "add_duty") in codenames
    assert ("roles", "delete_comparisonrownote") in codenames
    assert not {app for app, _ in codenames} - {"roles"}
    assert not Permission.objects.filter(group=group, content_type__app_label="auth").exists()
    # The guide's own models: add, change, delete and view; imported occupations: view and
    # change (their title and description); the tables importers own: view only.
    edited = {codename.split("_", 1)[1] for _, codename in codenames if codename.startswith("add_")}
    assert len(edited) == 16 and {"dutykind", "fitquestion", "fitoption"} <= edited
    assert ("roles", "change_occupation") in codenames
    assert ("roles", "add_occupation") not in codenames
    assert ("roles", "view_task") in codenames
    assert not {("roles", f"{verb}_task") for verb in ("add", "change", "delete")} & codenames


def test_role_edit_page_has_the_markdown_editor_with_live_preview(editor_client):
    role = make_role("Legal secretary")
    response = editor_client.get(reverse("admin:roles_role_change", args=[role.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "markdownx-editor" in html and "markdownx-preview" in html
    assert "/markdownx/markdownify/" in html
    for inline in ["role_duties", "role_qualifications", "figures", "moves"]:
        assert f'id="{inline}-group"' in html


def test_an_editor_creates_a_draft_role_with_duties_on_one_page_and_publishes_it(
    editor_client, senior_editor_client, legal_field
):
    reader = Client()
    duty = make_duty("Screen new enquiries", kind="client")
    data = role_form_data(
        legal_field,
        **{
            "role_duties-TOTAL_FORMS": "1",
            "role_duties-0-duty": duty.pk,
            "role_duties-0-emphasis": "core",
            "role_duties-0-order": "1",
        },
    )
    response = editor_client.post(reverse("admin:roles_role_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    role = Role.objects.get(slug="legal-intake-specialist")
    assert role.status == Status.DRAFT
    assert [rd.duty.name for rd in role.role_duties.all()] == ["Screen new enquiries"]
    assert reader.get(role.get_absolute_url()).status_code == 404

    # One duty and a short overview fall short of the audit: only a senior editor may publish it.
    response = senior_editor_client.post(
        reverse("admin:roles_role_changelist"),
        {"action": "publish_selected_anyway", "_selected_action": [role.pk]},
    )
    assert response.status_code == 302
    page = reader.get(role.get_absolute_url())
    assert page.status_code == 200
    assert "<strong>screen</strong>" in page.content.decode()
    assert "Screen new enquiries" in page.content.decode()


def test_an_invalid_role_form_keeps_what_the_editor_typed(editor_client, legal_field):
    data = role_form_data(legal_field, summary="Too short.")
    response = editor_client.post(reverse("admin:roles_role_add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at least 40 characters" in html
    assert "Intake specialists **screen** new enquiries." in html
    assert not Role.objects.filter(slug="legal-intake-specialist").exists()


def test_a_comparison_needs_at_least_two_roles(editor_client):
    role = make_role("Paralegal")
    data = {
        "title": "Lonely",
        "slug": "lonely",
        "status": "draft",
        "introduction": "Text worth keeping.",
        "advice": "",
        "comparisonrole_set-TOTAL_FORMS": "1",
        "comparisonrole_set-INITIAL_FORMS": "0",
        "comparisonrole_set-MIN_NUM_FORMS": "2",
        "comparisonrole_set-MAX_NUM_FORMS": "4",
        "comparisonrole_set-0-role": role.pk,
        "row_notes-TOTAL_FORMS": "0",
        "row_notes-INITIAL_FORMS": "0",
    }
    response = editor_client.post(reverse("admin:roles_comparison_add"), data)
    assert response.status_code == 200
    assert "Please submit at least 2 forms" in response.content.decode()
    assert "Text worth keeping." in response.content.decode()
    assert not Comparison.objects.exists()


def test_role_list_column_shows_what_a_role_still_lacks(editor_client, catalogue):
    thin = make_role("Thin role")
    add_duty(thin, make_duty())
    paralegals = Occupation.objects.get(code=PARALEGALS)
    # Nearest to the occupation, so its own figures are the ones its page shows.
    full = make_role(
        "Full role", overview="word " * 320, occupation=paralegals, occupation_relation="nearest"
    )
    grow_profile(full, 10)
    for i in range(2):
        full.moves.create(to_title=f"Next step {i}", what_it_takes="Experience.")
    # Counted within the occupation, so its page shows the occupation's OEWS pay, never its own.
    hidden = make_role("Hidden pay role", overview="word " * 320, occupation=paralegals)
    grow_profile(hidden, 10)
    html = editor_client.get(reverse("admin:roles_role_changelist")).content.decode()
    assert "1 duties; 8 or more needed." in html
    assert "No work settings." in html
    assert "Names no official occupation" in html
    assert "Complete" in html
    assert (
        "Its own median annual pay (2023) is never shown: the page shows its occupation's newer "
        "figures (OEWS, May 2024). Delete it." in html.replace("&#x27;", "'")
    )


def test_role_change_page_links_to_the_public_page(editor_client):
    role = make_role("Legal secretary")
    html = editor_client.get(reverse("admin:roles_role_change", args=[role.pk])).content.decode()
    assert "View on site" in html


def test_comparison_view_on_site_goes_to_its_chart(editor_client):
    comparison = make_comparison([make_role("Paralegal"), make_role("Legal assistant")])
    response = editor_client.get(reverse("admin:roles_comparison_change", args=[comparison.pk]))
    assert "/compare/legal-assistant-vs-paralegal/" in response.content.decode()


def test_editors_cannot_manage_user_accounts(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_admin_search_and_filters_work(editor_client):
    make_role("Legal secretary", status=Status.PUBLISHED)
    make_role("Paralegal", status=Status.DRAFT)
    url = reverse("admin:roles_role_changelist")
    assert "Paralegal" not in editor_client.get(url, {"q": "secretary"}).content.decode()
    html = editor_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Paralegal" in html and "Legal secretary" not in html


def change_form_data(role, client, **overrides):
    """The role's change form as the admin would post it, with no inline rows yet."""
    data = role_form_data(role.field, title=role.title, slug=role.slug, summary=role.summary)
    data["editing_version"] = editing_version(
        client, reverse("admin:roles_role_change", args=[role.pk])
    )
    data.update(overrides)
    return data


def test_a_move_from_a_role_to_itself_is_a_form_error_not_a_crash(editor_client):
    role = make_role("Legal secretary")
    data = change_form_data(
        role,
        editor_client,
        **{
            "moves-TOTAL_FORMS": "1",
            "moves-0-to_role": role.pk,
            "moves-0-what_it_takes": "Nothing at all.",
            "moves-0-order": "1",
        },
    )
    response = editor_client.post(reverse("admin:roles_role_change", args=[role.pk]), data)
    assert response.status_code == 200
    assert "A role cannot lead to itself." in response.content.decode()
    assert "Nothing at all." in response.content.decode()
    assert not role.moves.exists()


def test_a_move_with_two_destinations_is_a_form_error(editor_client):
    role, other = make_role("Legal secretary"), make_role("Paralegal")
    data = change_form_data(
        role,
        editor_client,
        **{
            "moves-TOTAL_FORMS": "1",
            "moves-0-to_role": other.pk,
            "moves-0-to_title": "Office manager",
            "moves-0-what_it_takes": "Experience.",
            "moves-0-order": "1",
        },
    )
    response = editor_client.post(reverse("admin:roles_role_change", args=[role.pk]), data)
    assert response.status_code == 200
    assert "Choose a role in the guide or type a title not yet in it, not both." in (
        response.content.decode()
    )


def test_a_growth_figure_without_its_period_is_a_form_error(editor_client):
    role = make_role("Paralegal")
    source = make_source()
    data = change_form_data(
        role,
        editor_client,
        **{
            "figures-TOTAL_FORMS": "1",
            "figures-0-metric": "growth",
            "figures-0-value": "1",
            "figures-0-population": "Paralegals (SOC 23-2011)",
            "figures-0-source": source.pk,
            "figures-0-year": "2023",
        },
    )
    response = editor_client.post(reverse("admin:roles_role_change", args=[role.pk]), data)
    assert response.status_code == 200
    assert "Growth needs the last year of its projection" in response.content.decode()
    assert not role.figures.exists()


def test_two_moves_to_the_same_role_are_a_form_error(editor_client):
    role, other = make_role("Legal secretary"), make_role("Paralegal")
    rows = {}
    for i in range(2):
        rows.update(
            {
                f"moves-{i}-to_role": other.pk,
                f"moves-{i}-what_it_takes": f"Experience {i}.",
                f"moves-{i}-order": str(i),
            }
        )
    data = change_form_data(role, editor_client, **{"moves-TOTAL_FORMS": "2", **rows})
    response = editor_client.post(reverse("admin:roles_role_change", args=[role.pk]), data)
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()
    assert not role.moves.exists()


def test_the_same_duty_twice_on_a_role_is_a_form_error(editor_client):
    role, duty = make_role("Legal secretary"), make_duty("Type letters")
    rows = {}
    for i in range(2):
        rows.update(
            {
                f"role_duties-{i}-duty": duty.pk,
                f"role_duties-{i}-emphasis": "core",
                f"role_duties-{i}-order": str(i),
            }
        )
    data = change_form_data(role, editor_client, **{"role_duties-TOTAL_FORMS": "2", **rows})
    response = editor_client.post(reverse("admin:roles_role_change", args=[role.pk]), data)
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()


def test_a_role_cannot_take_an_occupations_address(editor_client, legal_field, catalogue):
    data = role_form_data(legal_field, slug="lawyers")
    response = editor_client.post(reverse("admin:roles_role_add"), data)
    assert response.status_code == 200
    assert "An occupation already uses this address" in response.content.decode()
    assert not Role.objects.filter(slug="lawyers").exists()


def test_a_role_names_its_occupation_and_the_occupation_page_lists_it(
    senior_editor_client, legal_field, catalogue
):
    occupation = Occupation.objects.get(code=PARALEGALS)
    data = role_form_data(
        legal_field,
        status="published",
        publish_anyway="on",
        occupation=occupation.pk,
        occupation_note="Intake is a paralegal-level job in some firms.",
    )
    response = senior_editor_client.post(reverse("admin:roles_role_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Client().get(occupation.get_absolute_url()).content.decode()
    assert 'href="/roles/legal-intake-specialist/"' in page
    assert "Intake is a paralegal-level job in some firms." in page


def inline_rows(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_second_field_is_added_entirely_in_the_admin(editor_client, senior_editor_client):
    # The field, with its kinds of duty and how the chart shows them.
    response = editor_client.post(
        reverse("admin:roles_careerfield_add"),
        {
            "name": "Health care",
            "slug": "health-care",
            "summary": "Jobs caring for patients.",
            "order": "2",
            **inline_rows(
                "duty_kinds",
                [
                    {"name": "Patient care", "slug": "patient-care", "order": "1",
                     "chart_row": "Hands-on care", "work_mix": "Care"},
                    {"name": "Records", "slug": "records", "order": "2", "chart_row": "",
                     "work_mix": ""},
                ],
            ),
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    health = CareerField.objects.get(slug="health-care")
    care, records = DutyKind.objects.filter(field=health).order_by("order")

    # A question of its own for the fit helper.
    response = editor_client.post(
        reverse("admin:roles_fitquestion_add"),
        {
            "field": health.pk,
            "legend": "How much hands-on patient care do you want?",
            "topic": "Patient care",
            "slug": "patient-care",
            "hint": "",
            "weight": "3",
            "order": "1",
            **inline_rows(
                "options",
                [
                    {"order": "1", "value": "lots", "label": "Plenty", "kinds": [care.pk],
                     "amount": "most"},
                    {"order": "2", "value": "little", "label": "Little", "kinds": [care.pk],
                     "amount": "least"},
                ],
            ),
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]

    # Duties of those kinds, and two roles that carry them.
    for name, kind in [("Take vital signs", care), ("Update patient charts", records)]:
        response = editor_client.post(
            reverse("admin:roles_duty_add"),
            {
                "name": name,
                "slug": name.lower().replace(" ", "-"),
                "kind": kind.pk,
                "description": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    vitals, charts = (
        Duty.objects.get(name="Take vital signs"),
        Duty.objects.get(name="Update patient charts"),
    )
    for title, duties in [("Nursing assistant", [vitals, charts]), ("Ward clerk", [charts])]:
        data = role_form_data(
            health,
            title=title,
            slug=title.lower().replace(" ", "-"),
            status="published",
            publish_anyway="on",
            **inline_rows(
                "role_duties",
                [
                    {"duty": duty.pk, "emphasis": "core", "order": str(i)}
                    for i, duty in enumerate(duties)
                ],
            ),
        )
        response = senior_editor_client.post(reverse("admin:roles_role_add"), data)
        assert response.status_code == 302, response.content.decode()[:3000]

    reader = Client()
    role_page = reader.get("/roles/nursing-assistant/").content.decode()
    assert "<h3>Patient care</h3>" in role_page and "<h3>Records</h3>" in role_page
    chart = reader.get("/compare/nursing-assistant-vs-ward-clerk/").content.decode()
    assert '<tr id="row-duties-hands-on-care"' in chart and '<tr id="row-duties-records"' in chart
    assert "Care 50% · Records 50%" in chart
    fit = reader.get("/fit/", {"field": "health-care", "patient-care": "lots"})
    assert "How much hands-on patient care do you want?" in fit.content.decode()
    assert "Nursing assistant</a></h3>" in fit.content.decode()


def test_an_answer_must_name_duty_kinds_of_its_questions_field(editor_client, legal_field):
    other = DutyKind.objects.create(
        field=make_field(name="Health care", slug="health-care"), name="Care", slug="care"
    )
    response = editor_client.post(
        reverse("admin:roles_fitquestion_add"),
        {
            "field": legal_field.pk,
            "legend": "Care?",
            "topic": "Care",
            "slug": "care",
            "weight": "2",
            "order": "1",
            **inline_rows("options", [{"order": "1", "value": "lots", "label": "Lots",
                                       "kinds": [other.pk], "amount": "most"}]),
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "Choose duty kinds of Legal support, the question&#x27;s field." in (
        response.content.decode()
    )
    assert not FitQuestion.objects.exists()


def test_an_editor_improves_an_occupation_and_the_page_credits_the_change(editor_client, catalogue):
    occupation = Occupation.objects.get(code=PARALEGALS)
    url = reverse("admin:roles_occupation_change", args=[occupation.pk])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(
        url,
        {
            "title": occupation.title,
            "description": "Our own clearer description of what paralegals do at work.",
            "overview": "**Our words** about paralegal work.",
            "status": "published",
            "editing_version": editing_version(editor_client, url),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = Client().get(occupation.get_absolute_url()).content.decode()
    assert "Our own clearer description" in page
    assert "<strong>Our words</strong>" in page
    assert (
        "modified by Career Guide (an editor reworded the description of Paralegals and Legal "
        "Assistants)" in page
    )
    assert editor_client.get(reverse("admin:roles_occupation_add")).status_code == 403


def test_row_notes_offer_the_fields_duty_rows(editor_client):
    make_duty(kind="client")
    comparison = make_comparison([make_role("Paralegal"), make_role("Legal assistant")])
    html = editor_client.get(
        reverse("admin:roles_comparison_change", args=[comparison.pk])
    ).content.decode()
    assert '<option value="duties-client-contact">Client contact (Legal support)</option>' in html


def test_every_admin_list_and_form_opens_for_an_editor(editor_client, shipped_content):
    from django.contrib import admin as django_admin

    for model, model_admin in django_admin.site._registry.items():
        if model._meta.app_label != "roles":
            continue
        name = model._meta.model_name
        response = editor_client.get(reverse(f"admin:roles_{name}_changelist"))
        assert response.status_code == 200, name
        instance = model.objects.first()
        if instance is not None:
            change = editor_client.get(reverse(f"admin:roles_{name}_change", args=[instance.pk]))
            assert change.status_code == 200, name
        if model_admin.has_add_permission(response.wsgi_request):
            assert editor_client.get(reverse(f"admin:roles_{name}_add")).status_code == 200, name
