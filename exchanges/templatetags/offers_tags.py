"""Template tags of offers and requests."""

from django import template

from ..offer_selectors import country_cooperation as cooperation_of

register = template.Library()


@register.simple_tag
def country_cooperation(country):
    """A country's published offers and requests (see offer_selectors.country_cooperation)."""
    return cooperation_of(country)
