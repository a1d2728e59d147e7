"""Template helpers of the initiatives pages: safe Markdown, query-string editing."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.markdown import render_markdown

from .. import rendering

register = template.Library()


@register.filter
def markdown(text: str):
    """Render the safe subset of Markdown; nh3 removes every script, handler and unknown tag."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 in render_markdown


@register.filter
def section(initiative, name: str):
    """A Markdown section of the initiative in the page's language, as rendered when it was saved."""
    return initiative.section(name, get_language())


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes); resets the page."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def facet_toggle(context, name, value):
    """The query string with one facet value added or removed, as a checkbox would."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    values = params.getlist(name)
    values = [v for v in values if v != str(value)] if str(value) in values else [*values, str(value)]
    params.setlist(name, values)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.simple_tag
def section_html(initiative, section):
    """The HTML of one text section (initiatives.languages.Section) in the language it is shown
    in, as rendered when the record was saved."""
    return rendering.html_in(initiative, section.name, section.language)
