"""The front door of the site. The core's templates and settings name it `home` (without a
namespace); the sessions app serves it, so the core includes this URL conf by name and
imports no app."""

from django.urls import path

from sessions.views.overview import home

urlpatterns = [path("", home, name="home")]
