"""Exchanges app: offers, requests and public projects are catalogues of the shared search; the
Celery tasks live in offer_tasks.py (imported here so the worker knows them)."""

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.utils.translation import gettext_lazy as _

# Network records whose names or groupings are copied into the search columns (tag names in the
# text, `facet:value` strings): a change refreshes the records linked to them, as for initiatives.
LINKED_THROUGH = {
    "Country": {
        "CooperationOffer": ["country"],
        "CooperationRequest": ["country"],
        "Project": ["requesting_country", "providing_country"],
    },
    "Theme": {"CooperationOffer": ["themes"], "CooperationRequest": ["themes"]},
    "TargetPopulation": {"CooperationOffer": ["populations"], "CooperationRequest": ["populations"]},
}
# A country's forums are a facet of offers and requests (not of projects).
LINKED_THROUGH_FORUMS = {"CooperationOffer": ["country"], "CooperationRequest": ["country"]}


def refresh_linked_records(linked: dict[str, list[str]], pks) -> None:
    """Refresh, after the commit, the offers, requests or projects linked to these network rows."""
    from django.apps import apps
    from django.db.models import Q

    from .catalogues import refresh_search_index

    pks = list(pks)
    for model_name, relations in linked.items():
        model = apps.get_model("exchanges", model_name)
        condition = Q()
        for relation in relations:
            condition |= Q(**{f"{relation}__in": pks})
        ids = sorted(set(model.objects.filter(condition).values_list("pk", flat=True)))
        if ids:
            transaction.on_commit(lambda model=model, ids=ids: refresh_search_index(model, ids))


class ExchangesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchanges"
    verbose_name = _("Horizontal cooperation")

    def ready(self):
        from core.pagecache import watch_content
        from core.search.index import watch

        from . import offer_tasks  # noqa: F401
        from .catalogues import OFFERS, PROJECTS, REQUESTS
        from .models import PAGES_VERSION_KEY, Project

        watch(OFFERS)  # cached counts expire on the writes that change them
        watch(REQUESTS)
        watch(PROJECTS)
        # A project's searched text and facets are all in its own row (no many-to-many): every
        # save (services, admin, demo) refreshes its search columns at once, after watch() above.
        post_save.connect(refresh_project, sender=Project, dispatch_uid="search-projects-refresh")
        # Whole public pages: any write to a model of the app serves new pages (history rows too).
        watch_content(PAGES_VERSION_KEY, *self.get_models())
        for name, linked in LINKED_THROUGH.items():
            refresh = self.term_saved(linked)
            post_save.connect(refresh, sender=f"network.{name}", weak=False, dispatch_uid=f"exchanges-{name}")
        forums = self.apps.get_model("network", "Country").forums.through
        m2m_changed.connect(self.forums_changed, sender=forums, dispatch_uid="exchanges-country-forums")

    @staticmethod
    def term_saved(linked):
        def refresh(instance, created, raw=False, **kwargs):
            if not created and not raw:
                refresh_linked_records(linked, [instance.pk])

        return refresh

    @staticmethod
    def forums_changed(instance, action, reverse, pk_set, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            countries = pk_set if reverse else [instance.pk]
            if countries:
                refresh_linked_records(LINKED_THROUGH_FORUMS, countries)


def refresh_project(instance, raw=False, **kwargs):
    from .catalogues import refresh_search_index

    if not raw:  # fixtures load rows as they are
        refresh_search_index(type(instance), [instance.pk])
