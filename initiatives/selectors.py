"""Reads of initiatives: the search (declared in catalogues.py), the detail page, related records,
country figures."""

import operator
from dataclasses import dataclass
from functools import cache, reduce

from django.conf import settings
from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, override

from core.languages import in_language
from core.search.counters import kept_total
from core.search.query import is_postgres
from core.search.results import found
from network.models import Country, TargetPopulation, Theme
from network.scoping import may_act_on_country, may_write

from . import detail_page
from .catalogues import INITIATIVES
from .languages import PageTexts, missing_in_language
from .models import SEARCH_COLUMNS, TRANSLATED_TEXT_FIELDS, Initiative, StateChange, Verification


def initiatives_found(params, language: str | None = None) -> QuerySet:
    """The published initiatives a search's parameters select, in its order (feeds, exports)."""
    return found(INITIATIVES, params, language or get_language())


def initiative_for_page(pk: int, user) -> Initiative | None:
    """A published initiative, or any state for those who act on its country; None otherwise."""
    initiative = Initiative.objects.select_related("lead_country", "lead_institution").filter(pk=pk).first()
    if initiative is None:
        return None
    if initiative.state == Initiative.State.PUBLISHED or may_act_on_country(user, initiative.lead_country_id):
        return initiative
    return None


def initiative_page(pk: int, user) -> Initiative | None:
    """The initiative of a detail page, with everything it lists (its terms, links, documents,
    references, verifications): one query on PostgreSQL, whatever the record holds."""
    found = Initiative.objects.select_related("lead_country", "lead_institution").filter(pk=pk)
    found = found.defer(*UNSHOWN_COLUMNS)
    if is_postgres():
        found = found.annotate(**detail_page.relation_arrays())
    initiative = found.first()
    if initiative is None:
        return None
    published = initiative.state == Initiative.State.PUBLISHED
    if not published and not may_act_on_country(user, initiative.lead_country_id):
        return None
    if is_postgres():
        detail_page.attach_relations(initiative)
    else:
        prefetch_related_objects(
            [initiative],
            *detail_page.RELATIONS,
            Prefetch("verifications", Verification.objects.select_related("by__focal_point__institution")),
        )
    return initiative


def detail_context(initiative: Initiative, language: str, user) -> dict:
    """Everything the detail page shows, in a fixed number of queries (`initiative_page`'s)."""
    staff = may_act_on_country(user, initiative.lead_country_id)
    texts = PageTexts(initiative, language)
    return {
        "initiative": initiative,
        "texts": texts,
        "page_title": texts.title.text,
        "page_description": truncatewords(texts.summary.text if texts.summary else "", 40),
        "published": initiative.state == Initiative.State.PUBLISHED,
        "state_label": initiative.get_state_display(),
        "last_verified_on": initiative.last_verified_on,
        "is_stale": initiative.is_stale,
        "body": None,  # rendered from the record by the template
        "related": related_initiatives(initiative, language),
        "history": initiative.state_changes.select_related("by") if staff else None,
        # Visitors see who verified by role and institution; names only to staff of the country.
        "show_names": staff,
        "may_edit": may_write(user, initiative.lead_country_id, "initiatives.change_initiative"),
    }


# Long search columns no page shows (facet_keys stays: related initiatives read it).
UNSHOWN_COLUMNS = ("search_vector", "search_rank", "search_titles")
# Related initiatives are looked for among the latest published ones sharing a theme or a
# population with the record: a bounded window, so the first visit costs the same at any size.
RELATED_WINDOW = 100
RELATED_FACETS = ("theme:", "population:")


@dataclass(frozen=True)
class RelatedInitiative:
    pk: int
    url: str
    title: str
    title_language: str  # set when the title is shown in another language than the page's
    country_name: str


def quoted(*names: str) -> str:
    return ".".join(connection.ops.quote_name(name) for name in names)


def related_columns() -> str:
    """The title and country name in every language, of the related record `i` and its country `c`."""
    codes = [code for code, _name in settings.LANGUAGES]
    columns = [quoted("i", Initiative._meta.get_field(f"title_{code}").column) for code in codes]
    columns += [quoted("c", Country._meta.get_field(f"name_{code}").column) for code in codes]
    return ", ".join(columns)


@cache
def related_by_ids_sql() -> str:
    field = Initiative._meta.get_field
    return f"""
        SELECT i.id, {related_columns()} FROM {quoted(Initiative._meta.db_table)} i
        JOIN {quoted(Country._meta.db_table)} c ON c.id = i.{quoted(field("lead_country").column)}
        WHERE i.id = ANY(%(ids)s) AND i.{quoted(field("state").column)} = %(published)s
    """  # noqa: S608 - model metadata only; values are parameters


