from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.exchange import policies as P


class ExchangeConfig(AppConfig):
    name = "jiefen.exchange"
    label = "exchange"
    verbose_name = _("省平台交换")
    nav_items = ((_("省平台交换"), "exchange:outbox", P.OUTBOX),)
    case_panel = "jiefen.exchange.panels.case_panel"
    case_panel_rows = "jiefen.exchange.panels.case_rows"
    periodic_tasks = (("jiefen.exchange.tasks.exchange_deliver_task", 30),)

    def ready(self) -> None:
        from jiefen.exchange import checks, schema  # noqa: F401 - registers checks, OpenAPI
