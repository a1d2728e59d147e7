from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from core.pagecache import watch_content

        from .models import PAGES_VERSION_KEY

        # Whole public pages: any write to a model of the app serves new pages.
        watch_content(PAGES_VERSION_KEY, *self.get_models())
