from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.arbitration import policies as P


class ArbitrationConfig(AppConfig):
    name = "jiefen.arbitration"
    label = "arbitration"
    verbose_name = _("仲裁")
    nav_items = (
        (_("仲裁案件"), "arbitration:list", P.VIEW),
        (_("我本周的开庭"), "arbitration:hearings_week", P.PROCEED),
    )
    # The minimum wage this app keeps, lent to the compensation calculator (which sits beside
    # arbitration, so it asks through this hook instead of importing it).
    calculator_figures = {"minimum_wage": "jiefen.arbitration.selectors.minimum_wage_figure"}

    def ready(self) -> None:
        # The track contract (jiefen.cases.tracks): panel, outcome, documents, clocks, and the
        # case handed over from failed mediation.
        from jiefen.arbitration.track import register

        register()

        from jiefen.arbitration.track_hooks import HOOKS
        from jiefen.cases.track_hooks import track_hooks_register

        # Hearings and served documents shown to the party and listed to the exchange.
        track_hooks_register(HOOKS)
