"""Refuse an oversized request body before anything reads it."""

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation


class RequestBodyLimitMiddleware:
    """Answer 413 when the declared body is larger than MAX_REQUEST_BODY_BYTES.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams an uploaded file of any
    size to disk before a form can look at it; refusing on Content-Length costs nothing. A
    chunked body has no Content-Length: the proxy in front (client_max_body_size) caps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > settings.MAX_REQUEST_BODY_BYTES:
            return too_large(request)
        return self.get_response(request)


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django reads it: an unreadable length is no body


def too_large(request):
    """The 413 page, in the language of the address (this runs before LocaleMiddleware)."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        limit = filesizeformat(settings.MAX_REQUEST_BODY_BYTES)
        return render(request, "413.html", {"limit": limit}, status=413)
