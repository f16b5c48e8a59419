from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "jiefen.outreach"
    label = "outreach"
    verbose_name = _("网格走访与预警")
    nav_items = ((_("走访预警"), "outreach:index"),)
    case_panel = "jiefen.outreach.panels.case_panel"
