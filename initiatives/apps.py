"""Initiatives app: the catalogue is watched for writes that change search counts, and network
records copied into the search columns refresh the initiatives linked to them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Network records whose names, codes or groupings are copied into initiatives' search columns
# (tag names in the text, `facet:value` strings): a change refreshes the initiatives linked to them.
LINKED_THROUGH = {
    "network.Country": ["lead_country", "partner_countries"],
    "network.Theme": ["themes"],
    "network.TargetPopulation": ["populations"],
    "network.GcmObjective": ["gcm_objectives"],
}


class InitiativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from core.pagecache import watch_content
        from core.search.index import watch
        from core.search.linked import refresh_when_linked_records_change

        from . import public_detail
        from .catalogues import INITIATIVES
        from .models import PAGES_VERSION_KEY
        from .search import refresh_search_index

        watch(INITIATIVES)  # cached counts expire on the writes that change them, and only those
        # Whole public pages: any write to what a page of initiatives shows serves a new page.
        names = ["Initiative", "InitiativeLink", "SystemReference", "InitiativeDocument"]
        names += ["Verification", "StateChange"]
        watch_content(PAGES_VERSION_KEY, *map(self.get_model, names))
        public_detail.watch_records()  # kept page bodies follow their records
        Initiative = self.get_model("Initiative")
        refresh_when_linked_records_change(
            "initiatives",
            {label: {Initiative: relations} for label, relations in LINKED_THROUGH.items()},
            refresh=lambda _model, ids: refresh_search_index(ids),
            groupings=(
                self.apps.get_model("network", "Country").forums.through,
                {Initiative: ["lead_country"]},
            ),
        )
