"""Initiatives app: the catalogue is watched for writes that change search counts, and network
records copied into the search columns refresh the initiatives linked to them."""

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.utils.translation import gettext_lazy as _

# Network records whose names, codes or groupings are copied into initiatives' search columns
# (tag names in the text, `facet:value` strings): a change refreshes the initiatives linked to them.
LINKED_THROUGH = {
    "Country": ["lead_country", "partner_countries"],
    "Theme": ["themes"],
    "TargetPopulation": ["populations"],
    "GcmObjective": ["gcm_objectives"],
}


def refresh_linked_initiatives(relation: str, pks) -> None:
    from .models import Initiative
    from .search import refresh_search_index

    ids = list(Initiative.objects.filter(**{f"{relation}__in": list(pks)}).values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: refresh_search_index(sorted(set(ids))))


class InitiativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from core.pagecache import watch_content
        from core.search.index import watch

        from . import public_detail
        from .catalogues import INITIATIVES
        from .models import PAGES_VERSION_KEY

        watch(INITIATIVES)  # cached counts expire on the writes that change them, and only those
        # Whole public pages: any write to what a page of initiatives shows serves a new page.
        names = ["Initiative", "InitiativeLink", "SystemReference", "InitiativeDocument"]
        names += ["Verification", "StateChange"]
        watch_content(PAGES_VERSION_KEY, *map(self.get_model, names))
        public_detail.watch_records()  # kept page bodies follow their records
        for model, relations in LINKED_THROUGH.items():
            post_save.connect(
                self.term_saved(relations),
                sender=f"network.{model}",
                weak=False,
                dispatch_uid=f"search-{model}",
            )
        forums = self.apps.get_model("network", "Country").forums.through
        m2m_changed.connect(self.forums_changed, sender=forums, dispatch_uid="search-country-forums")

    @staticmethod
    def term_saved(relations):
        def refresh(instance, created, **kwargs):
            if not created:
                for relation in relations:
                    refresh_linked_initiatives(relation, [instance.pk])

        return refresh

    @staticmethod
    def forums_changed(instance, action, reverse, pk_set, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            countries = pk_set if reverse else [instance.pk]
            if countries:
                refresh_linked_initiatives("lead_country", countries)
