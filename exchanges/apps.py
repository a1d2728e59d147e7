"""Exchanges app: offers, requests and public projects are catalogues of the shared search; the
Celery tasks live in offer_tasks.py (imported here so the worker knows them)."""

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


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


def refresh_project(instance, raw=False, **kwargs):
    from .catalogues import refresh_search_index

    if not raw:  # fixtures load rows as they are
        refresh_search_index(type(instance), [instance.pk])
