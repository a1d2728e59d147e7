"""Top-level URLs: language-prefixed public pages and feeds, plus admin, health and (later) API."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from core.admin import ScopedViewOnSiteMixin
from core.admin_site import CheckedAdminSite
from core.otp import SingleDeviceAdminAuthenticationForm
from core.pagecache import cache_public_page
from initiatives.catalogues import INITIATIVES
from initiatives.feeds import CountryInitiativesFeed, LatestInitiativesFeed, ThemeInitiativesFeed, feed_moved

from . import views


class AdminSite(ScopedViewOnSiteMixin, CheckedAdminSite):
    """Staff reach the admin only after a second factor (TOTP); wrong filters never make a 500;
    "view on site" only leads to what the user may see."""


public_feed = cache_public_page(*views.SHOWN, INITIATIVES.version_key)  # feeds are searches too

admin.site.__class__ = AdminSite
admin.site.login_form = SingleDeviceAdminAuthenticationForm
admin.site.site_header = "RICOMI"
admin.site.site_title = "RICOMI"

account_patterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says; the icon is the static SVG. Lazy: the
    # static file's hashed name is known only once the app is ready; not permanent: it changes.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg")), name="favicon"),
    re_path(r"^feeds/", feed_moved),  # the addresses before feeds carried a language
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include(account_patterns)),
    path("countries/<str:code>/", views.country_detail, name="country_detail"),
    path("", include("network.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("cooperation/", include("exchanges.urls")),
    path("meetings/", include("meetings.urls")),
    path("bulletins/", include("bulletins.urls")),
    path("feeds/initiatives/", public_feed(LatestInitiativesFeed()), name="feed_initiatives"),
    path(
        "feeds/initiatives/country/<str:code>/",
        public_feed(CountryInitiativesFeed()),
        name="feed_initiatives_country",
    ),
    path(
        "feeds/initiatives/theme/<slug:slug>/",
        public_feed(ThemeInitiativesFeed()),
        name="feed_initiatives_theme",
    ),
    prefix_default_language=True,
)
# No /media/ route, even with DEBUG: uploaded documents are served only through the views that
# check who may see the record they belong to (initiatives:document).

handler404 = "ricomi.views.page_not_found"
