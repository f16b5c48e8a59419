from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "jiefen.mediation"
    label = "mediation"
    verbose_name = _("调解")
    nav_items = ((_("调解案件"), "mediation:list"), (_("我的待办调解"), "mediation:due"))
    case_panel = "jiefen.mediation.panels.case_panel"
    # The daily follow-up of agreements' payments (core's scheduler enqueues it).
    periodic_tasks = (("jiefen.mediation.tasks.mediation_followup_daily", 24 * 60 * 60),)

    def ready(self) -> None:
        from jiefen.cases.track_hooks import track_hooks_register
        from jiefen.mediation.track_hooks import HOOKS

        # Sessions and agreements shown to the party and listed to the exchange.
        track_hooks_register(HOOKS)
