"""Exchanges app: offers and requests are catalogues of the shared search; their Celery tasks
live in offer_tasks.py (imported here so the worker knows them)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchanges"
    verbose_name = _("Horizontal cooperation")

    def ready(self):
        from core.pagecache import watch_content
        from core.search.index import watch

        from . import offer_tasks  # noqa: F401
        from .catalogues import OFFERS, REQUESTS
        from .models import PAGES_VERSION_KEY

        watch(OFFERS)  # cached counts expire on the writes that change them
        watch(REQUESTS)
        # Whole public pages: any write to a model of the app serves new pages (history rows too).
        watch_content(PAGES_VERSION_KEY, *self.get_models())
