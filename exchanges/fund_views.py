"""Pages of the cooperation fund: the public summary, the secretariats' detail."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.pagecache import cache_public_page
from network.models import PAGES_VERSION_KEY as NETWORK_PAGES

from . import fund_selectors, fund_services
from .models import PAGES_VERSION_KEY


@cache_public_page(PAGES_VERSION_KEY, NETWORK_PAGES)
@require_safe
def fund_summary(request):
    context = {
        **fund_selectors.fund_summary(),
        "may_see_detail": fund_services.may_see_fund_detail(request.user),
    }
    return render(request, "exchanges/fund/summary.html", context)


@require_safe
@login_required
def fund_detail(request):
    if not fund_services.may_see_fund_detail(request.user):
        raise PermissionDenied
    return render(request, "exchanges/fund/detail.html", fund_selectors.fund_detail())
