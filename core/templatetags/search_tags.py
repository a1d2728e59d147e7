"""The facet block of a search page, written from the typed facets in Python.

About 130 checkboxes per page: rendered through the template engine they took half of a cached
search page's time (a tag lookup per attribute), so the block is built here, every value escaped
by format_html.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def value_item(facet, value) -> SafeString:
    classes = " ".join(
        c
        for c in ("facet-empty" * (not value.count and not value.selected), "priority" * value.priority)
        if c
    )
    field_id = f"f-{facet.key}-{value.key}"
    return format_html(
        '<li class="{}">\n        <input type="checkbox" name="{}" value="{}" id="{}"{}>\n'
        '        <label for="{}">{} <span class="facet-count">({})</span></label>\n      </li>',
        classes,
        facet.key,
        value.key,
        field_id,
        " checked" if value.selected else "",
        field_id,
        value.label,
        value.count,
    )


def facet_details(facet) -> SafeString:
    items = [value_item(facet, value) for value in facet.values]
    if facet.values and facet.values[0].priority:
        items.insert(0, format_html('<li class="facet-group">{}</li>', _("Priority groups")))
    label = facet.label[:1].upper() + facet.label[1:]
    return format_html(
        '<details class="facet" id="facet-{}"{}>\n  <summary>{}</summary>\n  <fieldset>\n'
        '    <legend class="visually-hidden">{}</legend>\n    <ul>\n      {}\n    </ul>\n'
        "  </fieldset>\n</details>",
        facet.key,
        " open" if facet.open else "",
        label,
        label,
        format_html_join("\n      ", "{}", ((item,) for item in items)),
    )


@register.simple_tag
def facet_blocks(facets) -> SafeString:
    """One <details> per facet: its values as checkboxes with their counts."""
    return format_html_join("\n", "{}", ((facet_details(facet),) for facet in facets))
