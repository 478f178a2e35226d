"""The portal's URL map and a bare view beside it: the same middleware, a view that says "ok"."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urls


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [*portal_urls, path("bench/bare/", bare, name="bench_bare")]
