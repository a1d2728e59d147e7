"""Template helpers of the initiatives pages: safe Markdown, query-string editing."""

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "h3", "h4", "code", "pre"}


@register.filter
def markdown(text: str):
    """Render the safe subset of Markdown; nh3 removes every script, handler and unknown tag."""
    html = markdown_lib.markdown(text or "", output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


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


@register.filter
def section_html(section):
    """The HTML of one text section (initiatives.languages.Section): its Markdown, made safe."""
    return markdown(section.text)
