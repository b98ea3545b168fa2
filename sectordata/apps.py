from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SectordataConfig(AppConfig):
    name = "sectordata"
    verbose_name = _("Sector data")

    def ready(self) -> None:
        from sectordata import personal_data  # noqa: F401  registers what this app holds
