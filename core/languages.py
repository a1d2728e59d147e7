"""In which language a translated field's text is shown (WCAG 3.1.2, Language of Parts).

modeltranslation returns the visitor's language, else the first language of
MODELTRANSLATION_FALLBACK_LANGUAGES that has text: a page printing such a text must mark the part
with ``lang`` when it is not the page's language. Plain reads of the ``<field>_<code>`` columns,
no database access (the columns must be loaded: a deferred one would cost a query).
"""

from modeltranslation.utils import get_language, resolution_order


def in_language(texts: dict[str, str], language: str) -> tuple[str, str]:
    """The text in `language`, or in the first fallback language that has it, and that language."""
    for code in resolution_order(language):
        if texts.get(code):
            return texts[code], code
    return "", language


def shown_language(instance, name: str, language: str | None = None) -> str:
    """The language `instance.<name>` is shown in for `language` (the active one by default): the
    first of modeltranslation's resolution order with a value; `language` itself when none has."""
    language = language or get_language()
    for code in resolution_order(language):
        if getattr(instance, f"{name}_{code}", None) not in (None, ""):
            return code
    return language


def fallback_language(instance, name: str, language: str | None = None) -> str:
    """The other language `instance.<name>` falls back to; "" when shown in `language` (or empty)."""
    language = language or get_language()
    code = shown_language(instance, name, language)
    return "" if code == language else code
