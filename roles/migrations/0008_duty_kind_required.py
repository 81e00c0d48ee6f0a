"""Every duty has a kind from its field's list; roles name their occupation instead of a code."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("roles", "0007_duty_kinds_as_data")]

    operations = [
        migrations.RemoveConstraint(model_name="duty", name="duty_kind_valid"),
        migrations.RemoveField(model_name="duty", name="kind"),
        migrations.RenameField(model_name="duty", old_name="duty_kind", new_name="kind"),
        migrations.AlterField(
            model_name="duty",
            name="kind",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="duties",
                to="roles.dutykind",
            ),
        ),
        migrations.AlterModelOptions(
            name="duty",
            options={"ordering": ["kind__order", "name"], "verbose_name_plural": "duties"},
        ),
        migrations.RemoveField(model_name="role", name="soc_code"),
    ]
