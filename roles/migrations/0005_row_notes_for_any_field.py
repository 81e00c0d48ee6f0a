"""Row notes may name any chart row, including rows of duties that fields define as data.

The chart's rows of duties used to be fixed choices; they are now built from each field's duty
kinds and keyed "duties-<slug of the row's label>". Notes on those rows are re-keyed from the
labels the old choices gave them, so every note stays on the row it was written for.
"""

from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader
from django.utils.text import slugify

PREVIOUS = ("roles", "0004_constraint_messages")
# The rows every chart has, whatever the field; they keep their keys.
FIXED_ROWS = (
    "primary_focus",
    "education",
    "certifications",
    "skills",
    "work_settings",
    "median_pay",
    "outlook",
    "career_moves",
)


def rekey_duty_row_notes(apps, schema_editor):
    # The labels are those the row's choices had before this migration widened the column.
    before = MigrationLoader(schema_editor.connection).project_state(PREVIOUS).apps
    old_field = before.get_model("roles", "ComparisonRowNote")._meta.get_field("row")
    labels = dict(old_field.choices or ())
    Note = apps.get_model("roles", "ComparisonRowNote")
    for note in Note.objects.exclude(row__in=FIXED_ROWS):
        note.row = "duties-" + slugify(labels.get(note.row, note.row))
        note.save(update_fields=["row"])


class Migration(migrations.Migration):
    dependencies = [PREVIOUS]

    operations = [
        migrations.RemoveConstraint(model_name="comparisonrownote", name="row_note_row_valid"),
        # Wide enough for "duties-" and a row's label before the notes are re-keyed.
        migrations.AlterField(
            model_name="comparisonrownote",
            name="row",
            field=models.CharField(
                help_text="A fixed row's key, or the key of a duty kind's chart row.", max_length=110
            ),
        ),
        migrations.RunPython(rekey_duty_row_notes, migrations.RunPython.noop),
    ]
