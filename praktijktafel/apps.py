from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PraktijktafelConfig(AppConfig):
    name = "praktijktafel"
    verbose_name = _("Praktijktafel")
