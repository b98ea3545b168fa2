"""A URL conf with a view that fails, to see the friendly 500 page."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [
    path("broken/", broken),
    path("", include("praktijktafel.urls")),
]
