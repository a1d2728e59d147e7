"""Model fields of the search columns."""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class FacetKeysField(ArrayField):
    """The `facet:value` strings of a row (see core.search.index.facet_keys): an array on PostgreSQL.
    Other databases (the SQLite quick start) keep the column empty; ArrayField's `%s::text[]`
    placeholder is PostgreSQL syntax, so it is used there only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("base_field", models.TextField())
        super().__init__(**kwargs)

    def get_placeholder(self, value, compiler, connection):
        if connection.vendor != "postgresql":
            return "%s"
        return super().get_placeholder(value, compiler, connection)
