"""Search columns of cooperation projects, a catalogue of the shared search like offers and requests
(exchanges/catalogues.py PROJECTS): the text vector, the short ranking vector, the trigram titles and
the facet values, with their indexes (PostgreSQL only; the SQLite quick start keeps them empty).
Existing projects are indexed here by the live code, the columns' one definition."""

import django.contrib.postgres.search
from django.db import migrations, models

import core.search.fields

TABLE = "exchanges_project"
FORWARD = [
    f"CREATE INDEX IF NOT EXISTS project_search_vector_gin ON {TABLE} USING gin (search_vector)",
    f"CREATE INDEX IF NOT EXISTS project_search_titles_trgm ON {TABLE} USING gin (search_titles gin_trgm_ops)",
    f"CREATE INDEX IF NOT EXISTS project_facet_keys_gin ON {TABLE} USING gin (facet_keys)",
    f"ALTER TABLE {TABLE} ALTER COLUMN facet_keys SET STORAGE PLAIN",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS project_{name}"
    for name in ("search_vector_gin", "search_titles_trgm", "facet_keys_gin")
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)
    from exchanges.catalogues import refresh_search_index
    from exchanges.models import Project

    if apps.get_model("exchanges", "Project").objects.exists():
        refresh_search_index(Project)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0004_merge_projects_and_offers_search"), ("core", "0002_facetcount")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="facet_keys",
            field=core.search.fields.FacetKeysField(
                base_field=models.TextField(), blank=True, editable=False, null=True, size=None
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="search_rank",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="project",
            name="search_titles",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="project",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
