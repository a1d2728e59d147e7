from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("countries/", views.country_list, name="country_list"),
    path(
        "institutions/<int:pk>/edit/",
        views.InstitutionUpdateView.as_view(),
        name="institution_edit",
    ),
]
