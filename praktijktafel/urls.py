from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from praktijktafel import privacy_views, views

admin.site.site_header = _("Praktijktafel administration")
admin.site.site_title = _("Praktijktafel")
# The admin's own login form has no rate limit: send it through allauth's login, which has.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

handler500 = views.server_error

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", privacy_views.privacy_statement, name="privacy"),
    path("mijn-gegevens/", privacy_views.my_data, name="my_data"),
    path("mijn-gegevens/download/", privacy_views.my_data_download, name="my_data_download"),
    path("mijn-gegevens/verwijderen/", privacy_views.my_data_erase, name="my_data_erase"),
    path(
        "netwerk/<slug:slug>/persoon/<int:pk>/gegevens/",
        privacy_views.member_data,
        name="member_data",
    ),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("sessions.urls_root")),
    path("", include("sectordata.urls")),
    path("", include("kennisbank.urls")),
    path("", include("quarterly.urls")),
    path("", include("sessions.urls")),
]
