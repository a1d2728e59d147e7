"""Search facets of initiatives (django-filter): AND across facets, OR within one facet.

Choices come from a Vocabulary loaded once per request (initiatives.selectors), so that reading
and validating the query string costs no query of its own; unknown values are reported and
ignored rather than failing the page.
"""

import django_filters
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from network.models import Country

from .models import Initiative

VOCABULARY_FACETS = {
    # facet: (m2m field on Initiative, lookup of the through model)
    "theme": ("themes", "theme__slug__in"),
    "population": ("populations", "targetpopulation__slug__in"),
    "objective": ("gcm_objectives", "gcmobjective__number__in"),
}


def has_title_in(code: str) -> Q:
    """A version exists in that language. Written as IS NOT NULL and <> '' rather than > '':
    equality compares bytes, while > '' collates each title, several times slower on a scan."""
    return Q(**{f"title_{code}__isnull": False}) & ~Q(**{f"title_{code}": ""})


def linked_to_any(field: str, lookup: str, values) -> Exists:
    """Initiatives linked through the m2m `field` to any of `values` (no duplicated rows)."""
    through = Initiative._meta.get_field(field).remote_field.through
    return Exists(through.objects.filter(initiative_id=OuterRef("pk"), **{lookup: values}))


class InitiativeFilter(django_filters.FilterSet):
    country = django_filters.MultipleChoiceFilter(distinct=False, label=_("Country"), method="filter_country")
    subregion = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Subregion"),
        choices=Country.Subregion.choices,
        field_name="lead_country__subregion",
    )
    forum = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Regional forum"), method="filter_forum"
    )
    theme = django_filters.MultipleChoiceFilter(distinct=False, label=_("Theme"), method="filter_linked")
    population = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Target population"), method="filter_linked"
    )
    objective = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Global Compact objective"), method="filter_linked"
    )
    kind = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Kind"), choices=Initiative.Kind.choices
    )
    scope = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Scope"), choices=Initiative.Scope.choices
    )
    status = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Status"), choices=Initiative.Status.choices
    )
    language = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Available in"), choices=settings.LANGUAGES, method="filter_language"
    )
    year_from = django_filters.NumberFilter(
        label=_("From year"), method="filter_year_from", min_value=1950, max_value=2100
    )
    year_to = django_filters.NumberFilter(
        label=_("To year"), method="filter_year_to", min_value=1950, max_value=2100
    )

    class Meta:
        model = Initiative
        fields = []

    def __init__(self, data=None, *args, vocabulary, **kwargs):
        super().__init__(data, *args, **kwargs)
        for facet in ["country", "forum", *VOCABULARY_FACETS]:
            self.filters[facet].extra["choices"] = [(item.key, item.label) for item in vocabulary[facet]]
        self.ignored = self._drop_unknown_values()

    def _drop_unknown_values(self) -> list[tuple[str, str]]:
        """Keep the known values of each facet, so that one bad value does not void the facet;
        returns (facet label, value) for each value left out, to tell the visitor."""
        if self.data is None or not hasattr(self.data, "getlist"):
            return []
        self.data = self.data.copy()
        ignored = []
        for name, facet in self.filters.items():
            if not isinstance(facet, django_filters.MultipleChoiceFilter):
                continue
            known = {str(key) for key, _label in facet.extra["choices"]}
            values = self.data.getlist(name)
            ignored += [(str(facet.label), value) for value in values if value not in known]
            self.data.setlist(name, [value for value in values if value in known])
        return ignored

    def filter_country(self, queryset, name, codes):
        return queryset.filter(lead_country__code__in=[code.upper() for code in codes])

    def filter_forum(self, queryset, name, codes):
        return queryset.filter(lead_country__in=Country.objects.filter(forums__code__in=codes))

    def filter_linked(self, queryset, name, values):
        field, lookup = VOCABULARY_FACETS[name]
        return queryset.filter(linked_to_any(field, lookup, values))

    def filter_language(self, queryset, name, codes):
        condition = Q()
        for code in codes:
            condition |= has_title_in(code)
        return queryset.filter(condition)

    def filter_year_from(self, queryset, name, year):
        return queryset.filter(Q(end_year__isnull=True) | Q(end_year__gte=year))

    def filter_year_to(self, queryset, name, year):
        return queryset.filter(start_year__lte=year)

    def apply(self, queryset, *, skip: str | None = None):
        """The queryset filtered by every valid facet except `skip` (for disjunctive counts)."""
        for name, value in self.form.cleaned_data.items():
            if name != skip and value not in (None, "", []):
                queryset = self.filters[name].filter(queryset, value)
        return queryset
