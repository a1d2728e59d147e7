"""Rows the ground floor keeps for every app: per-value counts of search catalogues."""

from django.db import models


class FacetCount(models.Model):
    """How many published records of a catalogue carry one facet value (`facet:value`; the empty
    key counts the records). Kept by core.search.counters on each write, so that the search page
    with no query and no filter never scans the table."""

    catalogue = models.CharField(max_length=60)
    key = models.TextField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["catalogue", "key"], name="unique_facet_count")]

    def __str__(self):
        return f"{self.catalogue} {self.key}: {self.count}"
