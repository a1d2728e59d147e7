from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def ensure_reference_data(sender, apps=global_apps, **kwargs):
    """After every migrate (and every test-database flush), restore missing reference rows."""
    from .reference import load_reference_data
    from .roles import sync_role_groups

    load_reference_data(apps)
    sync_role_groups(apps)


class NetworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        from core.pagecache import watch_content

        from .models import PAGES_VERSION_KEY
        from .selectors import mark_vocabulary_changed

        post_migrate.connect(ensure_reference_data, sender=self)
        for model in ["Country", "RegionalForum", "Theme", "TargetPopulation", "GcmObjective"]:
            for signal in (post_save, post_delete):
                signal.connect(
                    mark_vocabulary_changed, sender=f"network.{model}", dispatch_uid=f"vocab-{model}"
                )
        m2m_changed.connect(mark_vocabulary_changed, sender=self.get_model("Country").forums.through)
        names = ["RegionalForum", "Country", "Institution", "FocalPoint"]
        names += ["Theme", "TargetPopulation", "GcmObjective"]  # shown wherever their records are
        watch_content(PAGES_VERSION_KEY, *map(self.get_model, names))
