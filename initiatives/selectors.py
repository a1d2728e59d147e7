"""Reads of initiatives: the faceted search, the detail page, related records, country figures."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from network.models import Country, GcmObjective, RegionalForum, TargetPopulation, Theme
from network.scoping import may_act_on_country, may_write
from network.selectors import alphabetical, vocabulary_version

from .filters import InitiativeFilter, has_title_in
from .models import TRANSLATED_TEXT_FIELDS, Initiative, Verification
from .search import MAX_QUERY_LENGTH, TextQuery, did_you_mean, highlighted, index_version, is_postgres

PAGE_SIZE = 20
TOTALS_CACHE_SECONDS = 600
MAX_PAGE_SIZE = 100
SORTS = ["relevance", "newest", "title"]


@dataclass(frozen=True)
class Term:
    """One value of a facet: its key in URLs, its label in the visitor's language."""

    key: str
    label: str
    priority: bool = False


def localized(field_name: str, language: str):
    value = NullIf(F(f"{field_name}_{language}"), Value(""), output_field=CharField())
    return Coalesce(value, F(f"{field_name}_es"), output_field=CharField())


def load_vocabulary(language: str) -> dict[str, list[Term]]:
    """Every facet's possible values with labels; one query, then cached until a term changes."""
    key = f"initiatives:vocabulary:{language}:{vocabulary_version()}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        vocabulary = query_vocabulary(language)
        cache.set(key, vocabulary, timeout=None)
    return vocabulary


def query_vocabulary(language: str) -> dict[str, list[Term]]:

    def rows(queryset, facet, key, position, priority=None):
        return (
            queryset.order_by()
            .annotate(
                facet=Value(facet, output_field=CharField()),
                key=Cast(key, CharField()),
                label=localized("name", language),
                priority=priority if priority is not None else Value(False),
                position=Cast(position, IntegerField()),
            )
            .values_list("facet", "key", "label", "priority", "position")
        )

    union = rows(Country.objects.in_americas(), "country", F("code"), Value(0)).union(
        rows(RegionalForum.objects.all(), "forum", F("code"), F("pk")),
        rows(Theme.objects.all(), "theme", F("slug"), F("order")),
        rows(TargetPopulation.objects.all(), "population", F("slug"), F("order"), priority=F("is_priority")),
        rows(GcmObjective.objects.all(), "objective", F("number"), F("number")),
        all=True,
    )
    vocabulary = {facet: [] for facet in ["country", "forum", "theme", "population", "objective"]}
    ordered = sorted(union, key=lambda row: (row[0], row[4], alphabetical(row[2])))
    for facet, key, label, priority, _position in ordered:
        vocabulary[facet].append(Term(key.lower() if facet == "country" else key, label, priority))
    return vocabulary


@dataclass
class SearchResult:
    query: TextQuery
    filterset: InitiativeFilter
    page: Page
    facets: list
    sort: str
    totals_key: str  # identifies this search's counts; the template caches the facets under it
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)


def matching_initiatives(params, language: str, vocabulary=None):
    """The parsed query and facets, the text-matched set, and the fully filtered, sorted set."""
    vocabulary = vocabulary or load_vocabulary(language)
    filterset = InitiativeFilter(params, vocabulary=vocabulary)
    filterset.form.is_valid()
    query = TextQuery.from_text(params.get("q", ""))
    matched = query.filter(Initiative.objects.published())
    sort = params.get("sort") if params.get("sort") in SORTS else ("relevance" if query else "newest")
    ordered = order(query.rank(filterset.apply(matched)), sort, query, language)
    return query, filterset, matched, ordered, sort


