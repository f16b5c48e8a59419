"""Who may do what on the arbitration track. The services enforce these; the pages, the API and
the case panel read them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import HANDLERS, TRIBUNAL
from jiefen.cases.policies import in_scope
from jiefen.core.policy import policy


def _case_of(obj: Any) -> Any:
    """The case an arbitration object belongs to (an application, or a hearing, recusal or
    service of one); a case is its own."""
    if hasattr(obj, "case_id"):
        return obj.case
    if hasattr(obj, "application_id"):
        return obj.application.case
    return obj


def arbitration_in_scope(user: Any, obj: Any) -> bool:
    return in_scope(user, _case_of(obj))


# Anyone handling the case may file an application (or hand one over from mediation).
FILE = policy("arbitration.file", _("申请仲裁"), HANDLERS, test=arbitration_in_scope)
# The tribunal's own steps: arbitrators, tribunal clerks and the commission's leaders.
PROCEED = policy("arbitration.proceed", _("办理仲裁程序"), TRIBUNAL, test=arbitration_in_scope)
# Concluding the case on the strength of the outcome is a move of the case, open to its handlers.
CONCLUDE = policy(
    "arbitration.conclude", _("据仲裁结果办结案件"), HANDLERS, test=arbitration_in_scope
)
VIEW = policy("arbitration.view", _("查看仲裁案件"), HANDLERS)
EXPORT = policy("arbitration.export", _("导出仲裁文书"), HANDLERS, test=arbitration_in_scope)
