"""Who may search the audit trail: administrators and leaders (the search view narrows a
leader below the district further, see `audit.views`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import LEADERS
from jiefen.core.policy import policy

SEARCH = policy("audit.search", _("查询审计记录"), LEADERS)