def search_initiatives(params, *, page_number=1, language=None) -> SearchResult:
    """Published initiatives matching a query string: page of results, facet counts, notices."""
    language = language or get_language()
    vocabulary = load_vocabulary(language)
    query, filterset, matched, ordered, sort = matching_initiatives(params, language, vocabulary)
    totals_key, (total, counts) = cached_totals(
        query,
        filterset,
        language,
        lambda: (filterset.apply(matched).count(), facet_counts(matched, filterset)),
    )
    paginator = Paginator(ordered.values_list("pk", flat=True), PAGE_SIZE)
    paginator.count = total  # known already: spares the COUNT query
    page = paginator.get_page(page_number)
    page.object_list = fetch_page_rows(list(page.object_list), query, language)
    suggestion = did_you_mean(query.text) if query and not total else None
    notices = [
        _("“%(value)s” is not a known value of “%(facet)s”; it was left out.") % {"value": v, "facet": f}
        for f, v in filterset.ignored
    ]
    notices += [str(error) for field_errors in filterset.form.errors.values() for error in field_errors]
    if len(params.get("q", "")) > len(query.text) + 1:
        notices.append(
            _("Your search was shortened to its first %(n)s characters.") % {"n": MAX_QUERY_LENGTH}
        )
    facets = label_facets(counts, filterset, vocabulary)
    return SearchResult(query, filterset, page, facets, sort, totals_key, suggestion, notices)


def cached_totals(query: TextQuery, filterset: InitiativeFilter, language: str, compute):
    """The result count and facet counts of a search, cached until any initiative changes."""
    selection = sorted(
        (name, str(sorted(value) if isinstance(value, list) else value))
        for name, value in filterset.form.cleaned_data.items()
        if value
    )
    signature = repr((index_version(), vocabulary_version(), language, query.groups, selection))
    key = "initiatives:totals:" + hashlib.sha256(signature.encode()).hexdigest()
    totals = cache.get(key)
    if totals is None:
        totals = compute()
        cache.set(key, totals, TOTALS_CACHE_SECONDS)
    return key, totals


def order(queryset: QuerySet, sort: str, query: TextQuery, language: str) -> QuerySet:
    if sort == "title":
        return queryset.annotate(sort_title=localized("title", language)).order_by("sort_title", "pk")
    if sort == "relevance" and query and is_postgres():
        return queryset.order_by("-rank", "-published_at", "-pk")
    return queryset.order_by("-published_at", "-pk")


# What a result row never shows: left in storage so that a page reads 20 short rows.
LONG_FIELDS = [
    "search_vector",
    "search_titles",
    *[f"{name}_{code}" for name in TRANSLATED_TEXT_FIELDS[2:] for code, _l in settings.LANGUAGES],
]


def fetch_page_rows(ids: list[int], query: TextQuery, language: str) -> list[Initiative]:
    """The rows of one page, in order, with their country, themes and highlighted snippets."""
    rows = (
        Initiative.objects.filter(pk__in=ids)
        .defer(*LONG_FIELDS)
        .select_related("lead_country")
        .prefetch_related("themes")
    )
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


def facet_counts(matched: QuerySet, filterset: InitiativeFilter) -> dict[str, dict[str, int]]:
    """For each facet value, how many results selecting it would give, in one UNION ALL query."""
    branches = []
    for facet, path in FIELD_FACETS.items():
        base = filterset.apply(matched, skip=facet).order_by()
        branches.append(counted(base.annotate(k=Cast(F(path), CharField())).exclude(k=None), facet))
    base = filterset.apply(matched, skip="language").order_by()
    for code, _name in filterset.filters["language"].extra["choices"]:
        branches.append(counted(base.filter(has_title_in(code)).annotate(k=Value(code)), "language"))
    counts: dict[str, dict[str, int]] = {}
    for facet, key, n in branches[0].union(*branches[1:], all=True):
        counts.setdefault(facet, {})[key.lower() if facet == "country" else key] = n
    return counts


def counted(queryset: QuerySet, facet: str) -> QuerySet:
    return (
        queryset.annotate(facet=Value(facet, output_field=CharField()))
        .values("facet", "k")
        .annotate(n=Count("pk"))
        .values_list("facet", "k", "n")
    )


