"""The offers, requests and public projects catalogues, declared once each: core.search derives
their search pages, counts and exports (see initiatives/catalogues.py for the pattern)."""

from django.conf import settings
from django.db import connection
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.search import Catalogue, Column, Facet, Sort
from core.search.results import localized
from network.models import Country
from network.selectors import VOCABULARY_VERSION_KEY, vocabularies

from .models import (
    COOPERATION_TRANSLATED_FIELDS,
    CooperationOffer,
    CooperationRecord,
    CooperationRequest,
    Project,
)


def works_in(code: str) -> Q:
    """The record lists that working language (a JSON array of codes). SQLite (the quick start) has
    no JSON containment: there the array's text is searched for the quoted code."""
    if connection.vendor == "postgresql":
        return Q(working_languages__contains=[code])
    return Q(working_languages__icontains=f'"{code}"')


def names(records) -> str:
    return "; ".join(record.name for record in records.all())


def facets() -> list[Facet]:
    return [
        Facet("country", "country__code", "country", _("Country"), stored=str.upper),
        Facet("subregion", "country__subregion", Country.Subregion.choices, _("Subregion")),
        Facet("forum", "country__forums__code", "forum", _("Regional forum")),
        Facet("theme", "themes__slug", "theme", _("Theme"), open=True),
        Facet("population", "populations__slug", "population", _("Target population"), open=True),
        Facet("modality", "modality", CooperationRecord._meta.get_field("modality").choices, _("Modality")),
        Facet("status", "status", CooperationRecord.Status.choices, _("Status")),
        Facet(
            "language",
            None,
            settings.COOPERATION_WORKING_LANGUAGES,
            _("Working language"),
            condition=works_in,
        ),
    ]


def columns() -> list[Column]:
    return [
        Column(_("Title"), lambda r: r.title),
        Column(_("Country"), lambda r: r.country.name),
        Column(_("Institution"), lambda r: r.institution.name if r.institution else ""),
        Column(_("Modality"), lambda r: r.get_modality_display()),
        Column(_("Status"), lambda r: r.get_status_display()),
        Column(_("Working languages"), lambda r: ", ".join(r.working_language_names())),
        Column(_("Available from"), lambda r: r.available_from or ""),
        Column(_("Available until"), lambda r: r.available_until or ""),
        Column(_("Themes"), lambda r: names(r.themes)),
        Column(_("Target populations"), lambda r: names(r.populations)),
        Column(_("Description"), lambda r: r.description),
    ]


def cooperation_catalogue(name: str, title, model, export_name: str) -> Catalogue:
    """Offers and requests are searched alike: same text, facets, sorts and columns."""
    catalogue = None

    def by_title(language: str) -> list:
        return [localized(catalogue, "title", language).asc(), "pk"]

    catalogue = Catalogue(
        name=name,
        title=title,
        model=model,
        published=model.objects.published,
        visibility=("state", CooperationRecord.State.PUBLISHED),
        text={"A": ["title"], "B": ["description"]},
        configs={code: f"ricomi_{code}" for code, _name in settings.LANGUAGES},
        tags=["themes__name", "populations__name", "country__name"],
        facets=facets(),
        sorts=[
            Sort("newest", _("Newest"), lambda language: ["-published_at", "-pk"]),
            Sort("title", _("Title"), by_title),
        ],
        row_template="exchanges/offers/_result_row.html",
        title_field="title",
        snippet_fields=["description"],
        vector_field="search_vector",
        rank_field="search_rank",
        trigram_field="search_titles",
        facet_keys_field="facet_keys",
        vocabularies=vocabularies,
        depends_on=[VOCABULARY_VERSION_KEY],
        select_related=["country"],
        prefetch_related=["themes"],
        defer=["search_vector", "search_rank", "search_titles", "facet_keys"],
        export_related=["themes", "populations", "institution"],
        export_name=export_name,
        columns=columns(),
    )
    return catalogue


