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
        (_("时限规则"), "cases:clock_rules", P.RULES),
    )
    periodic_tasks = (
        ("jiefen.cases.tasks.clock_sweep_task", 300),
        ("jiefen.cases.tasks.caseevent_partitions_task", 24 * 3600),
    )

    def ready(self) -> None:
        from jiefen.cases.selectors import party_scope_queries
        from jiefen.cases.services.calendar import clocks_recompute_for_calendar
        from jiefen.parties.scope import party_scope_register
        from jiefen.workdays.services import calendar_changed_connect

        # The parties a person may see are those on the cases they may see.
        party_scope_register(**party_scope_queries())

        # A holiday schedule loaded or edited moves the open clocks' due dates (recorded).
        calendar_changed_connect(clocks_recompute_for_calendar)

        # The case page's cached reassignment list follows the staff.
        from django.db.models.signals import post_delete, post_save

        from jiefen.accounts.models import User
        from jiefen.cases.views import reassign_options_forget

        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(reassign_options_forget, sender=User, dispatch_uid=f"cases-staff-{name}")
