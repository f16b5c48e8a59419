from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "jiefen.outreach"
    label = "outreach"
    verbose_name = _("网格走访与预警")
