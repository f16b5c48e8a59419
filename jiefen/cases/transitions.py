"""The lifecycle as one table: which action moves a case from which state to which, who may take
it, and what it must carry. Screens offer what this allows; services enforce the same table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.accounts.choices import Role
from jiefen.cases.choices import CaseStatus as S

R = Role
# Who may receive, register and accept: the window, mediators, and the inspection squad, which
# takes labour-inspection complaints at its own desk.
FRONT_DESK = frozenset(
    {R.RECEPTION_CLERK, R.MEDIATOR, R.LABOR_INSPECTOR, R.LEADER, R.ADMINISTRATOR}
)
HANDLERS = frozenset(
    {
        R.RECEPTION_CLERK,
        R.MEDIATOR,
        R.ARBITRATOR,
        R.TRIBUNAL_CLERK,
        R.LABOR_INSPECTOR,
        R.LEADER,
        R.ADMINISTRATOR,
    }
)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the target depends on the source (reopen)
    roles: frozenset[str]
    needs_note: bool = False  # the reason or answer this move must carry
    note_label: str = ""


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "register",
            pgettext_lazy("action", "登记"),
            frozenset({S.RECEIVED}),
            S.REGISTERED,
            FRONT_DESK,
        ),
        Action(
            "answer",
            pgettext_lazy("action", "咨询答复"),
            frozenset({S.REGISTERED}),
            S.ANSWERED,
            FRONT_DESK,
            True,
            _("答复内容"),
        ),
        Action(
            "decline",
            pgettext_lazy("action", "不予受理"),
            frozenset({S.REGISTERED}),
            S.DECLINED,
            FRONT_DESK | {R.ARBITRATOR},
            True,
            _("不予受理理由"),
        ),
        Action(
            "accept",
            pgettext_lazy("action", "受理"),
            frozenset({S.REGISTERED}),
            S.ACCEPTED,
            FRONT_DESK,
        ),
        Action(
            "start_handling",
            pgettext_lazy("action", "开始处置"),
            frozenset({S.ACCEPTED}),
            S.HANDLING,
            HANDLERS,
        ),
        Action(
            "resolve",
            pgettext_lazy("action", "化解"),
            frozenset({S.HANDLING}),
            S.RESOLVED,
            HANDLERS,
            True,
            _("化解结果"),
        ),
        Action(
            "mark_unresolved",
            pgettext_lazy("action", "未化解"),
            frozenset({S.HANDLING}),
            S.UNRESOLVED,
            HANDLERS,
            True,
            _("未化解原因"),
        ),
        Action(
            "close",
            pgettext_lazy("action", "结案"),
            frozenset({S.RESOLVED, S.UNRESOLVED}),
            S.CLOSED,
            FRONT_DESK | HANDLERS,
        ),
        Action(
            "reopen",
            pgettext_lazy("action", "重新办理"),
            frozenset({S.CLOSED, S.RESOLVED, S.UNRESOLVED, S.DECLINED, S.ANSWERED}),
            None,
            frozenset({R.LEADER}),
            True,
            _("重新办理理由"),
        ),
    ]
}

# Reopening goes back to handling for a case that was handled, to registration for one that was
# only answered or declined (its acceptance has yet to be decided).
REOPEN_TARGET = {
    S.CLOSED: S.HANDLING,
    S.RESOLVED: S.HANDLING,
    S.UNRESOLVED: S.HANDLING,
    S.DECLINED: S.REGISTERED,
    S.ANSWERED: S.REGISTERED,
}

ALLOWED: dict[str, frozenset[str]] = {}
for _action in ACTIONS.values():
    for _source in _action.sources:
        target = _action.target or REOPEN_TARGET[_source]
        ALLOWED[_source] = ALLOWED.get(_source, frozenset()) | {target}

OPEN_STATUSES = frozenset({S.RECEIVED, S.REGISTERED, S.ACCEPTED, S.HANDLING})
CONCLUDED_STATUSES = frozenset({S.RESOLVED, S.UNRESOLVED})


def action_target(action: Action, source: str) -> str:
    return action.target or REOPEN_TARGET[source]


def role_may(user, action: Action) -> bool:
    return user.is_superuser or user.role in action.roles


def actions_available(*, case, user) -> list[Action]:
    """The moves this person may make on this case now."""
    return [a for a in ACTIONS.values() if case.status in a.sources and role_may(user, a)]


@dataclass(frozen=True)
class Implication:
    """What a track's outcome means for its case, in a clerk's words: the lifecycle action to
    offer on the case page ("" for none) and why."""

    offer_action: str
    summary: str

    def event_fields(self) -> dict:
        """The timeline entry a track writes when its outcome is recorded."""
        return {"summary": f"对案件的影响：{self.summary}", "data": {"offer": self.offer_action}}
