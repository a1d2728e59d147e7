"""The admin site: django-otp's (every page behind a verified second factor), whose change lists
answer a bad query string or a forged selection the way the admin answers any wrong lookup.

The admin turns any field of a model into a filter (`?created_at__year=0`, `?title__regex=(`),
and Django checks such filters when it builds the query but not when the database runs it: a year
out of range, a broken regular expression or an id that is not a number then raised from deep in
the change list (a 500 on every model, stock admins included). Every model admin's views pass
through `AdminSite.admin_view`, so the check lives here, once, for every change list.
"""

import logging
from functools import wraps

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from django.http import HttpResponseRedirect
from django_otp.admin import OTPAdminSite

from .middleware import UNREADABLE_FORM_MESSAGE, bad_request

logger = logging.getLogger(__name__)

# What a lookup the database cannot run raises once the query is compiled (`id__range=1` is an
# IndexError, a year out of range a ValueError) or executed (a broken regular expression).
LOOKUP_ERRORS = (ValueError, TypeError, IndexError, ValidationError, DataError)


class CheckedAdminSite(OTPAdminSite):
    """OTPAdminSite whose change lists never answer 500 to a wrong filter or selection."""

    def admin_view(self, view, cacheable=False):
        if getattr(view, "__name__", "") == "changelist_view":
            view = checked_changelist_view(view)
        return super().admin_view(view, cacheable)


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


def is_primary_key(model, value: str) -> bool:
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return True
