"""Template tags of cooperation projects: a country's projects on its page."""

from django import template

from ..project_selectors import country_projects as select_country_projects

register = template.Library()


@register.inclusion_tag("exchanges/projects/_country_projects.html")
def country_projects(country):
    """The country's public cooperation projects, on either side."""
    return {"country": country, "projects": select_country_projects(country)}
