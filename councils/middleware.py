"""Request wrappers: Thai first, and the pages of a logged-in person never cached."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


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
