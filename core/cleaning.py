"""The one place that cleans text input: control characters out, NUL refused.

Text reaches the platform through forms, query strings and importers. Characters that no person
means to type (a vertical tab pasted from a word processor, a lone surrogate from a broken
encoder) are dropped here, once, so that nothing stored can later break an XML feed, a
spreadsheet export or a PostgreSQL query. A NUL byte is refused rather than dropped: PostgreSQL
cannot store it, and a request that carries one is a probe or a broken client, not a person.

The edges that call it: `core.middleware.InputCleaningMiddleware` (every query string, header
and form body, so every site and admin form); every importer (`clean_record` on each row it reads,
as `initiatives.demo` does); and, for text stored before, `manage.py clean_stored_text`.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NUL = "\x00"

# Everything XML 1.0 forbids (C0 controls but tab, line feed and carriage return; lone surrogates;
# U+FFFE and U+FFFF) plus the characters it allows but Unicode calls control characters (DEL and
# the C1 range), which only ever come from a wrong decoding.
UNWANTED_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A word processor writes a manual line break as a vertical tab and a page break as a form feed:
# they become line breaks, so that the words on either side stay apart.
LINE_BREAKS = re.compile("[\x0b\x0c]")

NUL_MESSAGE = _(
    "The request contains a null character (NUL, code 0), which no text may contain. Remove it and try again."
)


def clean_text(value: str) -> str:
    """Return `value` without control characters (tab, line feed and carriage return are kept)."""
    return UNWANTED_CHARACTERS.sub("", LINE_BREAKS.sub("\n", value))


def clean_record(record: dict) -> dict:
    """A copy of an imported record with every text value cleaned, in lists too; for importers."""
    return {key: clean_value(value) for key, value in record.items()}


def clean_value(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    if isinstance(value, dict):
        return clean_record(value)
    return value


def contains_nul(value: str) -> bool:
    return NUL in value


def refuse_nul(value: str) -> str:
    """Return `value` unchanged, or raise ValidationError if it contains a NUL character."""
    if contains_nul(value):
        raise ValidationError(NUL_MESSAGE, code="null_characters_not_allowed")
    return value


def is_secret_field(name: str) -> bool:
    """Password fields are never cleaned: changing a password silently would lock its owner out.

    A password is hashed, never displayed, fed or exported, so a control character in it harms
    nothing; a NUL is still refused (no form ever accepted one, so no stored password has one).
    """
    return "password" in name


def lockout_username(request, credentials: dict | None) -> str | None:
    """The username django-axes records for a failed login, cut to the 255 characters it can store.

    Set as AXES_USERNAME_CALLABLE. Without it a longer username makes the attempt unstorable and the
    login page answers 500; cut, the attempt is recorded and the visitor sees the usual error.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials or getattr(request, "data", None) or getattr(request, "POST", {})
    username = source.get(field)
    return username[:255] if isinstance(username, str) else username
