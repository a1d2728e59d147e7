"""Template context shared by every page: the language switcher's links, the addresses of the
header and footer."""

from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.translation import get_language, get_language_info


def site(request):
    """Links to the current page in each language, keeping the query string; on an error page,
    links to each language's home page (the address asked for is never repeated)."""
    current = get_language()
    error_page = getattr(request, "is_error_page", False)
    query = "" if error_page else request.META.get("QUERY_STRING", "")
    links = []
    for code, _name in settings.LANGUAGES:
        url = home_in(code) if error_page else in_language(request.path, current, code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": f"{url}?{query}" if query else url,
                "current": code == current,
            }
        )
    nav = nav_urls(current, get_urlconf(), get_script_prefix())
    return {"language_links": links, "nav": nav, "SITE_URL": settings.SITE_URL, "error_page": error_page}


# The addresses every page links to (header, footer): the same for every request in a language.
NAV_VIEWS = {
    "home": "home",
    "countries": "network:country_list",
    "initiatives": "initiatives:list",
    "cooperation": "exchanges:offer_list",
    "meetings": "meetings:list",
    "bulletins": "bulletins:archive",
    "mine": "initiatives:mine",
    "login": "login",
    "logout": "logout",
}


@lru_cache(maxsize=32)
def nav_urls(language: str, urlconf, script_prefix: str) -> dict[str, str]:
    """Reversed once per language and URLconf, not on every page ('' for a view not installed)."""
    urls = {}
    with translation.override(language):
        for name, view in NAV_VIEWS.items():
            try:
                urls[name] = reverse(view, urlconf=urlconf)
            except NoReverseMatch:
                urls[name] = ""
    return urls


def in_language(path: str, current: str, code: str) -> str:
    """The same address in another language. Only the language prefix differs (no address is
    translated; a detail page's slug is corrected by its own redirect), so no resolve or reverse."""
    prefix = f"/{current}/"
    return f"/{code}/{path.removeprefix(prefix)}" if path.startswith(prefix) else path


def home_in(code: str) -> str:
    with translation.override(code):
        return reverse("home")
