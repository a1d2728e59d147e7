"""Keep the initiatives heap narrow: long texts go to TOAST storage (PostgreSQL only).

Facet counts scan every published row; with four language versions of long texts stored inline,
a row took about 2 kB and 100,000 rows no longer fitted in shared buffers. With a 512-byte tuple
target, PostgreSQL moves the long values (descriptions, objectives...) out of line as rows are
written, while titles stay in the row for sorting and the language facet; the detail page and
snippets fetch the long texts of 1 to 20 rows only.
"""

from django.db import migrations


def set_target(value):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE initiatives_initiative SET (toast_tuple_target = {value})")

    return apply


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_search_setup")]

    operations = [migrations.RunPython(set_target(512), set_target(2032))]
