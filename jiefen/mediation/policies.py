"""Who may do what on the mediation track. The services enforce these; the pages, the API and
the case panel read them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import HANDLERS, MEDIATORS, R
from jiefen.cases.policies import in_scope
from jiefen.core.policy import policy


def _case_of(obj: Any) -> Any:
    """The case a mediation object belongs to (a mediation, its agreement or one of its items);
    a case is its own."""
    if hasattr(obj, "case_id"):
        return obj.case
    if hasattr(obj, "mediation_id"):
        return obj.mediation.case
    if hasattr(obj, "agreement_id"):
        return obj.agreement.mediation.case
    return obj


def mediation_in_scope(user: Any, obj: Any) -> bool:
    return in_scope(user, _case_of(obj))


# The front desk may open a mediation with a mediator; the rest is the mediators' own work.
START = policy(
    "mediation.start", _("开始调解"), MEDIATORS | {R.RECEPTION_CLERK}, test=mediation_in_scope
)
MEDIATE = policy("mediation.mediate", _("办理调解"), MEDIATORS, test=mediation_in_scope)
# Resolving the case on the strength of the agreement is a move of the case, open to its handlers.
CONCLUDE = policy("mediation.conclude", _("据调解结果办结案件"), HANDLERS, test=mediation_in_scope)
VIEW = policy("mediation.view", _("查看调解"), HANDLERS)
EXPORT = policy("mediation.export", _("导出调解协议书"), HANDLERS, test=mediation_in_scope)
# The overdue-payment sweep moves items with no person acting.
FOLLOW_UP = policy(
    "mediation.follow_up", _("跟踪协议履行"), MEDIATORS, test=mediation_in_scope,
    without_actor=True,
)  # fmt: skip
