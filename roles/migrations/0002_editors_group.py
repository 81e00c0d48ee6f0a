"""The "Editors" group: every permission needed to maintain the guide, none over user accounts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"
EDITED_MODELS = [
    "careerfield",
    "worksetting",
    "source",
    "role",
    "duty",
    "roleduty",
    "qualification",
    "rolequalification",
    "careermove",
    "labourfigure",
    "comparison",
    "comparisonrole",
    "comparisonrownote",
]


def create_editors_group(apps, schema_editor):
    # Permissions are normally made after all migrations run; make the app's ones now.
    roles_config = apps.get_app_config("roles")
    roles_config.models_module = True
    create_permissions(roles_config, apps=apps, verbosity=0)
    roles_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="roles", content_type__model__in=EDITED_MODELS
        )
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
