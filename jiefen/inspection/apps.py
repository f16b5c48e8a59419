from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.inspection import policies as P


class InspectionConfig(AppConfig):
    name = "jiefen.inspection"
    label = "inspection"
    verbose_name = _("劳动监察")
    nav_items = (
        (_("监察案件"), "inspection:list", P.LIST),
        (_("监察临期"), "inspection:near_limit", P.LIST),
    )

    def ready(self) -> None:
        # The track contract (jiefen.cases.tracks): panel, outcome, documents and clocks.
        from jiefen.inspection.track import register

        register()

        from jiefen.inspection.selectors import rectification_orders_overdue
        from jiefen.outreach.rules import overdue_orders_source_register

        # The early-warning rule on overdue orders reads them without naming this app.
        overdue_orders_source_register(rectification_orders_overdue)
