"""Public pages of the bulletins: the archive, a bulletin's HTML version and PDFs, and the
subscription pages (subscribe, confirm, preferences, unsubscribe), which need no login."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core.client_ip import client_ip_address
from core.pagecache import cache_public_page
from core.ratelimit import over_limit
from exchanges.models import PAGES_VERSION_KEY as EXCHANGE_PAGES
from initiatives.models import PAGES_VERSION_KEY as INITIATIVE_PAGES
from meetings.models import PAGES_VERSION_KEY as MEETING_PAGES
from network.models import PAGES_VERSION_KEY as NETWORK_PAGES

from . import links, services
from .forms import PreferencesForm, SubscribeForm
from .models import PAGES_VERSION_KEY, Bulletin
from .pdf import build_bulletin_pdf, bulletin_content

# A bulletin's HTML version reads every app for its year (core.pagecache).
SHOWN = (PAGES_VERSION_KEY, NETWORK_PAGES, INITIATIVE_PAGES, EXCHANGE_PAGES, MEETING_PAGES)


@cache_public_page(PAGES_VERSION_KEY, NETWORK_PAGES)
@require_safe
def archive(request):
    bulletins = Bulletin.objects.published()
    return render(
        request, "bulletins/archive.html", {"bulletins": bulletins, "languages": settings.LANGUAGES}
    )


@cache_public_page(*SHOWN)
@require_safe
def bulletin_detail(request, year):
    """The HTML version of a built bulletin, in the page's language."""
    bulletin = get_object_or_404(Bulletin.objects.published(), year=year)
    context = bulletin_content(bulletin, get_language())
    return render(request, "bulletins/detail.html", {**context, "languages": settings.LANGUAGES})


@require_safe
def bulletin_pdf(request, year, language):
    bulletin = get_object_or_404(Bulletin.objects.published(), year=year)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    document = build_bulletin_pdf(bulletin, language)  # the stored file; rendered now only if missing
    return FileResponse(
        document.file.open("rb"), filename=bulletin.pdf_filename(language), content_type="application/pdf"
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """The same answer whatever the address: whether it was known is never shown."""
    data = request.POST if request.method == "POST" else None  # an empty POST is answered with errors
    form = SubscribeForm(data, initial={"language": get_language()})
    if request.method == "POST":
        limited = over_limit(
            "bulletins.subscribe",
            client_ip_address(request),
            limit=settings.BULLETINS_SUBSCRIBE_RATE,
            window_seconds=settings.BULLETINS_SUBSCRIBE_RATE_WINDOW_SECONDS,
        )
        if limited:
            return render(request, "bulletins/subscribe.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            services.subscribe(
                data["email"], language=data["language"], countries=data["countries"], themes=data["themes"]
            )
            return redirect("bulletins:subscribe_sent")
    status = 400 if form.is_bound else 200
    return render(request, "bulletins/subscribe.html", {"form": form}, status=status)


@require_safe
def subscribe_sent(request):
    return render(request, "bulletins/subscribe_sent.html")


def subscriber_or_invalid(request, token, purpose):
    subscriber = links.subscriber_for_token(token, purpose)
    if subscriber is None:
        return None, render(request, "bulletins/invalid_link.html", status=400)
    return subscriber, None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners follow links); the POST confirms."""
    subscriber, invalid = subscriber_or_invalid(request, token, links.CONFIRM)
    if invalid:
        return invalid
    if request.method == "POST":
        services.confirm_subscription(subscriber)
        preferences_url = links.link_for(subscriber, links.PREFERENCES, get_language())
        return render(
            request,
            "bulletins/confirmed.html",
            {"subscriber": subscriber, "preferences_url": preferences_url},
        )
    return render(request, "bulletins/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    subscriber, invalid = subscriber_or_invalid(request, token, links.PREFERENCES)
    if invalid:
        return invalid
    form = PreferencesForm.for_subscriber(subscriber, request.POST if request.method == "POST" else None)
    saved = False
    if request.method == "POST" and form.is_valid():
        services.update_preferences(subscriber, **form.cleaned_data)
        saved = True
    context = {
        "form": form,
        "subscriber": subscriber,
        "saved": saved,
        "unsubscribe_url": links.link_for(subscriber, links.UNSUBSCRIBE, get_language()),
    }
    return render(request, "bulletins/preferences.html", context, status=400 if form.errors else 200)


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" with no cookie or token
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks for a click (link scanners must not unsubscribe anyone); POST unsubscribes at once."""
    subscriber, invalid = subscriber_or_invalid(request, token, links.UNSUBSCRIBE)
    if invalid:
        return invalid
    if request.method == "POST":
        services.unsubscribe(subscriber)
        return render(request, "bulletins/unsubscribed.html", {"subscriber": subscriber})
    return render(request, "bulletins/unsubscribe.html", {"subscriber": subscriber})
