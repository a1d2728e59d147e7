"""The search entry point of every catalogue and its typed results."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.http import QueryDict
from django.utils.translation import gettext as _

from .catalogue import Catalogue
from .counting import (
    Selection,
    Totals,
    apply_selection,
    cached_totals,
    count_all,
    parse_selection,
    stored_keys,
    terms_of,
    uses_facet_keys,
    values_of,
)
from .index import search_vector, text_columns
from .query import MARK_START, MARK_STOP, MAX_QUERY_LENGTH, TextQuery, did_you_mean, highlighted, is_postgres

RELEVANCE = "relevance"


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool
    priority: bool = False


@dataclass(frozen=True)
class FacetResult:
    """A facet as the page shows it: its values with counts, priority values first."""

    key: str
    label: str
    values: list[FacetValue]
    open: bool

    @property
    def active(self) -> bool:
        return any(value.selected for value in self.values)


@dataclass
class SearchPage:
    catalogue: Catalogue
    query: TextQuery
    selection: Selection
    page: Page
    facets: list[FacetResult]
    sort: str
    sorts: list[tuple[str, str]]  # (key, label) the visitor may pick
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)
    counts_key: str = ""  # identifies these counts (cache key of the counts, then the language)

    @property
    def totals_key(self) -> str:
        """Former name of `counts_key`, kept for templates that still cache the facet block (the
        counts themselves are cached once, in counting.cached_totals)."""
        return self.counts_key

    @property
    def canonical_query(self) -> str:
        """The search's parameters in declaration order, without page: for links and caches."""
        params = QueryDict(mutable=True)
        if self.query.text:
            params["q"] = self.query.text
        for facet in self.catalogue.facets:
            params.setlist(facet.key, self.selection.values.get(facet.key, []))
        period = self.catalogue.period
        if period and self.selection.year_from is not None:
            params[period.from_key] = str(self.selection.year_from)
        if period and self.selection.year_to is not None:
            params[period.to_key] = str(self.selection.year_to)
        if self.sort != default_sort(self.catalogue, self.query):
            params["sort"] = self.sort
        return params.urlencode()


@dataclass
class Request:
    """A request's parsed search: text, selection, sort and the vocabulary used to read it."""

    query: TextQuery
    selection: Selection
    sort: str
    vocabulary: dict


def default_sort(catalogue: Catalogue, query: TextQuery) -> str:
    return RELEVANCE if query else catalogue.sorts[0].key


def read_request(catalogue: Catalogue, params, language: str) -> Request:
    vocabulary = catalogue.vocabularies(language) if catalogue.vocabularies else {}
    query = TextQuery.from_text(params.get("q") or "", tuple(catalogue.configs.values()))
    requested = params.get("sort") or ""
    sorts = [sort.key for sort in catalogue.sorts] + ([RELEVANCE] if query else [])
    sort = requested if requested in sorts else default_sort(catalogue, query)
    return Request(query, parse_selection(catalogue, params, vocabulary), sort, vocabulary)


def text_matched(catalogue: Catalogue, query: TextQuery) -> QuerySet:
    """Published records matching the text query (all published ones without a query)."""
    published = catalogue.published()
    if not query:
        return published
    if not is_postgres():
        from core.sqlite_fts import fts_filter

        return fts_filter(published, query.groups, fields=text_columns(catalogue))
    if catalogue.vector_field:
        return published.filter(**{catalogue.vector_field: query.tsquery()})
    return published.annotate(computed_vector=search_vector(catalogue)).filter(
        computed_vector=query.tsquery()
    )


def localized(catalogue: Catalogue, name: str, language: str):
    """A translated field in the visitor's language, falling back as modeltranslation does."""
    if not catalogue.translated:
        return F(name)
    chain = dict.fromkeys([language, *catalogue.languages])
    versions = [NullIf(F(f"{name}_{code}"), Value(""), output_field=CharField()) for code in chain]
    return Coalesce(*versions, Value(""), output_field=CharField())


def order(catalogue: Catalogue, queryset: QuerySet, request: Request, language: str) -> QuerySet:
    default = catalogue.sorts[0].order(language)
    if request.sort != RELEVANCE:
        chosen = next(sort for sort in catalogue.sorts if sort.key == request.sort)
        return queryset.order_by(*chosen.order(language))
    if not is_postgres():
        return queryset.order_by(*default)
    source = catalogue.rank_field or catalogue.vector_field
    vector = F(source) if source else search_vector(catalogue)
    return queryset.annotate(rank=SearchRank(vector, request.query.tsquery())).order_by("-rank", *default)


def found(catalogue: Catalogue, params, language: str) -> QuerySet:
    """The published records a search's parameters select, in the search's order (feeds, exports)."""
    _request, _matched, ordered = matching(catalogue, params, language)
    return ordered


def matching(catalogue: Catalogue, params, language: str) -> tuple[Request, QuerySet, QuerySet]:
    """The parsed request, the text-matched set and the fully filtered, ordered set."""
    request = read_request(catalogue, params, language)
    matched = text_matched(catalogue, request.query)
    filtered = apply_selection(catalogue, matched, request.selection)
    return request, matched, order(catalogue, filtered, request, language)


