"""The project's URL map: each app's pages, the admin, login and the language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path, register_converter
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import set_language

from councils import converters, two_factor
from reports import landing_views

# Registered before the apps' URL maps below are included, which use them.
register_converter(converters.ObjectId, "id")
register_converter(converters.BuddhistYear, "year")
register_converter(converters.AreaCode, "area")

# The admin asks staff for their second factor; the registrations of every app stay.
admin.site.__class__ = two_factor.SecondFactorAdminSite

admin.site.site_header = admin.site.site_title = _("CODI · Tambon council system")
admin.site.index_title = _("Registry and network data")

urlpatterns = [
    path("", landing_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor.two_factor_enrol, name="two_factor_enrol"),
    path("accounts/two-factor/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Browsers and bots ask for /favicon.ico whatever the page links; lazy: STATIC_URL is read
    # when the first one asks, not at import.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("images/favicon.svg")),
        name="favicon",
    ),
    path("", include("councils.urls")),
    path("", include("councils.meetings.urls")),
    path("", include("plans.urls")),
    path("", include("plans.books.urls")),
    path("", include("welfare.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]
