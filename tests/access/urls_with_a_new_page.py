"""The project's URLs plus a page the access walk has never heard of (see test_urls_by_role)."""

from django.http import HttpResponse
from django.urls import path

from ricomi.urls import urlpatterns as project_patterns

urlpatterns = [
    *project_patterns,
    path("es/widgets/<int:widget_id>/", lambda request, widget_id: HttpResponse("widget"), name="widget"),
]
