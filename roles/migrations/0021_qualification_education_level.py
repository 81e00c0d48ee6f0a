"""An education qualification stores its level of education (the audit read it from the name).

Qualifications the shipped content file gives a level take it, matched by slug. Where the content
loader wrote a row and no editor has changed it since, its record is brought up to date, so the
loader still sees the row as its own (unchanged, or updated by a later file) rather than as an
editor's change it must skip. An education qualification without a level is left for an editor:
the content audit names it.
"""

import hashlib
import json
import tomllib
from pathlib import Path

from django.db import migrations, models

from roles.models.common import EducationLevel

# The fields the content loader compared for a qualification before this one.
LOADED_BEFORE = ("name", "kind", "description", "issuing_body", "url")
SHIPPED_CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "content" / "catalogue.toml"


def shipped_levels():
    """{slug: level as the file writes it} for the shipped file's education qualifications."""
    try:
        with SHIPPED_CATALOGUE.open("rb") as handle:
            catalogue = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {
        entry.get("slug"): entry["education_level"]
        for entry in catalogue.get("qualifications", [])
        if entry.get("kind") == "education" and entry.get("education_level")
    }


def _digest(payload):
    # As the content loader computes it.
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def levels_from_shipped_content(apps, schema_editor):
    Qualification = apps.get_model("roles", "Qualification")
    LoadedContent = apps.get_model("roles", "LoadedContent")
    shipped = shipped_levels()
    for qualification in Qualification.objects.filter(kind="education", slug__in=shipped):
        name = shipped[qualification.slug]
        level = EducationLevel.__members__.get(str(name).upper())
        if level is None:
            continue
        before = {field: getattr(qualification, field) for field in LOADED_BEFORE}
        qualification.education_level = level
        qualification.save(update_fields=["education_level"])
        record = LoadedContent.objects.filter(kind="qualification", key=qualification.slug).first()
        if record is not None and record.digest == _digest(before):
            record.digest = _digest({**before, "education_level": level.name.lower()})
            record.save(update_fields=["digest"])


class Migration(migrations.Migration):

    dependencies = [
        ('roles', '0020_us_spelling_in_labels'),
    ]

    operations = [
        migrations.AddField(
            model_name='qualification',
            name='education_level',
            field=models.PositiveSmallIntegerField(blank=True, choices=[(0, 'No formal credential'), (10, 'High school diploma or equivalent'), (20, 'Postsecondary certificate'), (30, 'Some college, no degree'), (40, "Associate's degree"), (50, "Bachelor's degree"), (60, "Master's degree"), (70, 'Doctoral or professional degree')], help_text="For education only: the level this qualification is, e.g. Associate's degree. The audit checks a role's typical entry education against the levels it requires.", null=True, verbose_name='level of education'),
        ),
        migrations.AddConstraint(
            model_name='qualification',
            constraint=models.CheckConstraint(condition=models.Q(('education_level__isnull', True), models.Q(('education_level__in', [0, 10, 20, 30, 40, 50, 60, 70]), ('kind', 'education')), _connector='OR'), name='qualification_education_level_valid', violation_error_message='Only an education qualification has a level of education: clear the level, or make the kind Education.'),
        ),
        migrations.RunPython(levels_from_shipped_content, migrations.RunPython.noop),
    ]
