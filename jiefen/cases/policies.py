"""Who may do what to a case. The services enforce these, and the menus and buttons read them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import FRONT_DESK, HANDLERS, LEADERS, R
from jiefen.core.policy import policy


def in_scope(user: Any, case: Any) -> bool:
    """The case is one the person may see (their villages, or assigned to them)."""
    from jiefen.cases.selectors import case_visible

    return case_visible(user=user, case=case)


def link_in_scope(user: Any, link: Any) -> bool:
    """Both cases of a link are ones the person may see: a case outside their scope is named
    to them by its number only, and never merged or split by them."""
    return in_scope(user, link.case) and in_scope(user, link.other)


def proposal_in_scope(user: Any, proposal: Any) -> bool:
    """Every case a collective proposal gathers is one the person may see."""
    return all(in_scope(user, case) for case in proposal.cases.all())


# Intake also arrives with no person acting: the portal, the provincial exchange, 110 linkage.
RECEIVE = policy("cases.receive", _("登记案件"), FRONT_DESK, without_actor=True)
REGISTER = policy("cases.register", _("登记案件"), FRONT_DESK, test=in_scope, without_actor=True)
ACCEPT = policy("cases.accept", _("决定是否受理"), FRONT_DESK, test=in_scope)
DECLINE = policy("cases.decline", _("不予受理"), FRONT_DESK | {R.ARBITRATOR}, test=in_scope)
HANDLE = policy("cases.handle", _("办理案件"), HANDLERS, test=in_scope, without_actor=True)
CLOSE = policy("cases.close", _("结案"), HANDLERS, test=in_scope)
REOPEN = policy("cases.reopen", _("重新办理案件"), {R.LEADER}, test=in_scope)
EDIT = policy("cases.edit", _("编辑案件"), HANDLERS, test=in_scope)
ESCALATE = policy("cases.escalate", _("升级办理"), HANDLERS, test=in_scope)
REASSIGN = policy("cases.reassign", _("改派承办人"), LEADERS | {R.RECEPTION_CLERK}, test=in_scope)
# Putting a case on a track and noting what happened on it: the track's own policy decides who
# may open it; the case only asks that the person handles cases.
TRACK = policy("cases.track", _("增加办理途径"), HANDLERS, test=in_scope, without_actor=True)
LIST = policy("cases.list", _("查看案件列表"), HANDLERS)
EXPORT = policy("cases.export", _("导出案件"), HANDLERS)
RULES = policy("cases.rules", _("查看办理规则"), HANDLERS | {R.POLICE_LIAISON})
# Recording who may approve a clock's extension: an administrator records the arbitration
# commission's chair, the chair (a leader) those the chair authorises in writing; the service
# checks the standing itself (jiefen.cases.clocks.extension_approver_grant).
APPROVERS = policy("cases.approvers", _("登记延期审批授权"), {R.ADMINISTRATOR, R.LEADER})
# One dispute, one case (jiefen.cases.services.related): a person confirms what intake found;
# nothing is linked or merged by the code itself.
LINK = policy("cases.link", _("关联、合并或拆分案件"), FRONT_DESK, test=link_in_scope)
COLLECTIVE = policy("cases.collective", _("确认集体争议"), FRONT_DESK, test=proposal_in_scope)
