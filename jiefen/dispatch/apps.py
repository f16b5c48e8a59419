from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.dispatch import policies as P


class DispatchConfig(AppConfig):
    name = "jiefen.dispatch"
    label = "dispatch"
    verbose_name = _("110联动")
    nav_items = (
        (_("警情列表"), "dispatch:incident_list", P.VIEW),
        (_("处警看板"), "dispatch:board", P.VIEW),
    )
    case_panel = "jiefen.dispatch.panels.case_panel"
    case_panel_rows = "jiefen.dispatch.panels.case_rows"
