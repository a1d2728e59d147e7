"""Template context shared by every page: the language switcher's links."""

from django.conf import settings
from django.urls import reverse
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
    return {"language_links": links, "SITE_URL": settings.SITE_URL, "error_page": error_page}


def in_language(path: str, current: str, code: str) -> str:
    """The same address in another language. Only the language prefix differs (no address is
    translated; a detail page's slug is corrected by its own redirect), so no resolve or reverse."""
    prefix = f"/{current}/"
    return f"/{code}/{path.removeprefix(prefix)}" if path.startswith(prefix) else path


def home_in(code: str) -> str:
    with translation.override(code):
        return reverse("home")
