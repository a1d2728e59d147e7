"""Atom feeds of newly published initiatives, per language: any search, per country, per theme."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.models import Country, Theme

from . import selectors
from .models import Initiative

FEED_SIZE = 30
# Parameters of a search address that change its presentation, not which initiatives it finds.
PRESENTATION_PARAMS = ("page", "sort")
# XML 1.0 forbids these characters anywhere, even escaped; pasted text sometimes carries them.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The date in tag: URIs (RFC 4151) names when the site's authority held its domain; never change it.
TAG_DATE = "2026"


def xml_text(value):
    """The text with the characters XML cannot carry removed, so one pasted record never breaks a feed."""
    return XML_FORBIDDEN.sub("", value) if isinstance(value, str) else value


class PlainTextAtomFeed(Atom1Feed):
    """Atom with plain-text summaries (`type="text"`) that never fails on a stray control character."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = {key: xml_text(value) for key, value in self.feed.items()}

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = {key: xml_text(value) for key, value in self.items[-1].items()}
        self.items[-1]["categories"] = [xml_text(c) for c in self.items[-1]["categories"]]

    def add_item_elements(self, handler, item):
        # Django writes summaries as `type="html"`: a reader would then run markup typed into one.
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def search_feed_items(params: QueryDict) -> QuerySet:
    """Published initiatives that a search finds, newest first: the feeds' one call into the search engine."""
    params = params.copy()
    params["sort"] = "newest"
    return selectors.initiatives_found(params, get_language())


def search_query_string(params: QueryDict) -> str:
    """The part of a search address that says which initiatives it finds, in one canonical order."""
    kept = QueryDict(mutable=True)
    for name in sorted(set(params) - set(PRESENTATION_PARAMS)):
        kept.setlist(name, params.getlist(name))
    return kept.urlencode()


def with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


class InitiativesFeed(Feed):
    """What every initiatives feed shares: Atom with plain-text summaries, its author, stable ids."""

    feed_type = PlainTextAtomFeed
    subtitle = _("Policies and practices on migration that countries of the Americas present as successful.")
    author_name = _("RICOMI technical secretariat")

    def author_link(self):
        return settings.SITE_URL

    def items(self, obj):
        return self.get_queryset(obj).select_related("lead_country")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.title} ({item.lead_country.name})"

    def item_description(self, item):
        return item.summary

    def item_guid(self, item):
        """A tag: URI per record and language: stays when the title (and so the address) changes."""
        host = urlsplit(settings.SITE_URL).hostname
        return f"tag:{host},{TAG_DATE}:initiatives/{item.pk}/{get_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class LatestInitiativesFeed(InitiativesFeed):
    """The newest published initiatives that a search finds (all of them without a query string)."""

    def get_object(self, request):
        return QueryDict(search_query_string(request.GET))

    def title(self, obj):
        if obj.get("q"):
            return _("RICOMI: newly published initiatives matching “%(q)s”") % {"q": obj["q"]}
        return _("RICOMI: newly published initiatives")

    def link(self, obj):
        return with_query(reverse("initiatives:list"), obj.urlencode())

    def feed_url(self, obj):
        return with_query(reverse("feed_initiatives"), obj.urlencode())

    def get_queryset(self, obj):
        return search_feed_items(obj)


class CountryInitiativesFeed(InitiativesFeed):
    def get_object(self, request, code):
        if not re.fullmatch(r"[A-Za-z]{2}", code):
            raise Http404
        return get_object_or_404(Country, code=code.upper())

    def title(self, obj):
        return _("RICOMI: initiatives of %(country)s") % {"country": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def get_queryset(self, obj):
        return Initiative.objects.published().filter(lead_country=obj).order_by("-published_at", "-pk")


class ThemeInitiativesFeed(InitiativesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj):
        return _("RICOMI: initiatives on %(theme)s") % {"theme": obj.name}

    def link(self, obj):
        return reverse("initiatives:list") + f"?theme={obj.slug}"

    def get_queryset(self, obj):
        return Initiative.objects.published().filter(themes=obj).order_by("-published_at", "-pk")


def feed_moved(request):
    """The feeds' addresses before they carried a language: moved for good to the default language's.

    The same answer for every reader, whatever its Accept-Language: a permanent redirect is stored.
    """
    return HttpResponsePermanentRedirect(f"/{settings.LANGUAGE_CODE}{request.get_full_path()}")
