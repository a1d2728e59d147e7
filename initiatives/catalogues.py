"""The initiatives catalogue, declared once: core.search derives its search page, counts and exports."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.search import Catalogue, Column, Facet, Period, Sort
from core.search.results import localized
from network.models import Country
from network.selectors import VOCABULARY_VERSION_KEY, vocabularies

from .models import TRANSLATED_TEXT_FIELDS, Initiative


def has_title_in(code: str) -> Q:
    """A version exists in that language. Written as IS NOT NULL and <> '' rather than > '':
    equality compares bytes, while > '' collates each title, several times slower on a scan."""
    return Q(**{f"title_{code}__isnull": False}) & ~Q(**{f"title_{code}": ""})


def by_title(language: str) -> list:
    return [localized(INITIATIVES, "title", language).asc(), "pk"]


def names(records) -> str:
    return "; ".join(record.name for record in records.all())


INITIATIVES = Catalogue(
    name="initiatives",
    title=_("Initiatives"),
    model=Initiative,
    published=Initiative.objects.published,
    visibility=("state", Initiative.State.PUBLISHED),
    text={"A": ["title"], "B": ["summary"], "C": TRANSLATED_TEXT_FIELDS[2:]},
    configs={code: f"ricomi_{code}" for code, _name in settings.LANGUAGES},
    tags=[
        "themes__name",
        "populations__name",
        "gcm_objectives__name",
        "lead_country__name",
        "partner_countries__name",
    ],
    facets=[
        Facet("country", "lead_country__code", "country", _("Country"), stored=str.upper),
        Facet("subregion", "lead_country__subregion", Country.Subregion.choices, _("Subregion")),
        Facet("forum", "lead_country__forums__code", "forum", _("Regional forum")),
        Facet("theme", "themes__slug", "theme", _("Theme"), open=True),
        Facet("population", "populations__slug", "population", _("Target population"), open=True),
        Facet("objective", "gcm_objectives__number", "objective", _("Global Compact objective")),
        Facet("kind", "kind", Initiative.Kind.choices, _("Kind")),
        Facet("scope", "scope", Initiative.Scope.choices, _("Scope")),
        Facet("status", "status", Initiative.Status.choices, _("Status")),
        Facet("language", None, settings.LANGUAGES, _("Available in"), condition=has_title_in),
    ],
    period=Period("year_from", "year_to", "start_year", "end_year", _("Period")),
    sorts=[
        Sort("newest", _("Newest"), lambda language: ["-published_at", "-pk"]),
        Sort("title", _("Title"), by_title),
    ],
    row_template="initiatives/_result_row.html",
    title_field="title",
    snippet_fields=["summary", "description"],
    vector_field="search_vector",
    rank_field="search_rank",
    trigram_field="search_titles",
    facet_keys_field="facet_keys",
    vocabularies=vocabularies,
    depends_on=[VOCABULARY_VERSION_KEY],
    select_related=["lead_country"],
    row_terms={"theme_terms": "theme"},  # the row's themes, named from the vocabulary
    # What a result row never shows: left in storage so that a page reads 20 short rows.
    defer=[
        "search_vector",
        "search_rank",
        "search_titles",
        "facet_keys",
        *TRANSLATED_TEXT_FIELDS[2:],
        *[f"{name}_{code}" for name in TRANSLATED_TEXT_FIELDS[2:] for code, _l in settings.LANGUAGES],
    ],
    export_related=["themes", "populations"],
    export_name="ricomi-initiatives",
    columns=[
        Column(_("Title"), lambda i: i.title, width=50),
        Column(_("Country"), lambda i: i.lead_country.name, width=20),
        Column(_("Kind"), lambda i: i.get_kind_display(), width=18),
        Column(_("Scope"), lambda i: i.get_scope_display(), width=14),
        Column(_("Status"), lambda i: i.get_status_display(), width=14),
        Column(_("Start year"), lambda i: i.start_year, width=11),
        Column(_("End year"), lambda i: i.end_year or "", width=11),
        Column(_("Themes"), lambda i: names(i.themes), width=40),
        Column(_("Target populations"), lambda i: names(i.populations), width=40),
        Column(_("Summary"), lambda i: i.summary, width=80),
        Column(_("Published"), lambda i: i.published_at and timezone.localdate(i.published_at), width=14),
        Column(_("Last verified"), lambda i: i.last_verified_on, width=14),
    ],
)
