from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from .search import mark_index_changed

        # Any write may change results: cached counts of searches are keyed on this version.
        post_save.connect(
            mark_index_changed, sender="initiatives.Initiative", dispatch_uid="initiative-saved"
        )
        post_delete.connect(
            mark_index_changed, sender="initiatives.Initiative", dispatch_uid="initiative-deleted"
        )
