"""Duty kinds become rows an editor manages per field; work settings say whether they are remote.

Each kind a duty used becomes a DutyKind of the field whose roles carry most duties of it, named
as the old choices named it. Its chart row and work-mix share (new fields, which no row had
before) come from the shipped content file where it defines a kind of the same field and slug,
so charts keep their rows and notes whoever made the content. Where the content loader made the
rows, the kinds are recorded as loaded, so it may later update them like anything else it loaded
and no editor has touched since.
"""

import hashlib
import json
import tomllib
from pathlib import Path

from django.db import migrations
from django.db.models import Count
from django.utils import timezone

# A work setting whose slug or name contains one of these is a way of working remotely.
REMOTE_MARKERS = ("remote", "work-from-home", "home-based", "telework")
# The fields the content loader compares for a duty kind (roles/importers/content.py).
LOADED_KIND_FIELDS = ("name", "order", "chart_row", "work_mix")
SHIPPED_CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "content" / "catalogue.toml"


def shipped_kind_rows():
    """{(field slug, kind slug): (chart row, work-mix share)} from the shipped content file."""
    try:
        with SHIPPED_CATALOGUE.open("rb") as handle:
            catalogue = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {
        (kind.get("field"), kind.get("slug")): (kind.get("chart_row", ""), kind.get("work_mix", ""))
        for kind in catalogue.get("duty_kinds", [])
    }


def _digest(payload):
    # As the content loader computes it.
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def kinds_as_rows(apps, schema_editor):
    CareerField = apps.get_model("roles", "CareerField")
    Duty = apps.get_model("roles", "Duty")
    DutyKind = apps.get_model("roles", "DutyKind")
    LoadedContent = apps.get_model("roles", "LoadedContent")
    RoleDuty = apps.get_model("roles", "RoleDuty")

    labels = dict(Duty._meta.get_field("kind").choices or ())
    position = {value: index for index, value in enumerate(labels, start=1)}
    used = sorted(set(Duty.objects.values_list("kind", flat=True)), key=lambda v: (position.get(v, 99), v))
    loader_ran = LoadedContent.objects.filter(kind="duty").exists()
    shipped = shipped_kind_rows()
    now = timezone.now()
    for value in used:
        field_id = (
            RoleDuty.objects.filter(duty__kind=value)
            .values("role__field")
            .annotate(duties=Count("id"))
            .order_by("-duties", "role__field")
            .values_list("role__field", flat=True)
            .first()
        )
        if field_id is None:
            field_id = CareerField.objects.order_by("order", "name").values_list("pk", flat=True).first()
        if field_id is None:
            field_id = CareerField.objects.create(name="General", slug="general").pk
        field_slug = CareerField.objects.get(pk=field_id).slug
        chart_row, work_mix = shipped.get((field_slug, value), ("", ""))
        kind = DutyKind.objects.create(
            field_id=field_id,
            name=labels.get(value, value),
            slug=value,
            order=position.get(value, 99),
            chart_row=chart_row,
            work_mix=work_mix,
        )
        Duty.objects.filter(kind=value).update(duty_kind=kind)
        if loader_ran:
            values = {name: getattr(kind, name) for name in LOADED_KIND_FIELDS}
            LoadedContent.objects.update_or_create(
                kind="dutykind",
                key=f"{field_slug}/{value}",
                defaults={"digest": _digest(values), "loaded_at": now},
            )


def mark_remote_settings(apps, schema_editor):
    WorkSetting = apps.get_model("roles", "WorkSetting")
    for setting in WorkSetting.objects.all():
        words = f"{setting.slug} {setting.name.lower().replace(' ', '-')}"
        if any(marker in words for marker in REMOTE_MARKERS):
            setting.is_remote = True
            setting.save(update_fields=["is_remote"])


class Migration(migrations.Migration):
    dependencies = [("roles", "0006_catalogue_schema")]

    operations = [
        migrations.RunPython(kinds_as_rows, migrations.RunPython.noop),
        migrations.RunPython(mark_remote_settings, migrations.RunPython.noop),
    ]
