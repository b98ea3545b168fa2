from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuarterlyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quarterly"
    verbose_name = _("Quarterly update")

    def ready(self) -> None:
        from quarterly import personal_data  # noqa: F401  registers what this app holds