def related_by_ids(ids: list[int], language: str) -> list[RelatedInitiative]:
    """The related records found when a page body was rendered, in that order, if still published."""
    if not ids:
        return []
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(related_by_ids_sql(), {"ids": ids, "published": Initiative.State.PUBLISHED})
            rows = cursor.fetchall()
    else:
        codes = [code for code, _name in settings.LANGUAGES]
        columns = [f"title_{code}" for code in codes] + [f"lead_country__name_{code}" for code in codes]
        rows = Initiative.objects.published().filter(pk__in=ids).values_list("pk", *columns)
    order = {pk: n for n, pk in enumerate(ids)}
    return related_rows(sorted(rows, key=lambda row: order[row[0]]), language)


def related_rows(rows, language: str) -> list[RelatedInitiative]:
    """Related records from (id, title in each language..., country name in each language...) rows."""
    codes = [code for code, _name in settings.LANGUAGES]
    related = []
    for pk, *texts in rows:
        title, title_language = in_language(dict(zip(codes, texts[: len(codes)], strict=True)), language)
        country_name, _ = in_language(dict(zip(codes, texts[len(codes) :], strict=True)), language)
        related.append(related_row(pk, title, title_language, country_name, language))
    return related


@cache
def related_sql() -> str:
    """One query over the record's facet keys (GIN-indexed): the window of latest published records
    sharing a theme or population, ranked by how many they share. Written by hand because the ORM
    compiles its three nested querysets in more time than the query takes to run; names come from
    the models."""
    table, country = Initiative._meta.db_table, Country._meta.db_table
    field = Initiative._meta.get_field
    keys, published_at = quoted(field("facet_keys").column), quoted(field("published_at").column)
    return f"""
        SELECT i.id, {related_columns()} FROM (
            SELECT id, {published_at} AS published_at,
                (SELECT count(*) FROM unnest({keys}) AS k WHERE k = ANY(%(keys)s::text[])) AS shared
            FROM {quoted(table)}
            WHERE {quoted(field("state").column)} = %(published)s AND id <> %(pk)s
                AND {keys} && %(keys)s::text[]
            ORDER BY {published_at} DESC, id DESC LIMIT %(window)s
        ) w JOIN {quoted(table)} i ON i.id = w.id
        JOIN {quoted(country)} c ON c.id = i.{quoted(field("lead_country").column)}
        ORDER BY w.shared DESC, w.published_at DESC, w.id DESC LIMIT %(limit)s
    """  # noqa: S608 - model metadata only; values are parameters


def related_initiatives(initiative: Initiative, language: str, limit: int = 5) -> list[RelatedInitiative]:
    """Published initiatives sharing the most themes and populations with this one, newest first
    among equals."""
    return (
        related_to(initiative.pk, initiative.facet_keys, language, limit)
        if is_postgres()
        else (related_by_tags(initiative, language, limit))
    )


