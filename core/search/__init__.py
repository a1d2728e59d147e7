"""One search for every catalogue: a catalogue declares its model, text, facets and sorts once
(`catalogue.py`); the rest of the package derives parsing, filtering, counting, pages and exports."""

from .catalogue import Catalogue, Column, Facet, Period, Sort, Term
from .results import FacetResult, FacetValue, SearchPage, search

__all__ = [
    "Catalogue",
    "Column",
    "Facet",
    "FacetResult",
    "FacetValue",
    "Period",
    "SearchPage",
    "Sort",
    "Term",
    "search",
]
