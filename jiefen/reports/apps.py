from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.reports import policies as P


class ReportsConfig(AppConfig):
    name = "jiefen.reports"
    label = "reports"
    verbose_name = _("统计报表")
    nav_items = (
        (_("统计"), "reports:dashboard", P.DASHBOARD),
        (_("月度汇报"), "reports:monthly", P.MONTHLY),
        (_("大屏令牌"), "reports:kiosks", P.KIOSK),
    )
