"""The admin site: django-otp's (every page behind a verified second factor), whose change lists
and add forms answer a bad query string or a forged selection without a server error.

The admin turns any field of a model into a filter (`?created_at__year=0`, `?title__regex=(`), and
Django checks such filters when it builds the query but not when the database runs it: a year out
of range, a broken regular expression or an id that is not a number then raised from deep in the
change list (a 500 on every model, stock admins included). The same holds for the values an add
form is prefilled with (`?user=abc`), and of a form sent back with such a value. Every model
admin's views pass through `AdminSite.admin_view`, so the checks live here, once, for every model.
"""

import logging
from functools import wraps

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from django.http import Http404, HttpResponseRedirect
from django_otp.admin import OTPAdminSite

from .middleware import UNREADABLE_FORM_MESSAGE, bad_request

logger = logging.getLogger(__name__)

# What a lookup the database cannot run raises once the query is compiled (`id__range=1` is an
# IndexError, a year out of range a ValueError) or executed (a broken regular expression).
LOOKUP_ERRORS = (ValueError, TypeError, IndexError, ValidationError, DataError)


class CheckedAdminSite(OTPAdminSite):
    """OTPAdminSite whose change lists never answer 500 to a wrong filter or selection."""

    def admin_view(self, view, cacheable=False):
        name = getattr(view, "__name__", "")
        if name == "changelist_view":
            view = checked_changelist_view(view)
        elif name in ("add_view", "change_view"):
            view = checked_form_view(view)
        elif name in ("history_view", "history_form_view"):
            view = checked_object_view(view)
        return super().admin_view(view, cacheable)


def checked_object_view(view):
    """`view` (a history page, Django's or django-simple-history's) answering 404 to an address
    whose object id is not a primary key of the model: those views look the row up unguarded."""
    model = view.__self__.model

    @wraps(view)
    def object_view(request, *args, **kwargs):
        object_id = kwargs.get("object_id", args[0] if args else "")
        if not is_primary_key(model, unquote(object_id)):
            raise Http404
        return view(request, *args, **kwargs)

    return object_view


def checked_changelist_view(view):
    """`view` (a model admin's bound `changelist_view`) with its input checked.

    A GET whose filters the database refuses is sent to the plain list with `?e=1`, as Django does
    for the wrong lookups it notices itself. A POST whose selected rows are not ids of the model
    (a forged `_selected_action`) is a 400: no admin page ever offers one.
    """
    model = view.__self__.model

    @wraps(view)
    def changelist_view(request, *args, **kwargs):
        if request.method == "POST":
            if not all(is_primary_key(model, value) for value in request.POST.getlist(ACTION_CHECKBOX_NAME)):
                return bad_request(request, UNREADABLE_FORM_MESSAGE)
            return view(request, *args, **kwargs)
        try:
            with transaction.atomic():  # a refused query must not spoil an enclosing transaction
                return view(request, *args, **kwargs)
        except LOOKUP_ERRORS as error:
            # Logged with its traceback: should our own list code ever raise one, it stays visible.
            logger.warning("Admin list of %s: filters refused (%r)", model._meta.label, error, exc_info=True)
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")

    return changelist_view


# A value the form cannot show: a related id that is not a number (its widget looks the row up, a
# ValueError) or text for a read-only date (displayed as one, an AttributeError).
PREFILL_ERRORS = (*LOOKUP_ERRORS, AttributeError)


def checked_form_view(view):
    """`view` (a model admin's bound `add_view` or `change_view`) whose form cannot make a 500 with
    a value it cannot show.

    The admin fills an empty add form from the query string (`?user=3`), and shows a form sent with
    errors again with the values sent; an autocomplete or related widget looks such a value up
    unguarded (a ValueError for an id that is not a number), and only while the page is rendered.
    So the page is rendered here: a prefill that fails sends the visitor to the empty form, a sent
    form that fails (a forged request: browsers send ids) gets the 400 page.
    """
    model = view.__self__.model

    @wraps(view)
    def form_view(request, *args, **kwargs):
        if request.method == "GET" and (not request.GET or view.__name__ != "add_view"):
            return view(request, *args, **kwargs)
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
                return response
        except PREFILL_ERRORS as error:
            logger.warning("Admin form of %s: value refused (%r)", model._meta.label, error, exc_info=True)
            if request.method == "POST":
                return bad_request(request, UNREADABLE_FORM_MESSAGE)
            return HttpResponseRedirect(request.path)

    return form_view


def is_primary_key(model, value: str) -> bool:
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return True
