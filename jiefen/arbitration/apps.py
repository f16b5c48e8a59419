from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArbitrationConfig(AppConfig):
    name = "jiefen.arbitration"
    label = "arbitration"
    verbose_name = _("仲裁")
