"""Data out: a comparison as CSV, a role or comparison as JSON, each with its sources."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from roles.compare.export import ONET_CREDIT
from roles.models import ChartRow, LabourFigure, Occupation, Qualification, Status
from tests.catalogue import PARALEGALS
from tests.conftest import (
    add_duty,
    add_figure,
    add_move,
    add_qualification,
    grow_profile,
    make_comparison,
    make_duty,
    make_qualification,
    make_role,
    make_source,
    make_work_setting,
)

SITE = settings.SITE_URL

pytestmark = pytest.mark.django_db

SLUGS = "legal-assistant-vs-legal-secretary"
CSV_URL = f"/compare/{SLUGS}.csv"
JSON_URL = f"/compare/{SLUGS}.json"


@pytest.fixture
def pair(legal_field, catalogue):
    assistant = make_role(
        "Legal assistant",
        field=legal_field,
        primary_focus="Case preparation",
        other_titles="Legal aide\nLitigation assistant",
        occupation=Occupation.objects.get(code=PARALEGALS),
        # Nearest, not within: the role shows its own figures below, not the occupation's OEWS ones.
        occupation_relation="nearest",
    )
    secretary = make_role("Legal secretary", field=legal_field, primary_focus="Office documents")
    filing = make_duty("Keep case files in order", kind="administrative")
    add_duty(assistant, filing)
    add_duty(secretary, filing)
    add_duty(
        assistant,
        make_duty("Draft discovery requests", kind="substantive", onet_task_id=4567),
    )
    add_duty(secretary, make_duty("Type correspondence", kind="administrative"), order=1)
    add_qualification(
        secretary,
        make_qualification(
            "NALS ALP",
            kind=Qualification.Kind.CERTIFICATION,
            issuing_body="NALS",
            url="https://www.nals.org/alp",
        ),
        level="helpful",
    )
    assistant.work_settings.add(make_work_setting("Law firms"))
    source = make_source(name="BLS handbook", publisher="BLS", url="https://www.bls.gov/ooh/x")
    add_figure(assistant, LabourFigure.Metric.MEDIAN_PAY, "60970", source=source, year=2023)
    add_figure(secretary, LabourFigure.Metric.MEDIAN_PAY, "46010", source=source, year=2024)
    add_figure(assistant, LabourFigure.Metric.GROWTH, "1.5", source=source, period_end=2033)
    add_move(assistant, to_title="Paralegal", what_it_takes="A paralegal certificate.")
    return assistant, secretary


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def csv_rows_by_label(response):
    return {line[0]: line[1:] for line in read_csv(response)}


def test_comparison_downloads_as_a_csv_attachment_named_after_its_roles(client, pair):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{SLUGS}.csv"'


def test_csv_has_a_header_row_and_one_line_per_chart_row(client, pair):
    make_comparison(
        list(pair), notes={"duties-administrative-focus": "Secretaries run the paperwork."}
    )
    lines = read_csv(client.get(CSV_URL))
    assert lines[0] == ["Row", "Legal assistant", "Legal secretary", "Note"]
    labels = [line[0] for line in lines[1:]]
    assert labels[0] == "Primary focus"
    assert labels[1:3] == ["Substantive legal duties", "Administrative focus"]
    assert labels[3 : 3 + len(ChartRow.choices) - 1] == [label for _, label in ChartRow.choices[1:]]
    assert all(len(line) == 4 for line in lines)
    rows = csv_rows_by_label(client.get(CSV_URL))
    assert rows["Primary focus"][:2] == ["Case preparation", "Office documents"]
    assert rows["Administrative focus"] == [
        "Keep case files in order (Core)",
        "Keep case files in order (Core); Type correspondence (Core)",
        "Secretaries run the paperwork.",
    ]
    assert rows["Certifications"][:2] == ["None listed", "NALS ALP (Helpful)"]
    assert rows["Career opportunities"][0] == "Paralegal (A paralegal certificate.)"


def test_csv_figures_carry_their_source_and_year(client, pair):
    rows = csv_rows_by_label(client.get(CSV_URL))
    assistant_pay, secretary_pay, _ = rows["Median pay"]
    assert assistant_pay.startswith("$60,970 a year.")
    assert "Source: BLS, BLS handbook, 2023 (https://www.bls.gov/ooh/x)" in assistant_pay
    assert secretary_pay.startswith("$46,010 a year.") and ", 2024 " in secretary_pay
    assistant_outlook, secretary_outlook, _ = rows["Job outlook"]
    assert assistant_outlook.startswith("Slower than average; Projected growth +1.5% (2023–2033).")
    assert "projection 2023–2033" in assistant_outlook
    assert secretary_outlook == "No published figure"


def test_csv_credits_onet_where_it_informs_a_duty(client, pair):
    rows = csv_rows_by_label(client.get(CSV_URL))
    assert rows["Credit"][-1].startswith(
        "This page includes information from the O*NET 29.3 Database by USDOL/ETA, modified by "
        "Career Guide (the duty wording on the guide's roles is ours)."
    )
    assert "modified" in rows["Credit"][-1]


def test_csv_cells_never_run_as_spreadsheet_formulas(client, pair):
    assistant, _ = pair
    assistant.primary_focus = '=HYPERLINK("https://evil.example","click")'
    assistant.save()
    rows = csv_rows_by_label(client.get(CSV_URL))
    assert rows["Primary focus"][0] == "'" + assistant.primary_focus


def test_role_json_states_the_profile_with_sources(client, pair):
    assistant, _ = pair
    response = client.get(f"/roles/{assistant.slug}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["title"] == "Legal assistant"
    assert data["url"] == f"{SITE}/roles/legal-assistant/"
    assert data["json_url"] == f"{SITE}/roles/legal-assistant.json"
    assert data["field"] == {"name": "Legal support", "slug": "legal-support"}
    assert data["other_titles"] == ["Legal aide", "Litigation assistant"]
    assert data["occupation"]["onet_soc_code"] == PARALEGALS
    assert data["occupation"]["relation"] == "nearest"
    assert data["entry_education"] == {"value": 10, "label": "High school diploma or equivalent"}
    assert data["work_settings"] == [{"name": "Law firms", "slug": "law-firms", "remote": False}]
    assert {duty["name"]: duty["onet_task_id"] for duty in data["duties"]} == {
        "Keep case files in order": None,
        "Draft discovery requests": 4567,
    }
    assert data["duties"][0]["kind"] == "administrative" and data["duties"][0]["emphasis"] == "core"
    assert data["career_moves"] == [
        {"title": "Paralegal", "role": None, "what_it_takes": "A paralegal certificate."}
    ]
    assert data["last_updated"].startswith(str(assistant.updated_at.year))


def test_role_json_figures_name_their_source_and_year(client, pair):
    assistant, _ = pair
    data = json.loads(client.get(f"/roles/{assistant.slug}.json").content)
    pay, growth = data["figures"]
    assert pay["metric"] == "median_pay" and pay["value"] == 60970 and pay["period"] == "2023"
    assert pay["citation"] == "Source: BLS, BLS handbook, 2023"
    assert pay["source"] == {
        "name": "BLS handbook",
        "publisher": "BLS",
        "url": "https://www.bls.gov/ooh/x",
    }
    assert pay["population"] == "Legal assistants (SOC 00-0000)"
    assert growth["value"] == 1.5 and growth["period"] == "2023–2033"
    assert data["sources"] == [pay["source"]]


def test_a_role_within_an_occupation_downloads_its_occupations_oews_figures(client, pair):
    assistant, _ = pair
    assistant.occupation_relation = "within"
    assistant.save()
    data = json.loads(client.get(f"/roles/{assistant.slug}.json").content)
    figures = {figure["metric"]: figure for figure in data["figures"]}
    # Its own median pay (from a handbook, 2023) gives way to the occupation's newer estimate;
    # its growth projection, which OEWS does not publish, stays.
    assert figures["median_pay"]["value"] == 61010 and figures["median_pay"]["period"] == "May 2024"
    assert figures["median_pay"]["population"] == "Paralegals and Legal Assistants (SOC 23-2011)"
    assert figures["employment"]["value"] == 367220 and "jobs" not in figures
    assert figures["growth"]["value"] == 1.5
    page = client.get(assistant.get_absolute_url()).content.decode()
    assert "$61,010 a year" in page and "$60,970" not in page
    rows = csv_rows_by_label(client.get(CSV_URL))
    assert (
        rows["Median pay"][0].startswith("$61,010 a year.")
        and "OEWS, May 2024" in rows["Median pay"][0]
    )


def test_role_json_credits_onet_only_where_it_informs_a_duty(client, pair):
    assistant, secretary = pair
    attribution = json.loads(client.get(f"/roles/{assistant.slug}.json").content)["attribution"]
    assert attribution[0]["credit"] == ONET_CREDIT.format(release="29.3")
    assert "Modified by Career Guide: the duty wording" in attribution[0]["modified"]
    assert attribution[0]["license"] == "CC BY 4.0"
    assert json.loads(client.get(f"/roles/{secretary.slug}.json").content)["attribution"] == []


def test_role_json_lists_qualifications_with_their_issuer_and_link(client, pair):
    _, secretary = pair
    (qualification,) = json.loads(client.get(f"/roles/{secretary.slug}.json").content)[
        "qualifications"
    ]
    assert qualification["name"] == "NALS ALP"
    assert qualification["kind"] == "certification" and qualification["level"] == "helpful"
    assert qualification["issuing_body"] == "NALS"
    assert qualification["url"] == "https://www.nals.org/alp"


def test_links_in_downloads_use_the_site_address_not_the_requests_host(client, pair, settings):
    settings.SITE_URL = "https://guide.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.net"]
    role = json.loads(
        client.get("/roles/legal-assistant.json", HTTP_HOST="mirror.example.net").content
    )
    chart = json.loads(client.get(JSON_URL, HTTP_HOST="mirror.example.net").content)
    assert role["url"] == "https://guide.example.org/roles/legal-assistant/"
    assert chart["csv_url"] == f"https://guide.example.org{CSV_URL}"
    assert "mirror.example.net" not in json.dumps([role, chart])


def test_role_json_leaves_out_moves_to_draft_roles(client, pair):
    assistant, secretary = pair
    add_move(secretary, to_role=assistant)
    draft = make_role("Secret next step", status=Status.DRAFT)
    add_move(secretary, to_role=draft)
    add_move(secretary, to_title="Office manager")
    moves = json.loads(client.get(f"/roles/{secretary.slug}.json").content)["career_moves"]
    assert [move["title"] for move in moves] == ["Legal assistant", "Office manager"]
    assert moves[0]["role"]["json_url"] == f"{SITE}/roles/legal-assistant.json"
    assert moves[1]["role"] is None


def test_comparison_json_holds_roles_rows_shared_duties_and_sources(client, pair):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["title"] == "Legal assistant vs Legal secretary"
    assert data["url"] == f"{SITE}/compare/{SLUGS}/"
    assert data["csv_url"] == f"{SITE}{CSV_URL}"
    assert [job["slug"] for job in data["jobs"]] == ["legal-assistant", "legal-secretary"]
    keys = [row["key"] for row in data["rows"]]
    assert keys[0] == "primary_focus" and keys[-1] == "career_moves"
    assert "duties-administrative-focus" in keys
    pay_row = next(row for row in data["rows"] if row["key"] == "median_pay")
    assert [cell["job"] for cell in pay_row["cells"]] == ["legal-assistant", "legal-secretary"]
    secretary_pay = pay_row["cells"][1]["figures"][0]
    assert secretary_pay["value"] == 46010 and secretary_pay["period"] == "2024"
    assert secretary_pay["source"]["name"] == "BLS handbook"
    admin_row = next(row for row in data["rows"] if row["key"] == "duties-administrative-focus")
    assert admin_row["cells"][0]["items"][0] == {
        "text": "Keep case files in order",
        "detail": "Core",
        "shared_with": ["Legal secretary"],
    }
    assert data["shared_duties"] == ["Keep case files in order"]
    assert data["curated_comparison"] is None
    assert data["sources"][0]["url"] == "https://www.bls.gov/ooh/x"
    assert data["attribution"][0]["credit"] == ONET_CREDIT.format(release="29.3")


def test_comparison_json_includes_curated_text_as_markdown_and_safe_html(client, pair):
    make_comparison(
        list(pair),
        title="Assistant or secretary?",
        introduction="Both support lawyers; **depth differs**.<script>alert(1)</script>",
        advice="Pick the assistant role if you like research.",
        notes={ChartRow.SKILLS: "Both need care."},
    )
    data = json.loads(client.get(JSON_URL).content)
    curated = data["curated_comparison"]
    assert data["title"] == "Assistant or secretary?"
    assert curated["introduction"]["markdown"].startswith("Both support lawyers; **depth")
    assert "<strong>depth differs</strong>" in curated["introduction"]["html"]
    assert "<script" not in curated["introduction"]["html"]
    assert "research" in curated["advice"]["html"]
    skills = next(row for row in data["rows"] if row["key"] == "skills")
    assert skills["note"] == "Both need care."


def test_draft_comparison_text_stays_out_of_the_data(client, pair):
    make_comparison(list(pair), introduction="Not ready yet.", status=Status.DRAFT)
    assert json.loads(client.get(JSON_URL).content)["curated_comparison"] is None


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_reversed_order_redirects_to_the_canonical_data_url(client, pair, extension):
    response = client.get(f"/compare/legal-secretary-vs-legal-assistant.{extension}")
    assert response.status_code == 301
    assert response.url == f"/compare/{SLUGS}.{extension}"


@pytest.mark.parametrize("path", [CSV_URL, JSON_URL, "/roles/legal-assistant.json"])
def test_draft_roles_are_hidden_from_readers_but_not_editors(editor_client, pair, path):
    assistant, _ = pair
    assistant.status = Status.DRAFT
    assistant.save()
    assert Client().get(path).status_code == 404
    assert editor_client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/roles/nobody.json", 404),
        ("/compare/legal-assistant-vs-nobody.json", 404),
        ("/compare/legal-assistant-vs-nobody.csv", 404),
        ("/compare/legal-assistant.json", 400),
        ("/compare/legal-assistant-vs-legal-assistant.csv", 400),
        ("/compare/a-vs-b-vs-c-vs-d-vs-e.json", 400),
        ("/compare/-vs-.csv", 400),
    ],
)
def test_bad_data_addresses_get_a_clear_error_in_their_format(client, pair, path, status):
    response = client.get(path)
    assert response.status_code == status
    if path.endswith(".json"):
        assert json.loads(response.content)["error"]
    else:
        assert response["Content-Type"].startswith("text/plain")


def test_data_urls_have_stable_names_and_leave_the_pages_alone(client, pair):
    assert reverse("roles:role_json", kwargs={"slug": "legal-assistant"}) == (
        "/roles/legal-assistant.json"
    )
    assert reverse("roles:compare_csv", kwargs={"slugs": SLUGS}) == CSV_URL
    assert reverse("roles:compare_json", kwargs={"slugs": SLUGS}) == JSON_URL
    assert client.get("/roles/legal-assistant/").status_code == 200
    assert client.get(f"/compare/{SLUGS}/").status_code == 200


def test_posting_to_a_data_url_is_refused(client, pair):
    assert client.post(JSON_URL).status_code == 405


@pytest.mark.parametrize(("role_count", "size"), [(2, 3), (4, 30)])
@pytest.mark.parametrize("extension", ["csv", "json"])
def test_comparison_data_query_count_does_not_grow_with_roles_or_duties(
    client, django_assert_num_queries, role_count, size, extension
):
    shared = make_duty("Shared filing", onet_task_id=1234)
    roles = [make_role(f"Role {letter}") for letter in "abcd"[:role_count]]
    for role in roles:
        grow_profile(role, size, shared_duties=[shared])
        add_move(role, to_title="Office manager")
    add_move(roles[0], to_role=roles[1])
    make_comparison(roles, notes={ChartRow.SKILLS: "A note."})
    url = f"/compare/{'-vs-'.join(role.slug for role in roles)}.{extension}"
    # Queries: roles with fields; duties; qualifications; figures with sources; work settings;
    # moves with destinations; the fields' duty kinds; curated comparison; its row notes.
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_role_json_query_count_does_not_grow_with_the_profile(
    client, django_assert_num_queries, size
):
    role = make_role("Legal assistant")
    grow_profile(role, size)
    add_move(role, to_role=make_role("Paralegal"))
    # Queries: role with field and occupation; duties; qualifications; figures with sources;
    # work settings; moves with destinations; the field's duty kinds.
    with django_assert_num_queries(7):
        response = client.get("/roles/legal-assistant.json")
    assert response.status_code == 200
    assert len(json.loads(response.content)["duties"]) == size