OFFERS = cooperation_catalogue("offers", _("Cooperation offers"), CooperationOffer, "ricomi-offers")
REQUESTS = cooperation_catalogue("requests", _("Cooperation requests"), CooperationRequest, "ricomi-requests")
CATALOGUES = {"offer": OFFERS, "request": REQUESTS}


UPPER = str.upper  # country codes: lower case in addresses, upper case in the table


def label(name: str):
    """A project field's own (translated) name, capitalised, as a column header."""
    return capfirst(Project._meta.get_field(name).verbose_name)


def project_columns() -> list[Column]:
    return [
        Column(label("title"), lambda p: p.title, width=40),
        Column(label("requesting_country"), lambda p: p.requesting_country.name),
        Column(
            label("requesting_institution"),
            lambda p: p.requesting_institution.name if p.requesting_institution else "",
            width=30,
        ),
        Column(label("providing_country"), lambda p: p.providing_country.name),
        Column(
            label("providing_institution"),
            lambda p: p.providing_institution.name if p.providing_institution else "",
            width=30,
        ),
        Column(label("state"), lambda p: p.get_state_display()),
        Column(label("ceam_reference"), lambda p: p.ceam_reference),
        Column(label("ceam_decided_on"), lambda p: p.ceam_decided_on),
        Column(label("start_date"), lambda p: p.start_date),
        Column(label("end_date"), lambda p: p.end_date),
        Column(label("summary"), lambda p: p.summary, width=60),
    ]


def projects_catalogue() -> Catalogue:
    """Public projects (approved and after, Project.objects.public()): titles weigh most, then the
    summary and objectives; either country's name is a searchable tag."""
    catalogue = None

    def by_title(language: str) -> list:
        return [localized(catalogue, "title", language).asc(), "pk"]

    public_states = [(state.value, state.label) for state in Project.State if state in Project.PUBLIC_STATES]
    catalogue = Catalogue(
        name="projects",
        title=_("Cooperation projects"),
        model=Project,
        published=Project.objects.public,
        visibility=("state", tuple(Project.PUBLIC_STATES)),
        text={"A": ["title"], "B": ["summary", "objectives"]},
        configs={code: f"ricomi_{code}" for code, _name in settings.LANGUAGES},
        tags=["requesting_country__name", "providing_country__name"],
        facets=[
            Facet("requesting", "requesting_country__code", "country", _("Requesting country"), stored=UPPER),
            Facet("providing", "providing_country__code", "country", _("Providing country"), stored=UPPER),
            Facet("state", "state", public_states, _("State")),
        ],
        sorts=[
            Sort(
                "newest",
                _("Most recently approved"),
                lambda language: [F("ceam_decided_on").desc(nulls_last=True), "-pk"],
            ),
            Sort("title", _("Title"), by_title),
        ],
        row_template="exchanges/projects/_result_row.html",
        title_field="title",
        snippet_fields=["summary"],
        vector_field="search_vector",
        rank_field="search_rank",
        trigram_field="search_titles",
        facet_keys_field="facet_keys",
        vocabularies=vocabularies,
        depends_on=[VOCABULARY_VERSION_KEY],
        select_related=["requesting_country", "providing_country"],
        defer=["search_vector", "search_rank", "search_titles", "facet_keys"],
        export_related=["requesting_institution", "providing_institution"],
        export_name="ricomi-projects",
        page_size=20,
        columns=project_columns(),
    )
    return catalogue


PROJECTS = projects_catalogue()


def refresh_search_index(model, ids=None) -> None:
    """Recompute the search columns of the given offers, requests or projects (all if None)."""
    from core.search.index import refresh_index

    refresh_index(PROJECTS if model is Project else CATALOGUES[model.kind], ids)


__all__ = [
    "CATALOGUES",
    "COOPERATION_TRANSLATED_FIELDS",
    "OFFERS",
    "PROJECTS",
    "REQUESTS",
    "refresh_search_index",
]
