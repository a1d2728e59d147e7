"""The facet-keys array now starts with the single-valued facets at fixed places (see
core.search.index.facet_keys): recompute it for the existing offers, requests and projects."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from exchanges.catalogues import refresh_search_index  # the live code: the columns' one definition
    from exchanges.models import CooperationOffer, CooperationRequest, Project

    for model in (CooperationOffer, CooperationRequest, Project):
        if model.objects.exists():
            refresh_search_index(model)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0006_reportdocument_content_check")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
