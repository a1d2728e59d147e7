"""PostgreSQL search machinery: extensions, accent-insensitive text search configurations, indexes.

Written as vendor-conditional RunPython so that the SQLite quick start migrates too (its search
degrades to simple matching, see initiatives/search.py).
"""

from django.db import migrations

CONFIGS = {"es": "spanish", "en": "english", "fr": "french", "pt": "portuguese"}

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *[
        statement
        for code, dictionary in CONFIGS.items()
        for statement in (
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS ricomi_{code}",
            f"CREATE TEXT SEARCH CONFIGURATION ricomi_{code} (COPY = pg_catalog.{dictionary})",
            f"ALTER TEXT SEARCH CONFIGURATION ricomi_{code} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}_stem",
        )
    ],
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS ricomi_simple",
    "CREATE TEXT SEARCH CONFIGURATION ricomi_simple (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION ricomi_simple ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    "CREATE INDEX IF NOT EXISTS initiative_search_vector_gin "
    "ON initiatives_initiative USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS initiative_search_titles_trgm "
    "ON initiatives_initiative USING gin (search_titles gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS initiative_search_titles_trgm",
    "DROP INDEX IF EXISTS initiative_search_vector_gin",
    *[f"DROP TEXT SEARCH CONFIGURATION IF EXISTS ricomi_{code}" for code in [*CONFIGS, "simple"]],
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
