"""Publishing checks: a page that falls short of the content audit is published only by someone
with "publish_incomplete", which the new "Senior editors" group holds with everything Editors do."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"
SENIOR_EDITORS_GROUP = "Senior editors"


def create_senior_editors(apps, schema_editor):
    roles_config = apps.get_app_config("roles")
    roles_config.models_module = True
    create_permissions(roles_config, apps=apps, verbosity=0)
    roles_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITORS_GROUP).first()
    senior, _ = Group.objects.get_or_create(name=SENIOR_EDITORS_GROUP)
    permissions = list(editors.permissions.all()) if editors else []
    permissions += Permission.objects.filter(
        content_type__app_label="roles", codename="publish_incomplete"
    )
    senior.permissions.set(permissions)


def remove_senior_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SENIOR_EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0015_review_dates"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="role",
            options={
                "ordering": ["title"],
                "permissions": [
                    (
                        "publish_incomplete",
                        "Can publish a role or comparison that falls short of the content audit",
                    )
                ],
            },
        ),
        migrations.RunPython(create_senior_editors, remove_senior_editors),
    ]
