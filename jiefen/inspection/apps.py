from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "jiefen.inspection"
    label = "inspection"
    verbose_name = _("劳动监察")
    nav_items = (
        (_("监察案件"), "inspection:list"),
        (_("监察临期"), "inspection:near_limit"),
    )
    case_panel = "jiefen.inspection.panels.case_panel"
