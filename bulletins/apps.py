from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bulletins"

    def ready(self):
        from core.pagecache import watch_content

        from .models import PAGES_VERSION_KEY, Bulletin

        watch_content(PAGES_VERSION_KEY, Bulletin)  # the archive and each bulletin's HTML version
