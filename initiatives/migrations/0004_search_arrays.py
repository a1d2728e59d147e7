"""Search columns for one-pass facet counts and cheap ranking (see core/search/index.py).

`facet_keys` holds every facet value of a row as `facet:value` strings, GIN-indexed so that any
facet filters with one index, and counted with one scan of the matched rows; stored in the row. `search_rank` is the
short vector (titles and summaries) that ranking reads. The index is PostgreSQL only; the SQLite
quick start keeps the columns empty. The columns are filled by `refresh_search_index()` (run by
this migration on PostgreSQL for existing rows).
"""

import django.contrib.postgres.search
from django.db import migrations, models

import core.search.fields

INDEX = (
    "CREATE INDEX IF NOT EXISTS initiative_facet_keys_gin ON initiatives_initiative USING gin (facet_keys)"
)
# Counting reads every matched row's array: kept in the row (about 300 bytes), never in TOAST,
# where the 512-byte tuple target of migration 0003 would otherwise move it (3x slower counts).
INLINE = "ALTER TABLE initiatives_initiative ALTER COLUMN facet_keys SET STORAGE PLAIN"
# Ranking reads the short vector of every match (769 rows for "retorno" and two facets): compressed
# in the row rather than in TOAST, the page of ids took 7 ms instead of 13.
RANK_INLINE = "ALTER TABLE initiatives_initiative ALTER COLUMN search_rank SET STORAGE MAIN"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(INDEX)
    schema_editor.execute(INLINE)
    schema_editor.execute(RANK_INLINE)
    from initiatives.search import refresh_search_index  # the live code: the columns' one definition

    if apps.get_model("initiatives", "Initiative").objects.exists():
        refresh_search_index()


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS initiative_facet_keys_gin")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_toast_long_texts"), ("core", "0002_facetcount")]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="facet_keys",
            field=core.search.fields.FacetKeysField(
                base_field=models.TextField(), blank=True, editable=False, null=True, size=None
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="search_rank",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
