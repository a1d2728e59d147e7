"""Mark translated texts shown in a fallback language (WCAG 3.1.2, Language of Parts).

``<h1{{ project|lang_attr:"title" }}>{{ project.title }}</h1>`` writes ` lang="es"` when the
visitor's language has no title and modeltranslation shows the Spanish one; nothing otherwise.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.languages import fallback_language

register = template.Library()


@register.filter
def lang_attr(instance, name: str) -> SafeString | str:
    """` lang="xx"` for the fallback language the field is shown in, "" in the page's language.
    Objects without translated columns (or None) give ""."""
    if instance is None or instance == "":
        return ""
    code = fallback_language(instance, name)
    return format_html(' lang="{}"', code) if code else ""


@register.filter
def shown_language(instance, name: str) -> str:
    """The fallback language the field is shown in, "" in the page's language (for `{% if %}`)."""
    if instance is None or instance == "":
        return ""
    return fallback_language(instance, name)
