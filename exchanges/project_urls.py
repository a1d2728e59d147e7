"""Addresses of cooperation projects and the fund, included by exchanges/urls.py."""

from django.urls import path

from . import fund_views, project_views

urlpatterns = [
    path("projects/", project_views.project_list, name="project_list"),
    path("projects/export/", project_views.project_export, name="project_export"),
    path("projects/mine/", project_views.my_projects, name="my_projects"),
    path("projects/new/", project_views.project_create, name="project_create"),
    path("projects/from-match/<int:match_pk>/", project_views.project_from_match, name="project_from_match"),
    path("projects/follow-up/<str:token>/", project_views.project_followup, name="project_followup"),
    path("projects/<int:pk>/", project_views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", project_views.project_edit, name="project_edit"),
    path("projects/<int:pk>/actions/<slug:action>/", project_views.project_action, name="project_action"),
    path("projects/<int:pk>/measurements/", project_views.measurement_add, name="measurement_add"),
    path("projects/<int:pk>/reports/", project_views.report_add, name="report_add"),
    path(
        "projects/<int:pk>/documents/<int:document_pk>/",
        project_views.report_document,
        name="report_document",
    ),
    path("fund/", fund_views.fund_summary, name="fund"),
    path("fund/detail/", fund_views.fund_detail, name="fund_detail"),
]
