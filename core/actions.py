"""Running a user's action from a view and saying what came of it, in one place for every app."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def run_action(
    request,
    action: Callable[[], object],
    success_message: str | Callable[[], str],
    *,
    denied_message: str | None = None,
) -> bool:
    """Call `action()`; tell the user what happened and return whether it succeeded.

    A ValidationError shows its messages, a PermissionDenied `denied_message` (by default a plain
    refusal); anything else (Http404 among them) goes up to Django. `success_message` is the sentence
    naming the record and its new state, or a function that builds it once the action is done (when
    the sentence depends on the result, e.g. who was notified).
    """
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, denied_message or _("You are not allowed to do this."))
    else:
        messages.success(request, success_message() if callable(success_message) else success_message)
        return True
    return False
