"""Who may read the figures and who may produce the monthly report. Everyone who handles cases
sees the figures of their own scope; the monthly report, its files and exports are the
leaders' and the window's, which compiles it for its street. The police liaison's work is 110
dispatch: no figures menu. Wall-screen passes (kiosk tokens) are the administrator's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import ADMINS, HANDLERS, LEADERS, R
from jiefen.core.policy import policy

DASHBOARD = policy("reports.dashboard", _("查看统计"), HANDLERS)
MONTHLY = policy("reports.monthly", _("编制和导出月度汇报"), LEADERS | {R.RECEPTION_CLERK})
KIOSK = policy("reports.kiosk", _("管理大屏令牌"), ADMINS)
