"""Public and focal-point pages of the meetings app."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>-<str:slug>/", views.meeting_detail, name="detail"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/sessions/<int:session_pk>.ics", views.session_ics, name="session_ics"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path("<int:pk>/registrations/", views.registrations, name="registrations"),
    path("<int:pk>/registrations/<int:registration_pk>/", views.registration_decide, name="decide"),
    path(
        "<int:pk>/registrations/<int:registration_pk>/certificate.pdf", views.certificate, name="certificate"
    ),
    path("<int:pk>/budget/", views.budget, name="budget"),
    path("<int:pk>/budget.xlsx", views.budget_xlsx, name="budget_xlsx"),
    path("<int:pk>/<slug:document>.pdf", views.meeting_pdf, name="pdf"),
    path("delegate/<str:token>/", views.delegate, name="delegate"),
    path("delegate/<str:token>/meeting.ics", views.delegate_ics, name="delegate_ics"),
]
