from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.outreach import policies as P


class OutreachConfig(AppConfig):
    name = "jiefen.outreach"
    label = "outreach"
    verbose_name = _("网格走访与预警")
    nav_items = ((_("走访预警"), "outreach:index", P.VIEW),)
    case_panel = "jiefen.outreach.panels.case_panel"
    case_panel_rows = "jiefen.outreach.panels.case_rows"
    # The daily run of the early-warning rules (core's scheduler enqueues it; cron can run
    # `run_warning_rules` instead).
    periodic_tasks = (("jiefen.outreach.tasks.warnings_run_task", 24 * 60 * 60),)