def related_to(
    pk: int, facet_keys: list[str] | None, language: str, limit: int = 5
) -> list[RelatedInitiative]:
    """`related_initiatives` from the record's id and facet keys alone: one query on PostgreSQL."""
    keys = [key for key in facet_keys or [] if key.startswith(RELATED_FACETS)]
    if not keys:
        return []
    params = {
        "keys": keys,
        "published": Initiative.State.PUBLISHED,
        "pk": pk,
        "window": RELATED_WINDOW,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(related_sql(), params)
        return related_rows(cursor.fetchall(), language)


def related_row(
    pk: int, title: str, title_language: str, country_name: str, language: str
) -> RelatedInitiative:
    slug = slugify(title)[:80] or "initiative"  # as Initiative.slug_in(language) makes it
    with override(language):
        url = reverse("initiatives:detail", args=[pk, slug])
    return RelatedInitiative(
        pk, url, title, "" if title_language == language else title_language, country_name
    )


def related_by_tags(initiative: Initiative, language: str, limit: int = 5) -> list[RelatedInitiative]:
    """Without PostgreSQL's arrays (SQLite): from the tag tables."""
    themes = [t.pk for t in initiative.themes.all()]
    populations = [p.pk for p in initiative.populations.all()]
    shared = Count("themes", filter=Q(themes__in=themes), distinct=True) + Count(
        "populations", filter=Q(populations__in=populations), distinct=True
    )
    found = (
        Initiative.objects.published()
        .exclude(pk=initiative.pk)
        .filter(Q(themes__in=themes) | Q(populations__in=populations))
        .annotate(shared=shared)
        .select_related("lead_country")
        .order_by("-shared", "-published_at", "-pk")[:limit]
    )
    related = []
    for other in found:
        title, title_language = in_language(
            {code: getattr(other, f"title_{code}") for code, _ in settings.LANGUAGES}, language
        )
        related.append(related_row(other.pk, title, title_language, other.lead_country.name, language))
    return related


def records_to_translate(language: str, *, country: str = "", kind: str = "") -> QuerySet:
    """Published records with a text written in another language but not in `language`, oldest first."""
    records = Initiative.objects.published().filter(missing_in_language(language))
    if country:
        records = records.filter(lead_country__code=country.upper())
    if kind:
        records = records.filter(kind=kind)
    return records.select_related("lead_country").order_by("published_at", "id")


def review_queue(queryset: QuerySet) -> QuerySet:
    """Submitted records, oldest submission first, with `submitted_at` (when it last entered review)."""
    last_submitted = StateChange.objects.filter(
        initiative=OuterRef("pk"), to_state=Initiative.State.SUBMITTED
    ).order_by("-at")
    return (
        queryset.filter(state=Initiative.State.SUBMITTED)
        .annotate(submitted_at=Coalesce(Subquery(last_submitted.values("at")[:1]), "updated_at"))
        .select_related("lead_country")
        .order_by("submitted_at", "id")
    )


def desk_records(queryset: QuerySet, *, q: str = "", country: str = "", state: str = "") -> QuerySet:
    """The records of a desk, most recently changed first, searched by title in every language."""
    if q:
        queryset = queryset.filter(
            reduce(operator.or_, (Q(**{f"title_{code}__icontains": q}) for code, _ in settings.LANGUAGES))
        )
    if country:
        queryset = queryset.filter(lead_country__code=country.upper())
    if state:
        queryset = queryset.filter(state=state)
    return queryset.select_related("lead_country").order_by("-updated_at", "-id")


def published_total() -> int:
    """How many initiatives are published: the search engine's kept total on PostgreSQL (one
    indexed read, where a count scans every published row), a count if it was never kept."""
    total = kept_total(INITIATIVES) if is_postgres() else None
    return Initiative.objects.published().count() if total is None else total


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


# --- a year's figures (the annual bulletin) -----------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """How many records one value counts; `key` is its code or slug, for links to the search."""

    key: str
    label: str
    count: int
    priority: bool = False


@dataclass(frozen=True)
class YearFigures:
    """What the initiatives of one year add up to; labels are in the active language."""

    year: int
    new_initiatives: int
    countries: int
    published_total: int
    for_priority_groups: int
    by_country: list[Tally]
    by_theme: list[Tally]
    by_population: list[Tally]


def initiatives_published_in(year: int) -> QuerySet:
    """Published initiatives first published during `year`."""
    return Initiative.objects.published().filter(published_at__year=year)


def initiative_figures_for_year(year: int) -> YearFigures:
    """The year's new initiatives counted by country, theme and population (priority groups always listed)."""
    new = initiatives_published_in(year)
    in_year = Q(initiatives__in=new)
    by_country = Country.objects.annotate(n=Count("initiatives", filter=in_year)).filter(n__gt=0)
    by_theme = Theme.objects.annotate(n=Count("initiatives", filter=in_year)).filter(n__gt=0)
    by_population = TargetPopulation.objects.annotate(n=Count("initiatives", filter=in_year)).filter(
        Q(n__gt=0) | Q(is_priority=True)
    )
    return YearFigures(
        year=year,
        new_initiatives=new.count(),
        countries=by_country.count(),
        published_total=Initiative.objects.published().filter(published_at__year__lte=year).count(),
        for_priority_groups=new.filter(populations__is_priority=True).distinct().count(),
        by_country=[Tally(c.code.lower(), c.name, c.n) for c in by_country.order_by("-n", "name")],
        by_theme=[Tally(t.slug, t.name, t.n) for t in by_theme.order_by("-n", "order")],
        by_population=[
            Tally(p.slug, p.name, p.n, p.is_priority)
            for p in by_population.order_by("-is_priority", "-n", "order")
        ],
    )


def new_initiatives_of_year(year: int) -> list[Initiative]:
    """The year's new initiatives with their lead country, by country then title; long texts left out."""
    long_texts = [
        f"{name}_{code}" for name in TRANSLATED_TEXT_FIELDS[1:] for code in ("es", "en", "fr", "pt")
    ]
    rows = initiatives_published_in(year).select_related("lead_country").defer(*SEARCH_COLUMNS, *long_texts)
    return list(rows.order_by("lead_country__code", "published_at", "pk"))
