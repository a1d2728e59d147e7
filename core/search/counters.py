"""Per-value counts of a catalogue's published records, kept on each write (PostgreSQL).

The search page with no query and no filter (the most visited) reads these counts instead of
scanning every published row: a write changes only the counts of the values it touched (its
`facet:value` strings before and after, and the total under the empty key). Large refreshes
(imports) and deletions recount from scratch; so does the first read of a catalogue never counted.
"""

from collections import Counter

from django.db import connection, transaction

from .catalogue import Catalogue

# Hand-written SQL: the ORM's upsert (bulk_create with update_conflicts) can only overwrite a
# count with the new value; an increment must add to what a concurrent write may have just added.
INCREMENT_SQL = """
INSERT INTO {table} (catalogue, key, count) SELECT %s, k, n FROM unnest(%s::text[], %s::int[]) AS d(k, n)
ON CONFLICT (catalogue, key) DO UPDATE SET count = {table}.count + EXCLUDED.count
"""


def stored_rows(catalogue: Catalogue) -> list[tuple[str, int]]:
    """(`facet:value`, count) of every published record, the total under ''; counted if never kept."""
    from core.models import FacetCount

    rows = list(FacetCount.objects.filter(catalogue=catalogue.name).values_list("key", "count"))
    return rows or recount(catalogue)


def kept_total(catalogue: Catalogue) -> int | None:
    """How many records are published, as kept (one indexed read); None if never counted."""
    from core.models import FacetCount

    return FacetCount.objects.filter(catalogue=catalogue.name, key="").values_list("count", flat=True).first()


def recount(catalogue: Catalogue) -> list[tuple[str, int]]:
    """Count every published record's values in one pass and keep the result."""
    from core.models import FacetCount

    from .counting import Selection, one_pass_rows

    rows = one_pass_rows(catalogue, catalogue.published(), Selection())
    with transaction.atomic():
        FacetCount.objects.filter(catalogue=catalogue.name).delete()
        FacetCount.objects.bulk_create(FacetCount(catalogue=catalogue.name, key=k, count=n) for k, n in rows)
    return rows


def apply_change(
    catalogue: Catalogue, removed: list[list[str] | None], added: list[list[str] | None]
) -> None:
    """Records with these values left the published set (`removed`) or entered it (`added`)."""
    from core.models import FacetCount

    delta = Counter()
    for keys in added:
        delta.update([*(keys or []), ""])
    for keys in removed:
        delta.subtract([*(keys or []), ""])
    changes = {key: n for key, n in delta.items() if n}
    if not changes or not FacetCount.objects.filter(catalogue=catalogue.name).exists():
        return  # nothing changed, or never counted yet: the first read counts
    table = connection.ops.quote_name(FacetCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            INCREMENT_SQL.format(table=table), [catalogue.name, list(changes), list(changes.values())]
        )


def record_keys(catalogue: Catalogue, instance) -> list[str] | None:
    """A record's stored facet values, read from its row (an instance's copy may predate a refresh)."""
    field = catalogue.facet_keys_field
    return catalogue.model.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
