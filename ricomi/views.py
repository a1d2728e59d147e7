"""Site-wide views: home page and health check."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from network.selectors import network_figures

from .health import run_checks


def home(request):
    return render(request, "home.html", {"figures": network_figures()})


@never_cache
def healthz(request):
    healthy, results = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )
