"""Request wrappers: no NUL characters, Thai first, private pages never cached, idle staff
sessions ended."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect


class RefuseNulCharactersMiddleware:
    """A NUL character in the path or the query string is a 400. PostgreSQL text cannot hold
    one, so a lookup with it (an admin object id, a search) was a 500; forms already refuse
    NUL in what they read, and this covers what reaches a lookup without a form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value for key, value in request.GET.items()
        ):
            return HttpResponseBadRequest("Bad request: the address holds a NUL character.")
        return self.get_response(request)


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Many village phones are set to English; the browser's Accept-Language is not a choice.

    Only the language cookie written by the switch (`set_language`) changes the language.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateCacheMiddleware:
    """A page shown to a logged-in person (a ledger, claims, council members) is theirs alone:
    no browser or proxy may keep a copy. Public pages keep whatever caching they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # private, no-store, no-cache, must-revalidate, max-age=0; drops a view's "public".
            add_never_cache_headers(response)
        return response


class StaffIdleTimeoutMiddleware:
    """A staff session ends after STAFF_SESSION_IDLE_SECONDS without a request: an admin left
    open on a shared office computer must not stay open. Coordinators keep Django's session age.
    """

    LAST_SEEN = "staff_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from councils.two_factor import needs_second_factor

        if needs_second_factor(request.user):
            idle = settings.STAFF_SESSION_IDLE_SECONDS
            now = int(time.time())
            last_seen = request.session.get(self.LAST_SEEN)
            if last_seen is not None and now - last_seen > idle:
                logout(request)
                login_url = redirect_to_login(request.get_full_path())
                if request.headers.get("HX-Request"):
                    return HttpResponseClientRedirect(login_url["Location"])
                return login_url
            request.session[self.LAST_SEEN] = now
            request.session.set_expiry(idle)
        return self.get_response(request)
