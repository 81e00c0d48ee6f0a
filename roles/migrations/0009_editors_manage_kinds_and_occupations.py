"""Editors manage duty kinds and fit questions, and may improve imported occupations.

The tables the importers own (tasks, titles, skills, wages...) are theirs to read, not to change:
the next import would undo the change.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"
MANAGED = ["dutykind", "fitquestion", "fitoption"]
IMPROVED = ["occupation"]
READ_ONLY = [
    "jobzone",
    "educationcategory",
    "wageestimate",
    "workactivity",
    "task",
    "alternatetitle",
    "reportedtitle",
    "skill",
    "occupationskill",
    "educationshare",
    "relatedoccupation",
]


def grant(apps, schema_editor):
    roles_config = apps.get_app_config("roles")
    roles_config.models_module = True
    create_permissions(roles_config, apps=apps, verbosity=0)
    roles_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    wanted = Permission.objects.filter(content_type__app_label="roles")
    group.permissions.add(*wanted.filter(content_type__model__in=MANAGED))
    group.permissions.add(
        *wanted.filter(content_type__model__in=IMPROVED, codename__regex=r"^(view|change)_")
    )
    group.permissions.add(*wanted.filter(content_type__model__in=READ_ONLY, codename__startswith="view_"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="roles",
                content_type__model__in=MANAGED + IMPROVED + READ_ONLY,
            )
        )


class Migration(migrations.Migration):
    dependencies = [("roles", "0008_duty_kind_required")]

    operations = [migrations.RunPython(grant, revoke)]
