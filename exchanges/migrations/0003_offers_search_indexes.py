"""Search indexes of offers and requests (PostgreSQL only; the SQLite quick start skips them): the
text vector, the trigram titles ("did you mean") and the facet values, as for initiatives (whose
migration 0002 created the text search configurations and extensions these rely on)."""

from django.db import migrations

TABLES = {"offer": "exchanges_cooperationoffer", "request": "exchanges_cooperationrequest"}
FORWARD = [
    statement
    for kind, table in TABLES.items()
    for statement in (
        f"CREATE INDEX IF NOT EXISTS {kind}_search_vector_gin ON {table} USING gin (search_vector)",
        f"CREATE INDEX IF NOT EXISTS {kind}_search_titles_trgm ON {table} USING gin (search_titles gin_trgm_ops)",
        f"CREATE INDEX IF NOT EXISTS {kind}_facet_keys_gin ON {table} USING gin (facet_keys)",
        f"ALTER TABLE {table} ALTER COLUMN facet_keys SET STORAGE PLAIN",
    )
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {kind}_{name}"
    for kind in TABLES
    for name in ("search_vector_gin", "search_titles_trgm", "facet_keys_gin")
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0001_initial"), ("initiatives", "0002_search_setup")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
