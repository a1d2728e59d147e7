"""What a catalogue declares once: model, published rows, text, facets, sorts, export columns.

Everything else (URL parsing, filtering, counting, labels, the facet block, the canonical URL,
exports) is derived from these declarations by the rest of `core.search`.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet


@dataclass(frozen=True)
class Term:
    """One value of a facet: its key in URLs, its label in the visitor's language."""

    key: str
    label: str
    priority: bool = False


@dataclass(frozen=True)
class Facet:
    """One facet, declared in one line.

    `path` is a field or relation path (`kind`, `themes__slug`); `condition` replaces it when a
    value is a test rather than a stored value (a language is available when its title is set).
    `vocabulary` is either choices (`Model.Kind.choices`) or the name of a vocabulary returned by
    the catalogue's `vocabularies(language)`. `stored` turns a URL key into the stored value
    (country codes are lower case in URLs, upper case in the table). A disjunctive facet counts
    each value as if the facet's other values were not selected (OR within a facet).
    """

    key: str
    path: str | None
    vocabulary: str | Sequence[tuple[Any, Any]]
    label: str
    disjunctive: bool = True
    open: bool = False
    stored: Callable[[str], Any] = str
    condition: Callable[[str], Q] | None = None


@dataclass(frozen=True)
class Period:
    """Two year bounds in the URL; a record is kept when its [start, end] overlaps them
    (an empty end means ongoing)."""

    from_key: str
    to_key: str
    start: str
    end: str
    label: str
    minimum: int = 1950
    maximum: int = 2100


@dataclass(frozen=True)
class Sort:
    """An order the visitor may pick; `order(language)` returns order_by() arguments."""

    key: str
    label: str
    order: Callable[[str], list]


@dataclass(frozen=True)
class Column:
    """One column of the CSV and XLSX exports; `width` in characters, for the spreadsheet."""

    header: str
    value: Callable[[Any], Any]
    width: int = 16


@dataclass(frozen=True)
class Catalogue:
    """A searchable collection of records; declared once per kind of record (see
    `initiatives/catalogues.py`).

    `text` maps a weight (A, B, C) to field names; with `translated` true each name stands for
    its per-language columns (`title_es`, `title_en`...). `configs` maps a language code to its
    PostgreSQL text search configuration. `tags` are relation paths to translated names that are
    searchable as weight C. `vector_field` and `trigram_field` name the stored columns kept by
    `core.search.index.refresh_index`; without `vector_field` the vector is computed per query.
    `rank_field` holds a short vector (weights A and B only) that ranking reads instead of the whole
    one. `facet_keys_field` (an array of `facet:value` strings on each row, GIN-indexed) lets
    PostgreSQL filter by any facet with one index and count every facet in one pass.
    """

    name: str
    title: str
    model: type[Model]
    published: Callable[[], QuerySet]
    text: dict[str, list[str]]
    configs: dict[str, str]
    facets: list[Facet]
    sorts: list[Sort]
    row_template: str = "core/search/_row.html"
    columns: list[Column] = field(default_factory=list)
    period: Period | None = None
    translated: bool = True
    fallback_language: str = "es"
    tags: list[str] = field(default_factory=list)
    title_field: str | None = None  # highlighted in each result; the first weight-A field if None
    snippet_fields: list[str] = field(default_factory=list)
    vector_field: str | None = None
    rank_field: str | None = None
    trigram_field: str | None = None
    facet_keys_field: str | None = None
    # (field, value) of the rows `published` returns; the value may be a tuple of values (any of them)
    visibility: tuple[str, Any] | None = None
    vocabularies: Callable[[str], dict[str, list[Term]]] | None = None
    depends_on: list[str] = field(default_factory=list)
    page_size: int = 20
    select_related: list[str] = field(default_factory=list)
    prefetch_related: list[str] = field(default_factory=list)
    defer: list[str] = field(default_factory=list)
    # Attribute of each result row -> facet key: the row's values of that facet as vocabulary
    # terms, read from its facet array on PostgreSQL (no query, no related instances).
    row_terms: dict[str, str] = field(default_factory=dict)
    export_related: list[str] = field(default_factory=list)
    export_name: str = "export"

    @property
    def version_key(self) -> str:
        """Cache version counter bumped by every write to this catalogue's records."""
        return f"{self.name}:search-version"

    @property
    def languages(self) -> list[str]:
        return list(self.configs)

    def columns_of(self, name: str, language: str | None = None) -> list[str]:
        """The stored columns of a text field: one per language when translated."""
        if not self.translated:
            return [name]
        languages = [language] if language else self.languages
        return [f"{name}_{code}" for code in languages]

    @property
    def heading_field(self) -> str:
        return self.title_field or next(iter(self.text.values()))[0]

    def facet(self, key: str) -> Facet | None:
        return next((facet for facet in self.facets if facet.key == key), None)
