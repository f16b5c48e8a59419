from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.portal import policies as P


class PortalConfig(AppConfig):
    name = "jiefen.portal"
    label = "portal"
    verbose_name = _("网上服务")
    nav_items = (
        (_("网上申请"), "portal:staff_queue", P.REVIEW),
        (_("维权信箱"), "portal:staff_letters", P.LETTERS),
    )
    case_panel = "jiefen.portal.panels.case_panel"
    case_panel_rows = "jiefen.portal.panels.case_rows"
    periodic_tasks = (("jiefen.portal.tasks.portal_prune_task", 6 * 3600),)

    def ready(self) -> None:
        from jiefen.cases.track_hooks import track_hooks_register
        from jiefen.portal.early_signs import register
        from jiefen.portal.tracks import HOOKS

        register()
        # The evidence received online, listed among the case's papers (for the exchange).
        track_hooks_register(HOOKS)
