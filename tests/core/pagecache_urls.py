"""URLs of the page-cache tests: the project's, plus decorated views that must never be kept."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from core.pagecache import cache_public_page
from ricomi.urls import urlpatterns as project_urlpatterns


@cache_public_page("tests:form")
def page_with_a_form(request):
    token = get_token(request)
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{token}">')


@cache_public_page("tests:cookie")
def page_setting_a_cookie(request):
    response = HttpResponse("welcome")
    response.set_cookie("seen", "1")
    return response


@cache_public_page("tests:plain")
def plain_page(request):
    return HttpResponse(f"plain {request.GET.urlencode()}")


urlpatterns = [
    *i18n_patterns(
        path("test-form/", page_with_a_form),
        path("test-cookie/", page_setting_a_cookie),
        path("test-plain/", plain_page),
        prefix_default_language=True,
    ),
    *project_urlpatterns,
]
