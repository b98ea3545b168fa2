from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    name = "sessions"
    # django.contrib.sessions owns the label "sessions"; ours are the tables (tafels).
    label = "tafels"
    verbose_name = _("Praktijktafels")

    def ready(self) -> None:
        from sessions import personal_data  # noqa: F401  registers what this app holds
