"""Public and focal-point pages of the bulletins app."""

from django.urls import path  # noqa: F401

app_name = "bulletins"

urlpatterns = []
