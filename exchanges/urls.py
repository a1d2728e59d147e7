"""Public and focal-point pages of the exchanges app."""

from django.urls import path  # noqa: F401

app_name = "exchanges"

urlpatterns = []
