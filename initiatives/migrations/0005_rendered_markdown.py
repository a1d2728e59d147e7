"""The Markdown sections of initiatives rendered once, when saved: the column, and the rendering of
every existing record (in batches, so 100,000 records never sit in memory at once)."""

from django.db import migrations, models

from initiatives.rendering import MARKDOWN_FIELDS, language_codes, rendered_sections

BATCH = 1000


def render_existing(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    columns = [f"{name}_{code}" for name in MARKDOWN_FIELDS for code in language_codes()]
    batch = []
    for initiative in Initiative.objects.only("pk", *columns).order_by("pk").iterator(chunk_size=BATCH):
        initiative.rendered_markdown = rendered_sections(initiative)
        batch.append(initiative)
        if len(batch) == BATCH:
            Initiative.objects.bulk_update(batch, ["rendered_markdown"])
            batch = []
    Initiative.objects.bulk_update(batch, ["rendered_markdown"])


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0004_search_arrays"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="rendered_markdown",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        # Reversed by dropping the column: nothing to undo in the rows.
        migrations.RunPython(render_existing, migrations.RunPython.noop),
    ]
