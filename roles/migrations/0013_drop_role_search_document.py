"""Drop migration 0003's PostgreSQL-only role search document, its triggers and functions.

Search now reads the index of roles and occupations built in Python (roles/discover/index.py,
migration 0012) on both databases, so nothing reads the column any more, and its triggers only
cost time on every role, duty and qualification save. Unapplying this recreates them as 0003 did.
"""

from importlib import import_module

from django.db import migrations

original = import_module("roles.migrations.0003_role_search_document")


class Migration(migrations.Migration):
    dependencies = [("roles", "0012_search_index")]

    operations = [
        migrations.RunPython(
            original.on_postgresql(original.BACKWARDS), original.on_postgresql(original.FORWARDS)
        )
    ]
