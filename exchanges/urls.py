"""Public and focal-point pages of the exchanges app."""

from django.urls import path

from . import offer_views

app_name = "exchanges"

urlpatterns = [
    # --- offers and requests (offer_views) ---
    *[
        route
        for kind, plural in (("offer", "offers"), ("request", "requests"))
        for route in (
            path(f"{plural}/", offer_views.record_list, {"kind": kind}, name=f"{kind}_list"),
            path(f"{plural}/export/", offer_views.record_export, {"kind": kind}, name=f"{kind}_export"),
            path(f"{plural}/new/", offer_views.record_create, {"kind": kind}, name=f"{kind}_create"),
            path(
                f"{plural}/<int:pk>-<str:slug>/",
                offer_views.record_detail,
                {"kind": kind},
                name=f"{kind}_detail",
            ),
            path(f"{plural}/<int:pk>/edit/", offer_views.record_edit, {"kind": kind}, name=f"{kind}_edit"),
            path(
                f"{plural}/<int:pk>/actions/<slug:action>/",
                offer_views.record_action,
                {"kind": kind},
                name=f"{kind}_action",
            ),
        )
    ],
    path("matches/<int:pk>/status/", offer_views.match_status, name="match_status"),
    path("mine/", offer_views.my_records, name="my_records"),
    path("consolidation/", offer_views.consolidation_table, name="consolidation"),
    path(
        "consolidation/export.<str:file_format>",
        offer_views.consolidation_export,
        name="consolidation_export",
    ),
]

# Cooperation projects and the fund (exchanges/project_urls.py).
from .project_urls import urlpatterns as project_urlpatterns  # noqa: E402

urlpatterns += project_urlpatterns
