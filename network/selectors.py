"""Reads of the network that pages share."""

import unicodedata

from django.db.models import Count, Prefetch, Q

from core.versions import bump_version, current_version

from .models import Country, Institution


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


def network_figures() -> dict[str, int]:
    """Counts shown on the home page, in one query."""
    return Country.objects.aggregate(
        member_states=Count("pk", filter=Q(oas_status=Country.OasStatus.MEMBER)),
        americas=Count("pk", filter=~Q(subregion="")),
        observers=Count("pk", filter=Q(oas_status=Country.OasStatus.OBSERVER)),
    )


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
