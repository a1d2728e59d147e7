"""Site-wide views that compose several apps: home page, country page, health check."""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.pagecache import cache_public_page
from exchanges.models import PAGES_VERSION_KEY as EXCHANGE_PAGES
from initiatives.catalogues import INITIATIVES
from initiatives.models import PAGES_VERSION_KEY as INITIATIVE_PAGES
from initiatives.selectors import country_initiative_figures, published_total
from meetings.models import PAGES_VERSION_KEY as MEETING_PAGES
from meetings.selectors import meetings_attended_by
from network.models import PAGES_VERSION_KEY as NETWORK_PAGES
from network.models import Country
from network.selectors import country_with_institutions, network_figures

from .health import run_checks

# The apps whose content the home and country pages show (core.pagecache).
SHOWN = (INITIATIVE_PAGES, NETWORK_PAGES, EXCHANGE_PAGES, MEETING_PAGES)


@cache_public_page(*SHOWN, INITIATIVES.version_key)  # the kept total changes with the search index
@require_safe
def home(request):
    figures = {**network_figures(), "initiatives": published_total()}
    return render(request, "home.html", {"figures": figures})


@cache_public_page(*SHOWN)
@require_safe
def country_detail(request, code):
    if len(code) != 2:
        raise Http404
    if code != code.lower():
        return redirect("country_detail", code=code.lower(), permanent=True)
    try:
        country = country_with_institutions(code)
    except Country.DoesNotExist as missing:
        raise Http404 from missing
    context = {"country": country, "initiatives": country_initiative_figures(country)}
    context["country_meetings"] = meetings_attended_by(country)
    return render(request, "network/country_detail.html", context)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the site's own page (Django's carries an inline style the policy blocks)."""
    return render(request, "403_csrf.html", status=403)


@require_safe
@never_cache
def healthz(request):
    healthy, results = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )


def page_not_found(request, exception):
    """Django's 404 page, marked as an error page: its links never repeat the address asked for
    (a draft's slug typed by someone who may not see it is not echoed back in every link)."""
    request.is_error_page = True
    return defaults.page_not_found(request, exception)
