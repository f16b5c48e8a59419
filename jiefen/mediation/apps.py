from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.mediation import policies as P


class MediationConfig(AppConfig):
    name = "jiefen.mediation"
    label = "mediation"
    verbose_name = _("调解")
    nav_items = (
        (_("调解案件"), "mediation:list", P.VIEW),
        (_("我的待办调解"), "mediation:due", P.MEDIATE),
    )
    # The daily follow-up of agreements' payments (core's scheduler enqueues it).
    periodic_tasks = (("jiefen.mediation.tasks.mediation_followup_daily", 24 * 60 * 60),)

    def ready(self) -> None:
        # The track contract (jiefen.cases.tracks): panel, outcome, documents and clocks.
        from jiefen.mediation.track import register

        register()

        from jiefen.cases.track_hooks import track_hooks_register
        from jiefen.mediation.track_hooks import HOOKS

        # Sessions and agreements shown to the party and listed to the exchange.
        track_hooks_register(HOOKS)
