"""Public and focal-point pages of the exchanges app."""

from django.urls import path  # noqa: F401

app_name = "exchanges"

urlpatterns = []

# Cooperation projects and the fund (exchanges/project_urls.py).
from .project_urls import urlpatterns as project_urlpatterns  # noqa: E402

urlpatterns += project_urlpatterns
