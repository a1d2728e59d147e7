"""Exchanges app: offers, requests and public projects are catalogues of the shared search; the
Celery tasks live in offer_tasks.py (imported here so the worker knows them)."""

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

# Network records whose names or groupings are copied into the search columns (tag names in the
# text, `facet:value` strings): a change refreshes the records linked to them, as for initiatives.
LINKED_THROUGH = {
    "network.Country": {
        "CooperationOffer": ["country"],
        "CooperationRequest": ["country"],
        "Project": ["requesting_country", "providing_country"],
    },
    "network.Theme": {"CooperationOffer": ["themes"], "CooperationRequest": ["themes"]},
    "network.TargetPopulation": {"CooperationOffer": ["populations"], "CooperationRequest": ["populations"]},
}
# A country's forums are a facet of offers and requests (not of projects).
LINKED_THROUGH_FORUMS = {"CooperationOffer": ["country"], "CooperationRequest": ["country"]}


class ExchangesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchanges"
    verbose_name = _("Horizontal cooperation")

    def ready(self):
        from core.pagecache import watch_content
        from core.search.index import watch
        from core.search.linked import refresh_when_linked_records_change

        from . import offer_tasks  # noqa: F401
        from .catalogues import OFFERS, PROJECTS, REQUESTS, refresh_search_index
        from .models import PAGES_VERSION_KEY, Project

        watch(OFFERS)  # cached counts expire on the writes that change them
        watch(REQUESTS)
        watch(PROJECTS)
        # A project's searched text and facets are all in its own row (no many-to-many): every
        # save (services, admin, demo) refreshes its search columns at once, after watch() above.
        post_save.connect(refresh_project, sender=Project, dispatch_uid="search-projects-refresh")
        # Whole public pages: any write to a model of the app serves new pages (history rows too).
        watch_content(PAGES_VERSION_KEY, *self.get_models())

        def models(linked: dict[str, list[str]]) -> dict:
            return {self.get_model(name): relations for name, relations in linked.items()}

        refresh_when_linked_records_change(
            "exchanges",
            {label: models(linked) for label, linked in LINKED_THROUGH.items()},
            refresh=refresh_search_index,
            groupings=(
                self.apps.get_model("network", "Country").forums.through,
                models(LINKED_THROUGH_FORUMS),
            ),
        )


def refresh_project(instance, raw=False, **kwargs):
    from .catalogues import refresh_search_index

    if not raw:  # fixtures load rows as they are
        refresh_search_index(type(instance), [instance.pk])
