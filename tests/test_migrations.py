"""Migrating a database made before duty kinds were data: the guide reads the same afterwards."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.text import slugify

BEFORE = [("roles", "0004_constraint_messages")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_duty_kinds_row_notes_and_remote_settings_survive_the_move_to_data():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    field = old.get_model("roles", "CareerField").objects.create(
        name="Legal support", slug="legal-support"
    )
    role = old.get_model("roles", "Role").objects.create(
        title="Paralegal",
        slug="paralegal",
        field=field,
        summary="Researches and drafts for lawyers, with a clear set of duties every day.",
        primary_focus="Research",
        entry_education=40,
        status="published",
    )
    research = old.get_model("roles", "Duty").objects.create(
        name="Research case law", slug="research-case-law", kind="research"
    )
    old.get_model("roles", "RoleDuty").objects.create(role=role, duty=research, emphasis="core")
    comparison = old.get_model("roles", "Comparison").objects.create(title="Pair", slug="pair")
    old.get_model("roles", "ComparisonRowNote").objects.create(
        comparison=comparison, row="legal_duties", note="Paralegals research more."
    )
    old.get_model("roles", "WorkSetting").objects.create(name="Remote", slug="remote")
    old.get_model("roles", "WorkSetting").objects.create(name="Courts", slug="courts")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    kind = new.get_model("roles", "DutyKind").objects.get()
    # Named as the old choices named it, in the field whose roles carry it.
    assert (kind.name, kind.slug, kind.field_id) == (
        "Research and investigation",
        "research",
        field.pk,
    )
    assert new.get_model("roles", "Duty").objects.get().kind_id == kind.pk
    # The note stays on its row: the old "Substantive legal duties" row, which the kind fills.
    note = new.get_model("roles", "ComparisonRowNote").objects.get()
    assert note.row == "duties-" + slugify(kind.chart_row)
    settings = dict(new.get_model("roles", "WorkSetting").objects.values_list("slug", "is_remote"))
    assert settings == {"remote": True, "courts": False}
