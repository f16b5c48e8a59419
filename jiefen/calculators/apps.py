from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.calculators import policies as P


class CalculatorsConfig(AppConfig):
    name = "jiefen.calculators"
    label = "calculators"
    verbose_name = _("赔偿计算")
    nav_items = ((_("赔偿计算"), "calculators:index", P.CALCULATE),)
    case_panel = "jiefen.calculators.panels.case_panel"
    case_panel_rows = "jiefen.calculators.panels.case_rows"
