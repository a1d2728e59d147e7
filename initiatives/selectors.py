"""Reads of initiatives: the faceted search, the detail page, related records, country figures."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, F, IntegerField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import get_language

from network.models import Country, GcmObjective, RegionalForum, TargetPopulation, Theme

from .filters import InitiativeFilter
from .models import Initiative
from .search import TextQuery, did_you_mean, highlighted, is_postgres

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SORTS = ["relevance", "newest", "title"]


@dataclass(frozen=True)
class Term:
    """One value of a facet: its key in URLs, its label in the visitor's language."""

    key: str
    label: str
    priority: bool = False


def localized(field_name: str, language: str):
    return Coalesce(NullIf(F(f"{field_name}_{language}"), Value("")), F(f"{field_name}_es"))


def load_vocabulary(language: str) -> dict[str, list[Term]]:
    """Every facet's possible values with labels, in one query."""

    def rows(queryset, facet, key, priority=Value(False)):
        return (
            queryset.order_by()
            .annotate(
                facet=Value(facet, output_field=CharField()),
                key=Cast(key, CharField()),
                label=localized("name", language),
                priority=priority,
                position=Cast(F("pk"), IntegerField()),
            )
            .values_list("facet", "key", "label", "priority", "position")
        )

    union = rows(Country.objects.in_americas(), "country", F("code")).union(
        rows(RegionalForum.objects.all(), "forum", F("code")),
        rows(Theme.objects.all(), "theme", F("slug"), priority=Value(False)),
        rows(TargetPopulation.objects.all(), "population", F("slug"), priority=F("is_priority")),
        rows(GcmObjective.objects.all(), "objective", F("number")),
        all=True,
    )
    vocabulary = {facet: [] for facet in ["country", "forum", "theme", "population", "objective"]}
    for facet, key, label, priority, _position in union:
        key = key.lower() if facet == "country" else key
        vocabulary[facet].append(Term(key, label, priority))
    return vocabulary


@dataclass
class SearchResult:
    query: TextQuery
    filterset: InitiativeFilter
    page: Page
    facets: dict[str, list[tuple[Term, int, bool]]]
    sort: str
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)


def search_initiatives(params, *, page_number=1, language=None) -> SearchResult:
    """Published initiatives matching a query string: page of results, facet counts, notices."""
    language = language or get_language()
    vocabulary = load_vocabulary(language)
    filterset = InitiativeFilter(params, vocabulary=vocabulary)
    filterset.form.is_valid()
    query = TextQuery.from_text(params.get("q", ""))
    matched = query.filter(Initiative.objects.published())
    sort = params.get("sort") if params.get("sort") in SORTS else ("relevance" if query else "newest")

    ordered = order(query.rank(filterset.apply(matched)), sort, query, language)
    paginator = Paginator(ordered.values_list("pk", flat=True), PAGE_SIZE)
    page = paginator.get_page(page_number)
    page.object_list = fetch_page_rows(list(page.object_list), query, language)
    facets = facet_counts(matched, filterset, vocabulary)
    suggestion = did_you_mean(query.text) if query and not paginator.count else None
    return SearchResult(query, filterset, page, facets, sort, suggestion)


def order(queryset: QuerySet, sort: str, query: TextQuery, language: str) -> QuerySet:
    if sort == "title":
        return queryset.annotate(sort_title=localized("title", language)).order_by("sort_title", "pk")
    if sort == "relevance" and query:
        return queryset.order_by("-rank", "-published_at", "-pk")
    return queryset.order_by("-published_at", "-pk")


def fetch_page_rows(ids: list[int], query: TextQuery, language: str) -> list[Initiative]:
    """The rows of one page, in order, with their country, themes and highlighted snippets."""
    rows = Initiative.objects.filter(pk__in=ids).select_related("lead_country").prefetch_related("themes")
    if query and is_postgres() and not query.only_negated:
        sql, params = query.headline_sql(language)
        rows = rows.annotate(headline=RawSQL(sql, params, output_field=CharField()))  # noqa: S611
    by_id = {row.pk: row for row in rows}
    initiatives = [by_id[pk] for pk in ids]
    for initiative in initiatives:
        headline = getattr(initiative, "headline", None)
        initiative.snippet = highlighted(headline) if headline else None
    return initiatives


FIELD_FACETS = {
    "country": "lead_country__code",
    "subregion": "lead_country__subregion",
    "forum": "lead_country__forums__code",
    "kind": "kind",
    "scope": "scope",
    "status": "status",
    "theme": "themes__slug",
    "population": "populations__slug",
    "objective": "gcm_objectives__number",
}


def facet_counts(matched: QuerySet, filterset: InitiativeFilter, vocabulary) -> dict:
    """For each facet value, how many results selecting it would give, in one UNION ALL query."""
    branches = []
    for facet, path in FIELD_FACETS.items():
        base = filterset.apply(matched, skip=facet).order_by()
        branches.append(counted(base.annotate(k=Cast(F(path), CharField())).exclude(k=None), facet))
    base = filterset.apply(matched, skip="language").order_by()
    for code, _name in filterset.filters["language"].extra["choices"]:
        branches.append(counted(base.filter(**{f"title_{code}__gt": ""}).annotate(k=Value(code)), "language"))
    counts: dict[str, dict[str, int]] = {}
    for facet, key, n in branches[0].union(*branches[1:], all=True):
        counts.setdefault(facet, {})[key.lower() if facet == "country" else key] = n
    return label_facets(counts, filterset, vocabulary)


def counted(queryset: QuerySet, facet: str) -> QuerySet:
    return (
        queryset.annotate(facet=Value(facet, output_field=CharField()))
        .values("facet", "k")
        .annotate(n=Count("pk"))
        .values_list("facet", "k", "n")
    )


def label_facets(counts, filterset, vocabulary) -> dict[str, list[tuple[Term, int, bool]]]:
    """Facet values in display order (priority populations first), with count and selection."""
    selected = filterset.form.cleaned_data
    choices = {name: filterset.filters[name].extra.get("choices") for name in FIELD_FACETS}
    result = {}
    for facet in [*FIELD_FACETS, "language"]:
        terms = vocabulary.get(facet) or [
            Term(str(k), str(v)) for k, v in (choices.get(facet) or filterset.filters[facet].extra["choices"])
        ]
        if facet == "population":
            terms = sorted(terms, key=lambda t: not t.priority)
        chosen = {str(v) for v in selected.get(facet) or []}
        result[facet] = [(t, counts.get(facet, {}).get(t.key, 0), t.key in chosen) for t in terms]
    return result
