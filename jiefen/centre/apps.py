from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.centre import policies as P


class CentreConfig(AppConfig):
    name = "jiefen.centre"
    label = "centre"
    verbose_name = _("中心工作")
    nav_items = (
        (_("回访"), "centre:visits", P.VISITS),
        (_("领导包案"), "centre:majors", P.MAJORS),
        (_("联排联调"), "centre:board", P.BOARD),
    )
    case_panel = "jiefen.centre.panels.case_panel"
    case_panel_rows = "jiefen.centre.panels.case_rows"
    dashboard_panel = "jiefen.centre.panels.dashboard_panel"
    monthly_report_sections = "jiefen.centre.panels.monthly_report_sections"
    periodic_tasks = (
        ("jiefen.centre.tasks.return_visits_task", 3600),
        ("jiefen.centre.tasks.major_screen_task", 86400),
    )
