"""Who may exchange cases with the provincial network. Sending a case out and reading the outbox
is the window's and the leaders' work, for cases in their scope; a case comes in through the
signed interface, never from a person (`INBOUND`, which no role holds)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import LEADERS, R
from jiefen.cases.policies import in_scope
from jiefen.core.policy import policy

EXCHANGERS = frozenset({R.RECEPTION_CLERK}) | LEADERS

SEND = policy("exchange.send", _("推送案件至省平台"), EXCHANGERS, test=in_scope)
OUTBOX = policy("exchange.outbox", _("查看省平台交换"), EXCHANGERS)
# The provincial network's signed requests (the signature is the credential, checked by the
# interface's own permission class).
INBOUND = policy("exchange.inbound", _("接收省平台转入案件"), (), without_actor=True)
