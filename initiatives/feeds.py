"""Atom feeds of newly published initiatives: all, per country, per theme."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from network.models import Country, Theme

from .models import Initiative

FEED_SIZE = 30


class LatestInitiativesFeed(Feed):
    feed_type = Atom1Feed
    title = _("RICOMI: newly published initiatives")
    subtitle = _("Policies and practices on migration that countries of the Americas present as successful.")

    def link(self):
        return reverse("initiatives:list")

    def get_queryset(self, obj):
        return Initiative.objects.published()

    def items(self, obj=None):
        return self.get_queryset(obj).select_related("lead_country").order_by("-published_at")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.title} ({item.lead_country.name})"

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class CountryInitiativesFeed(LatestInitiativesFeed):
    def get_object(self, request, code):
        return get_object_or_404(Country, code=code.upper())

    def title(self, obj):
        return _("RICOMI: initiatives of %(country)s") % {"country": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def get_queryset(self, obj):
        return Initiative.objects.published().filter(lead_country=obj)


class ThemeInitiativesFeed(LatestInitiativesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj):
        return _("RICOMI: initiatives on %(theme)s") % {"theme": obj.name}

    def link(self, obj):
        return reverse("initiatives:list") + f"?theme={obj.slug}"

    def get_queryset(self, obj):
        return Initiative.objects.published().filter(themes=obj)
