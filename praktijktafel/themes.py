"""The four HR themes used everywhere: sessions, kennisbank and the quarterly update."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    AANTREKKEN = "aantrekken", _("Attract (aantrekken)")
    BEHOUDEN = "behouden", _("Retain (behouden)")
    ONTWIKKELEN = "ontwikkelen", _("Develop (ontwikkelen)")
    VITALISEREN = "vitaliseren", _("Keep vital (vitaliseren)")
