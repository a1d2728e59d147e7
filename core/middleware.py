"""Request middleware of the ground floor: text input is checked and cleaned before any view runs."""

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .cleaning import NUL_MESSAGE, clean_text, contains_nul, is_secret_field

UNREADABLE_FORM_MESSAGE = _("The form data could not be read. Reload the page and send the form again.")


class InputCleaningMiddleware:
    """Refuse a NUL in the path, query string, headers or form body with a 400 page; hand views a
    `GET` and a `POST` without control characters.

    Every site and admin form reads `request.POST`, so cleaning here covers all of them, the stock
    auth forms and the formsets included, and no new form can forget it. In a multipart body only
    the text fields are cleaned: file contents stay with Django's upload handlers (on disk past
    FILE_UPLOAD_MAX_MEMORY_SIZE) and are never read here, and Django's parser already drops every
    non-printable character from file names (`core.files` shortens them). Password fields are
    checked for NUL but never cleaned (see `core.cleaning.is_secret_field`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if contains_nul(request.path_info) or has_nul(request.GET) or headers_have_nul(request.META):
            return bad_request(request, NUL_MESSAGE)
        request.GET = cleaned(request.GET)
        if request.method == "POST":
            try:
                post = request.POST  # parses a multipart body, files included
            except MultiPartParserError:
                return bad_request(request, UNREADABLE_FORM_MESSAGE)
            except (BadRequest, SuspiciousOperation):
                # A body in another encoding, too many fields, too big: Django's own 400, but
                # answered here so that the page is in the language of the address.
                return bad_request(request, None)
            if has_nul(post):
                return bad_request(request, NUL_MESSAGE)
            request.POST = cleaned(post)
        return self.get_response(request)


def has_nul(data: QueryDict) -> bool:
    return any(contains_nul(key) or any(map(contains_nul, values)) for key, values in data.lists())


def headers_have_nul(meta: dict) -> bool:
    """HTTP forbids NUL in a header; one in a cookie or the user agent would reach PostgreSQL."""
    return any(key.startswith("HTTP_") and contains_nul(value) for key, value in meta.items())


def cleaned(data: QueryDict) -> QueryDict:
    """A copy of `data` with control characters removed from keys and values, secrets untouched."""
    result = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        if is_secret_field(key):
            result.setlist(key, values)
        else:
            result.setlist(clean_text(key), [clean_text(value) for value in values])
    result._mutable = False
    return result


def bad_request(request, message):
    """The 400 page, in the language of the address (this runs before LocaleMiddleware)."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        return render(request, "400.html", {"message": message}, status=400)
