"""Reads of the network that pages share."""

import unicodedata

from django.core.cache import cache
from django.db.models import CharField, Count, F, IntegerField, Prefetch, Q, Value
from django.db.models.functions import Cast, Coalesce, NullIf

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


def query_vocabularies(language: str) -> dict[str, list[Term]]:
    def rows(queryset, name, key, position, priority=None):
        label = Coalesce(NullIf(F(f"name_{language}"), Value(""), output_field=CharField()), F("name_es"))
        return (
            queryset.order_by()
            .annotate(
                vocabulary=Value(name, output_field=CharField()),
                key=Cast(key, CharField()),
                label=Cast(label, CharField()),
                priority=priority if priority is not None else Value(False),
                position=Cast(position, IntegerField()),
            )
            .values_list("vocabulary", "key", "label", "priority", "position")
        )

    union = rows(Country.objects.in_americas(), "country", F("code"), Value(0)).union(
        rows(RegionalForum.objects.all(), "forum", F("code"), F("pk")),
        rows(Theme.objects.all(), "theme", F("slug"), F("order")),
        rows(TargetPopulation.objects.all(), "population", F("slug"), F("order"), priority=F("is_priority")),
        rows(GcmObjective.objects.all(), "objective", F("number"), F("number")),
        all=True,
    )
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