def label_facets(counts, filterset, vocabulary) -> list[tuple[str, str, list[tuple[Term, int, bool]]]]:
    """(facet, label, [(value, count, selected)]) in display order, priority populations first."""
    selected = filterset.form.cleaned_data
    result = []
    for facet in [*FIELD_FACETS, "language"]:
        terms = vocabulary.get(facet) or [
            Term(str(k), str(v)) for k, v in filterset.filters[facet].extra["choices"]
        ]
        if facet == "population":
            terms = sorted(terms, key=lambda t: not t.priority)
        chosen = {str(v) for v in selected.get(facet) or []}
        values = [(t, counts.get(facet, {}).get(t.key, 0), t.key in chosen) for t in terms]
        result.append((facet, filterset.filters[facet].label, values, any(v[2] for v in values)))
    return result


def initiative_for_page(pk: int, user) -> Initiative | None:
    """A published initiative, or any state for those who act on its country; None otherwise."""
    initiative = Initiative.objects.select_related("lead_country", "lead_institution").filter(pk=pk).first()
    if initiative is None:
        return None
    if initiative.state == Initiative.State.PUBLISHED or may_act_on_country(user, initiative.lead_country_id):
        return initiative
    return None


def detail_context(initiative: Initiative, language: str, user) -> dict:
    """Everything the detail page shows, in a fixed number of queries."""
    prefetch_related_objects(
        [initiative],
        "themes", "populations", "gcm_objectives", "partner_countries", "links", "documents",
        "system_references",
        Prefetch("verifications", Verification.objects.select_related("by__focal_point__institution")),
    )  # fmt: skip
    staff = may_act_on_country(user, initiative.lead_country_id)
    return {
        "initiative": initiative,
        "shown_language": language
        if getattr(initiative, f"title_{language}")
        else initiative.available_languages[0],
        "related": related_initiatives(initiative),
        "history": initiative.state_changes.select_related("by") if staff else None,
        # Visitors see who verified by role and institution; names only to staff of the country.
        "show_names": staff,
        "may_edit": may_write(user, initiative.lead_country_id, "initiatives.change_initiative"),
    }


RELATED_SQL = """
SELECT s.initiative_id FROM (
    SELECT initiative_id FROM initiatives_initiative_themes WHERE theme_id IN ({themes})
    UNION ALL
    SELECT initiative_id FROM initiatives_initiative_populations WHERE targetpopulation_id IN ({populations})
) s JOIN initiatives_initiative i ON i.id = s.initiative_id
WHERE i.state = 'published' AND i.id <> %s
GROUP BY s.initiative_id ORDER BY count(*) DESC, s.initiative_id DESC LIMIT %s
"""


def placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def related_initiatives(initiative: Initiative, limit: int = 5) -> list[Initiative]:
    """Published initiatives sharing the most themes and populations with this one."""
    themes = [t.pk for t in initiative.themes.all()] or [0]
    populations = [p.pk for p in initiative.populations.all()] or [0]
    sql = RELATED_SQL.format(themes=placeholders(themes), populations=placeholders(populations))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*themes, *populations, initiative.pk, limit])
        ids = [row[0] for row in cursor.fetchall()]
    by_id = Initiative.objects.select_related("lead_country").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def group_by_state(queryset: QuerySet) -> list[tuple[str, list[Initiative]]]:
    rows = list(queryset.order_by("-updated_at")[:500])
    return [(label, [i for i in rows if i.state == value]) for value, label in Initiative.State.choices]


def country_initiative_figures(country: Country) -> dict:
    """A country's published initiatives: latest ones, and counts by theme and by population."""
    published = Initiative.objects.published().filter(lead_country=country)
    by_theme = (
        Theme.objects.annotate(n=Count("initiatives", filter=Q(initiatives__in=published)))
        .filter(n__gt=0)
        .order_by("-n", "order")
    )
    by_population = (
        TargetPopulation.objects.annotate(n=Count("initiatives", filter=Q(initiatives__in=published)))
        .filter(n__gt=0)
        .order_by("-is_priority", "-n", "order")
    )
    return {
        "total": published.count(),
        "latest": list(published.order_by("-published_at")[:10]),
        "by_theme": list(by_theme),
        "by_population": list(by_population),
    }
