"""Exchanges app: offers and requests are catalogues of the shared search; their Celery tasks
live in offer_tasks.py (imported here so the worker knows them)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchanges"
    verbose_name = _("Horizontal cooperation")

    def ready(self):
        from core.search.index import watch

        from . import offer_tasks  # noqa: F401
        from .catalogues import OFFERS, REQUESTS

        watch(OFFERS)  # cached counts expire on the writes that change them
        watch(REQUESTS)