def search(catalogue: Catalogue, params, language: str, *, page_number: int = 1) -> SearchPage:
    """One page of a catalogue's published records matching a query string, with facet counts."""
    request, matched, ordered = matching(catalogue, params, language)
    totals = cached_totals(
        catalogue,
        request.query,
        request.selection,
        lambda: count_all(catalogue, request.query, matched, request.selection, request.vocabulary),
    )
    paginator = Paginator(ordered.values_list("pk", flat=True), catalogue.page_size)
    paginator.count = totals.total  # known already: spares the COUNT query
    page = paginator.get_page(page_number)
    page.object_list = fetch_rows(
        catalogue, list(page.object_list), request.query, language, request.vocabulary
    )
    suggestion = None
    if request.query and not totals.total and is_postgres() and catalogue.trigram_field:
        suggestion = did_you_mean(request.query, catalogue.published(), catalogue.trigram_field)
    return SearchPage(
        catalogue=catalogue,
        query=request.query,
        selection=request.selection,
        page=page,
        facets=facet_results(catalogue, request, totals),
        sort=request.sort,
        sorts=[(RELEVANCE, _("Relevance"))] * bool(request.query)
        + [(s.key, s.label) for s in catalogue.sorts],
        suggestion=suggestion,
        notices=notices(request, values_of(params, "q")),
        counts_key=f"{totals.key}:{language}",
    )


def notices(request: Request, typed: list[str]) -> list[str]:
    said = [
        _("“%(value)s” is not a known value of “%(facet)s”; it was left out.") % {"value": v, "facet": f}
        for f, v in request.selection.ignored
    ]
    said += [
        message for message in (request.selection.year_from_error, request.selection.year_to_error) if message
    ]
    if typed and len(typed[-1]) > len(request.query.text) + 1:
        said.append(_("Your search was shortened to its first %(n)s characters.") % {"n": MAX_QUERY_LENGTH})
    return said


def facet_results(catalogue: Catalogue, request: Request, totals: Totals) -> list[FacetResult]:
    results = []
    for facet in catalogue.facets:
        chosen = set(request.selection.values.get(facet.key, []))
        counts = totals.counts.get(facet.key, {})
        terms = sorted(terms_of(facet, request.vocabulary), key=lambda term: not term.priority)
        values = [
            FacetValue(t.key, t.label, counts.get(t.key, 0), t.key in chosen, t.priority) for t in terms
        ]
        results.append(FacetResult(facet.key, str(facet.label), values, facet.open or bool(chosen)))
    return results


def headlines(catalogue: Catalogue, query: TextQuery, language: str) -> dict[str, Any]:
    """ts_headline of the title (whole) and of the snippet fields (fragments), markers not HTML."""
    config = catalogue.configs.get(language) or next(iter(catalogue.configs.values()))
    marks = {"config": config, "start_sel": MARK_START, "stop_sel": MARK_STOP}
    tsquery = query.tsquery()
    title = localized(catalogue, catalogue.heading_field, language)
    annotations = {"title_headline": SearchHeadline(title, tsquery, highlight_all=True, **marks)}
    if catalogue.snippet_fields:
        texts = [localized(catalogue, name, language) for name in catalogue.snippet_fields]
        text = texts[0]
        if len(texts) > 1:  # Concat refuses a single expression
            text = Concat(*[part for t in texts for part in (t, Value(" "))][:-1], output_field=CharField())
        annotations["snippet_headline"] = SearchHeadline(
            text, tsquery, max_fragments=2, max_words=30, min_words=12, **marks
        )
    return annotations


def fetch_rows(catalogue: Catalogue, ids: list, query: TextQuery, language: str, vocabulary=None) -> list:
    """The rows of one page, in order, with their declared relations and highlighted texts."""
    keys_field = catalogue.facet_keys_field if uses_facet_keys(catalogue) else None
    prefetch = [*catalogue.prefetch_related]
    if catalogue.row_terms and not keys_field:  # without the facet array, from the relations
        prefetch += [catalogue.facet(key).path.split("__")[0] for key in catalogue.row_terms.values()]
    rows = (
        catalogue.model.objects.filter(pk__in=ids)
        .defer(*[name for name in catalogue.defer if not (catalogue.row_terms and name == keys_field)])
        .select_related(*catalogue.select_related)
        .prefetch_related(*prefetch)
    )
    if query and is_postgres() and not query.only_negated:
        rows = rows.annotate(**headlines(catalogue, query, language))
    by_id = {row.pk: row for row in rows}
    records = [by_id[pk] for pk in ids if pk in by_id]
    for record in records:
        title, snippet = getattr(record, "title_headline", None), getattr(record, "snippet_headline", None)
        record.title_html = highlighted(title) if title else None
        record.snippet = highlighted(snippet) if snippet else None
    if catalogue.row_terms:
        if vocabulary is None:
            vocabulary = catalogue.vocabularies(language) if catalogue.vocabularies else {}
        attach_terms(catalogue, records, vocabulary, keys_field)
    return records


def attach_terms(catalogue: Catalogue, records: list, vocabulary, keys_field: str | None) -> None:
    """Give each row its `row_terms`: the vocabulary's terms of its values, in the vocabulary's order."""
    for attribute, facet_key in catalogue.row_terms.items():
        facet = catalogue.facet(facet_key)
        terms = terms_of(facet, vocabulary)
        stored = {term.key: stored_keys(facet, [term.key])[0] for term in terms}
        relation, _, value_path = facet.path.partition("__")
        for record in records:
            if keys_field:
                values = set(getattr(record, keys_field) or [])
            else:
                related = getattr(record, relation).all()
                values = {f"{facet.key}:{getattr(value, value_path)}" for value in related}
            setattr(record, attribute, [term for term in terms if stored[term.key] in values])
