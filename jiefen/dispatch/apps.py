from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "jiefen.dispatch"
    label = "dispatch"
    verbose_name = _("110联动")
    nav_items = ((_("警情列表"), "dispatch:incident_list"), (_("处警看板"), "dispatch:board"))
    case_panel = "jiefen.dispatch.panels.case_panel"
