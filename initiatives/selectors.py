"""Reads of initiatives: the search (declared in catalogues.py), the detail page, related records,
country figures."""

import operator
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

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
    return {
        "initiative": initiative,
        "texts": PageTexts(initiative, language),
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


# Long search columns no page shows (facet_keys stays: related initiatives read it).
UNSHOWN_COLUMNS = ("search_vector", "search_rank", "search_titles")
# Related initiatives are looked for among the latest published ones sharing a theme or a
# population with the record: a bounded window, so the first visit costs the same at any size.
RELATED_WINDOW = 100
RELATED_FACETS = ("theme:", "population:")
# Counting the values two arrays share has no ORM expression.
SHARED_KEYS_SQL = "(SELECT count(*) FROM unnest(facet_keys) AS k WHERE k = ANY(%s::text[]))"


def related_initiatives(initiative: Initiative, limit: int = 5) -> list[Initiative]:
    """Published initiatives sharing the most themes and populations with this one, newest first
    among equals: one query on PostgreSQL (over the record's facet keys and their GIN index)."""
    keys = [key for key in initiative.facet_keys or [] if key.startswith(RELATED_FACETS)]
    if not is_postgres() or not keys:
        return related_by_tags(initiative, limit)
    window = (
        Initiative.objects.published()
        .exclude(pk=initiative.pk)
        .filter(facet_keys__overlap=keys)
        .order_by("-published_at", "-pk")
        .values("pk")[:RELATED_WINDOW]
    )

    def by_shared_keys(queryset):
        shared = RawSQL(SHARED_KEYS_SQL, (keys,))  # noqa: S611 - constant SQL, keys as a parameter
        return queryset.annotate(shared=shared).order_by("-shared", "-published_at", "-pk")

    # The best few are chosen on the narrow columns; only they are read whole.
    best = by_shared_keys(Initiative.objects.filter(pk__in=window)).values("pk")[:limit]
    related = Initiative.objects.filter(pk__in=best).select_related("lead_country").defer(*UNSHOWN_COLUMNS)
    return list(by_shared_keys(related))


def related_by_tags(initiative: Initiative, limit: int = 5) -> list[Initiative]:
    """Without facet keys (SQLite, or a record not indexed yet): from the tag tables."""
    themes = [t.pk for t in initiative.themes.all()] or [0]
    populations = [p.pk for p in initiative.populations.all()] or [0]
    sql = RELATED_SQL.format(themes=placeholders(themes), populations=placeholders(populations))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*themes, *populations, initiative.pk, limit])
        ids = [row[0] for row in cursor.fetchall()]
    by_id = Initiative.objects.select_related("lead_country").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


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
