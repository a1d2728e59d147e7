"""PLACEHOLDER, replaced by lane fts's module at the merge: search on databases other than PostgreSQL.

Same signatures as lane fts's SQLite FTS5 module; here the index is a no-op and matching is the
former `icontains` over the given fields (every text field of the model if none are given).
"""

from django.db.models import CharField, Q, QuerySet, TextField


def refresh_fts(model, fields: list[str], ids=None) -> None:
    """No index to keep in this placeholder."""


def fts_filter(queryset: QuerySet, groups, *, fields: list[str] | None = None) -> QuerySet:
    """Rows matching the parsed query (groups ANDed, atoms ORed, negations excluded), by icontains."""
    fields = fields or [
        f.name for f in queryset.model._meta.concrete_fields if isinstance(f, CharField | TextField)
    ]
    condition = Q()
    for group in groups:
        either = Q()
        for atom in group:
            found = Q()
            for name in fields:
                found |= Q(**{f"{name}__icontains": atom.text})
            either |= ~found if atom.negated else found
        condition &= either
    return queryset.filter(condition)
