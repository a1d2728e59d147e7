"""The whole-page cache of public pages, for visitors without a session.

A public view declares the content it shows by version keys; models declare which key they bump:

    watch_content("pages:initiatives", Initiative, InitiativeLink)      # in an AppConfig.ready()

    @cache_public_page("pages:initiatives", "pages:network")
    def initiative_detail(request, pk, slug): ...

A page is kept under its address (host, path, query string in a canonical order) and language,
with the values the keys it names had when it was built; it is served while they are unchanged,
read with the page in one round trip. A save, delete or many-to-many change of a watched model
bumps its key (at once, and again when the transaction commits, so a page read from data of before
the commit is never taken for the new version): the next visitor gets a freshly built page, which
replaces the old one. Nothing ages out by time.

PageCacheMiddleware serves and keeps the pages, ahead of the session and authentication layers;
views only declare their keys. Never served or stored for a request with a session or messages
cookie (signed-in users), never for anything but GET and HEAD, never stored when the response sets
a cookie, used a CSRF token, touched the session or asks not to be shared (private, no-store).
Pages carry an ETag and Last-Modified (a browser's conditional GET gets 304) and `Vary: Cookie`,
with Cache-Control that lets browsers keep them (revalidating each time) and the proxy share them
for PAGE_CACHE_PROXY_SECONDS.
"""

import hashlib
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

KEY_PREFIX = "pagecache"
# Says whether a page came from the cache (hit) or was built and kept (miss): for the proxy's logs,
# the benchmark and the tests. Absent on pages that are never kept.
STATUS_HEADER = "X-Page-Cache"
# Responses a view marks with one of these are never shared.
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")
# A rendered form carries this field; its page is never kept (belt and braces with the CSRF flag).
CSRF_FIELD = b"csrfmiddlewaretoken"


def page_cache_enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


# --- Version counters --------------------------------------------------------------------------


def fresh_version() -> int:
    """A start value no earlier counter reached: an evicted key never brings old pages back."""
    return time.time_ns()


def current_versions(keys: tuple[str, ...], found: dict) -> tuple[int, ...]:
    """The value of each key, from `found` (one get_many), starting the counters not there yet."""
    for key in keys:
        if key not in found:
            cache.add(key, fresh_version(), timeout=None)
            found[key] = cache.get(key)
    return tuple(found[key] for key in keys)


def version_for(request, key: str) -> int:
    """The value of `key` the page cache read for this request, or its current value."""
    known = getattr(request, "content_versions", {})
    return known[key] if key in known else current_versions((key,), {})[0]


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # evicted or never read: any new value makes the old pages unreachable
        cache.set(key, fresh_version(), timeout=None)


def bump_now_and_on_commit(key: str) -> None:
    """At once (this process's next read), and after the commit: a visitor who read the data of
    before the commit in between stored it under the first bump, which the second makes unreachable."""
    bump(key)
    transaction.on_commit(lambda: bump(key), robust=True)


def watch_content(key: str, *models) -> None:
    """Bump `key` on every save, delete and many-to-many change of these models."""

    def changed(**kwargs):
        if kwargs.get("action", "post_").startswith("post_"):
            bump_now_and_on_commit(key)

    for model in models:
        uid = f"pagecache:{key}:{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"{uid}:{field.name}")


# --- The cache of pages ------------------------------------------------------------------------


@dataclass
class CachedPage:
    versions: tuple  # of the content it shows, when it was built
    content: bytes
    status: int
    headers: dict[str, str]
    etag: str
    stored_at: float

    def response(self) -> HttpResponse:
        return HttpResponse(self.content, status=self.status, headers=self.headers)


def has_session(request) -> bool:
    """A signed-in user (or anyone with pending messages) carries one of these cookies."""
    names = (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGES_COOKIE_NAME", "messages"))
    return any(name in request.COOKIES for name in names)


def may_use_cache(request) -> bool:
    return page_cache_enabled() and request.method in ("GET", "HEAD") and not has_session(request)


def canonical_query(request) -> str:
    """The query string with its parameters in one order: `?b=1&a=2` and `?a=2&b=1` share a page."""
    pairs = sorted((key, value) for key, values in request.GET.lists() for value in values)
    return "&".join(f"{key}={value}" for key, value in pairs)


def page_key(request, language: str) -> str:
    """One entry per address and language: the latest page built for it, with its versions."""
    address = f"{request.scheme}://{request.get_host()}{request.path}?{canonical_query(request)}"
    # The day too: a record's "may be out of date" notice appears with the date, not with a write.
    signature = repr((address, language, timezone.localdate().toordinal()))
    return f"{KEY_PREFIX}:{hashlib.md5(signature.encode(), usedforsecurity=False).hexdigest()}"


def is_storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or CSRF_FIELD in response.content:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(directive in cache_control for directive in PRIVATE_DIRECTIVES)


def store(key: str, response, versions: tuple) -> CachedPage:
    content = bytes(response.content)
    page = CachedPage(
        versions=versions,
        content=content,
        status=response.status_code,
        headers=dict(response.headers),
        etag=f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
        stored_at=time.time(),
    )
    cache.set(key, page, settings.PAGE_CACHE_SECONDS)
    return page


def shared_headers(response, page: CachedPage) -> None:
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.stored_at)
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_PROXY_SECONDS)
    patch_vary_headers(response, ("Cookie",))


def not_shared(response) -> None:
    """A page built for a signed-in user: never kept by the proxy, re-asked by the browser."""
    if "Cache-Control" not in response:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


def cache_public_page(*version_keys: str):
    """Mark a view's page as kept for visitors without a session, keyed on its address, its
    language and the versions of `version_keys` (see `watch_content`); PageCacheMiddleware keeps
    and serves it."""

    def decorator(view):
        @wraps(view)
        def public_view(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        public_view.page_cache_keys = version_keys
        return public_view

    return decorator


def page_version_keys(request) -> tuple[str, ...] | None:
    """The version keys of the page this address shows, if it is a kept page: its view is found
    as the URL resolver will find it, in the language of the address's prefix."""
    language = translation.get_language_from_path(request.path_info)
    if language is None:  # only pages under a language prefix are kept
        return None
    with translation.override(language):
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
    return getattr(match.func, "page_cache_keys", None)


class PageCacheMiddleware:
    """Serves kept pages before the session, authentication, CSRF and message layers run (a
    visitor without a session needs none of them), and keeps the pages their views build, with the
    headers those layers added. Placed after the input checks and before SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        version_keys = page_version_keys(request) if may_use_cache(request) else None
        if version_keys is None:
            response = self.get_response(request)
            match = getattr(request, "resolver_match", None)
            if match is not None and getattr(match.func, "page_cache_keys", None) is not None:
                not_shared(response)  # a kept page's address, built for a signed-in user
            return response
        key = page_key(request, translation.get_language_from_path(request.path_info))
        found = cache.get_many([*version_keys, key])  # one round trip on a hit
        versions = current_versions(version_keys, found)
        request.content_versions = dict(zip(version_keys, versions, strict=True))
        page = found.get(key)
        if page is not None and page.versions == versions:
            response = page.response()
            response[STATUS_HEADER] = "hit"
        else:
            response = self.get_response(request)
            if not is_storable(request, response):
                not_shared(response)
                return response
            page = store(key, response, versions)
            response[STATUS_HEADER] = "miss"
        shared_headers(response, page)
        return get_conditional_response(
            request, etag=page.etag, last_modified=int(page.stored_at), response=response
        )
