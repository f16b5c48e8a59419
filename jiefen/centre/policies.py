"""Who may do what in return visits, the major-case register and the joint board.

Return visits are the handling department's work within the case's scope; the public survey
answers with no person acting. What an unsatisfied answer leads to (reopen the case, or keep it
closed) is a leader's. Leaders take charge of major cases and convene the board; a body gives
feedback on the assist tasks handed to it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import ADMINS, EVERYONE, HANDLERS, LEADERS
from jiefen.cases.policies import in_scope
from jiefen.core.policy import policy


def _case_in_scope(user: Any, obj: Any) -> bool:
    """The visit's, major case's or task's case is one the person may see (a task with no case
    is the whole board's)."""
    case = obj.case if hasattr(obj, "case_id") else obj
    return case is None or in_scope(user, case)


def _own_body(user: Any, task: Any) -> bool:
    """An assist task is answered by the body it was handed to (a leader may answer for it)."""
    if getattr(user, "is_superuser", False) or getattr(user, "role", "") in LEADERS:
        return True
    return bool(user.department_id) and user.department_id == task.department_id


def _in_charge(user: Any, major: Any) -> bool:
    """The leader in charge steers the plan; an administrator may correct it."""
    if getattr(user, "is_superuser", False) or getattr(user, "role", "") in ADMINS:
        return True
    return major.leader_id is None or major.leader_id == user.pk


# Return visits
VISITS = policy("centre.visits", _("查看回访"), HANDLERS)
VISIT = policy("centre.visit", _("办理回访"), HANDLERS, test=_case_in_scope)
# The public survey answers with no person acting; staff recording a call answer as themselves.
VISIT_ANSWER = policy(
    "centre.visit_answer", _("登记回访结果"), HANDLERS, test=_case_in_scope, without_actor=True
)
# The survey link goes out from the sweep (no person) or from a clerk's "send again".
VISIT_SEND = policy(
    "centre.visit_send", _("发送回访问卷"), HANDLERS, test=_case_in_scope, without_actor=True
)
VISIT_REVIEW = policy("centre.visit_review", _("处理不满意回访"), LEADERS, test=_case_in_scope)
SATISFACTION = policy("centre.satisfaction", _("查看满意度"), HANDLERS)

# The major-case register
MAJORS = policy("centre.majors", _("查看重大案件台账"), HANDLERS)
MAJOR_PROPOSE = policy("centre.major_propose", _("提请列入重大案件"), HANDLERS, test=_case_in_scope)
MAJOR_TAKE = policy("centre.major_take", _("认定重大案件并包案"), LEADERS, test=_case_in_scope)
MAJOR_PLAN = policy("centre.major_plan", _("制定化解方案"), LEADERS, test=_in_charge)
MAJOR_NOTE = policy("centre.major_note", _("报送包案进展"), HANDLERS, test=_case_in_scope)
MAJOR_CLOSE = policy("centre.major_close", _("重大案件销号"), LEADERS, test=_in_charge)

# The joint board
BOARD = policy("centre.board", _("查看联排联调"), EVERYONE)
CONVENE = policy("centre.convene", _("召集联排会议"), LEADERS)
FEEDBACK = policy("centre.feedback", _("反馈协办任务"), EVERYONE, test=_own_body)
TASK_CLOSE = policy("centre.task_close", _("验收协办任务"), LEADERS)

SETTINGS = policy("centre.settings", _("维护回访与重大案件设置"), ADMINS)
