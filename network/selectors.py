"""Reads of the network that pages share."""

import unicodedata
from functools import lru_cache

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Prefetch, Q

from core.search import Term
from core.versions import bump_version, current_version

from .models import Country, GcmObjective, Institution, RegionalForum, TargetPopulation, Theme


def alphabetical(name: str) -> str:
    """Sort key that ignores accents and case, so "États-Unis" sorts among the E."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


VOCABULARY_VERSION_KEY = "network:vocabulary-version"


def vocabulary_version() -> int:
    """Changes whenever a country, forum or vocabulary term changes; part of cached labels."""
    return current_version(VOCABULARY_VERSION_KEY)


def mark_vocabulary_changed(**kwargs) -> None:
    bump_version(VOCABULARY_VERSION_KEY)


def vocabularies(language: str) -> dict[str, list[Term]]:
    """Every shared vocabulary's terms with labels in `language` (facet values of catalogues):
    one query, then cached until a term changes."""
    key = f"network:vocabularies:{language}:{vocabulary_version()}"
    found = cache.get(key)
    if found is None:
        found = query_vocabularies(language)
        cache.set(key, found, timeout=None)
    return found


# (vocabulary, model, key column, position column or None, priority column or None, rows)
VOCABULARY_SOURCES = [
    ("country", Country, "code", None, None, "{subregion} <> ''"),
    ("forum", RegionalForum, "code", "id", None, "true"),
    ("theme", Theme, "slug", "order", None, "true"),
    ("population", TargetPopulation, "slug", "order", "is_priority", "true"),
    ("objective", GcmObjective, "number", "number", None, "true"),
]


@lru_cache(maxsize=8)
def vocabularies_sql(language: str) -> str:
    """One UNION ALL over the vocabulary tables, labels in `language` (Spanish where empty). Written
    once from the models: through the ORM (five annotated querysets, modeltranslation's manager)
    it took longer to build than to run, on every first search after a change."""
    quote = connection.ops.quote_name
    branches = []
    for name, model, key, position, priority, condition in VOCABULARY_SOURCES:
        column = {f.name: quote(f.column) for f in model._meta.concrete_fields}
        label = f"CAST(coalesce(nullif({column[f'name_{language}']}, ''), {column['name_es']}) AS TEXT)"
        flag = column[priority] if priority else "0 = 1"  # false, in both databases' SQL
        order = f"CAST({column[position]} AS INTEGER)" if position else "0"
        table = quote(model._meta.db_table)
        where = condition.format(**column)
        select = f"SELECT '{name}', CAST({column[key]} AS TEXT), {label}, {flag}, {order}"
        branches.append(f"{select} FROM {table} WHERE {where}")
    return " UNION ALL ".join(branches)


def query_vocabularies(language: str) -> dict[str, list[Term]]:
    with connection.cursor() as cursor:
        cursor.execute(vocabularies_sql(language))
        union = cursor.fetchall()
    found = {name: [] for name in ["country", "forum", "theme", "population", "objective"]}
    for name, key, label, priority, _position in sorted(
        union, key=lambda r: (r[0], r[4], alphabetical(r[2]))
    ):
        if name == "country":  # codes are lower case in addresses
            key = key.lower()
        if name == "objective":  # objectives are known by their number
            label = f"{key}. {label}"
        found[name].append(Term(key, label, priority))
    return found


def network_figures() -> dict[str, int]:
    """Counts shown on the home page: one query, then cached until a country changes."""
    key = f"network:figures:{vocabulary_version()}"
    figures = cache.get(key)
    if figures is None:
        figures = Country.objects.aggregate(
            member_states=Count("pk", filter=Q(oas_status=Country.OasStatus.MEMBER)),
            americas=Count("pk", filter=~Q(subregion="")),
            observers=Count("pk", filter=Q(oas_status=Country.OasStatus.OBSERVER)),
        )
        cache.set(key, figures, timeout=None)
    return figures


def countries_by_subregion() -> list[tuple[str, str, list[Country]]]:
    """(code, label, countries) per subregion of the Americas, countries sorted by localized name."""
    countries = list(Country.objects.in_americas())
    groups = []
    for value, label in Country.Subregion.choices:
        members = sorted((c for c in countries if c.subregion == value), key=lambda c: alphabetical(c.name))
        groups.append((value, label, members))
    return groups


def observer_states() -> list[Country]:
    return sorted(Country.objects.observers(), key=lambda c: alphabetical(c.name))


def country_with_institutions(code: str) -> Country:
    """One country by its lower-case ISO code, with its forums and institutions."""
    return Country.objects.prefetch_related(
        "forums", Prefetch("institutions", queryset=Institution.objects.order_by("name"))
    ).get(code=code.upper())
