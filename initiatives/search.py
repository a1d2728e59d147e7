"""The initiatives' search index: kept by core.search from the catalogue's declaration.

PostgreSQL: one weighted tsvector per initiative (title A, summary B, body and the names of its
themes, populations, objectives and countries C) in the four languages' accent-insensitive,
stemmed configurations (ricomi_es, ricomi_en, ricomi_fr, ricomi_pt; see migration 0002).
Other databases (the SQLite quick start) use core.sqlite_fts: words folded for case and accents
over the same texts, without stemming, ranking or tag names.
"""

from core.search.index import refresh_index

from .catalogues import INITIATIVES


def refresh_search_index(initiative_ids=None) -> None:
    """Recompute the search columns of the given initiatives (all if None); cached counts expire."""
    refresh_index(INITIATIVES, initiative_ids)
