"""Load the shipped reference data and create the role groups with their permissions.

Both steps only add what is missing, so they are safe to re-run; the post_migrate handler in
network/apps.py calls the same functions to pick up permissions of apps migrated later.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from network.reference import load_reference_data
    from network.roles import sync_role_groups

    load_reference_data(apps)
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
