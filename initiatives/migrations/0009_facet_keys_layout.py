"""The facet-keys array now starts with the single-valued facets at fixed places (see
core.search.index.facet_keys): recompute it for the existing records (PostgreSQL only)."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from initiatives.search import refresh_search_index  # the live code: the columns' one definition

    if apps.get_model("initiatives", "Initiative").objects.exists():
        refresh_search_index()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0008_initiativedocument_content_check")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
