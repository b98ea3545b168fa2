from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from praktijktafel import views
from sessions.views import planning as sessions_views

admin.site.site_header = _("Praktijktafel administration")
admin.site.site_title = _("Praktijktafel")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", sessions_views.home, name="home"),
    path("", include("sectordata.urls")),
    path("", include("kennisbank.urls")),
    path("", include("quarterly.urls")),
    path("", include("sessions.urls")),
]
