from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.cases import policies as P


class CasesConfig(AppConfig):
    name = "jiefen.cases"
    label = "cases"
    verbose_name = _("案件")
    nav_items = (
        (_("窗口登记"), "cases:intake", P.RECEIVE),
        (_("案件列表"), "cases:list", P.LIST),
    )
    periodic_tasks = (("jiefen.cases.tasks.clock_sweep_task", 300),)
