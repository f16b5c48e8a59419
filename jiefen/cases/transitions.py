"""The case lifecycle as one table: which action moves a case from which state to which, who may
take it, and what it must carry. Screens offer what this allows; `case_act` enforces the same
table through the project's one mover (`jiefen.core.lifecycle`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.cases import policies as P
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.choices import EventKind
from jiefen.cases.models import Case, CaseEvent
from jiefen.cases.timeline import case_events_write
from jiefen.core.lifecycle import Lifecycle, Moved, Transition, moved_message
from jiefen.core.messages import event_text_fields

# Not yet concluded: received, registered, accepted or in hand.
OPEN_STATUSES = frozenset({S.RECEIVED, S.REGISTERED, S.ACCEPTED, S.HANDLING})
# Accepted and not yet concluded: what a track may be opened on, a hearing booked for.
ACTIVE_STATUSES = frozenset({S.ACCEPTED, S.HANDLING})
CONCLUDED_STATUSES = frozenset({S.RESOLVED, S.UNRESOLVED})
# Before acceptance is decided: what an online applicant may still withdraw.
PENDING_ACCEPTANCE = frozenset({S.RECEIVED, S.REGISTERED})

# Reopening goes back to handling for a case that was handled, to registration for one that was
# only answered or declined (its acceptance has yet to be decided).
REOPEN_TARGET: dict[str, str] = {
    S.CLOSED: S.HANDLING,
    S.RESOLVED: S.HANDLING,
    S.UNRESOLVED: S.HANDLING,
    S.DECLINED: S.REGISTERED,
    S.ANSWERED: S.REGISTERED,
}


def case_is_open(case: Case) -> bool:
    return case.status in OPEN_STATUSES


def case_is_active(case: Case) -> bool:
    """Accepted, not concluded and handled under its own number (not merged into another): a
    track may be opened, a session or hearing held."""
    return case.status in ACTIVE_STATUSES and case.merged_into_id is None


def _record(moved: Moved[Case]) -> None:
    """One timeline entry per move."""
    case_events_write(
        CaseEvent(
            case=moved.obj,
            at=timezone.now(),
            actor=moved.actor,
            kind=EventKind.TRANSITION,
            old_status=moved.old,
            new_status=moved.new,
            **event_text_fields(moved_message(moved, "case")),
            note=moved.note,
            data=dict(moved.data),
        )
    )


def _stale(case: Case):
    from jiefen.cases.services.lifecycle import CaseChangedMeanwhile

    return CaseChangedMeanwhile(case.pk)


def case_held(case: Case) -> str | Promise | None:
    """Why this case takes no move now: one merged into another is handled under that case's
    number until it is split off (its tracks are held with it, `tracks.track_held`)."""
    if case.merged_into_id is None:
        return None
    return _("本案已并入另一案件，以该案编号办理；拆分后恢复独立办理。")


CASE_LIFECYCLE: Lifecycle[Case] = Lifecycle(
    name="case",
    model=Case,
    states=S,
    subject=_("案件"),
    record=_record,
    stale=_stale,
    held=case_held,
    transitions=[
        Transition(
            "register", pgettext_lazy("action", "登记"), frozenset({S.RECEIVED}), S.REGISTERED,
            P.REGISTER,
        ),
        Transition(
            "answer", pgettext_lazy("action", "咨询答复"), frozenset({S.REGISTERED}), S.ANSWERED,
            P.ACCEPT, _("答复内容"),
        ),
        Transition(
            "decline", pgettext_lazy("action", "不予受理"), frozenset({S.REGISTERED}), S.DECLINED,
            P.DECLINE, _("不予受理理由"),
        ),
        Transition(
            "accept", pgettext_lazy("action", "受理"), frozenset({S.REGISTERED}), S.ACCEPTED,
            P.ACCEPT,
        ),
        Transition(
            "start_handling", pgettext_lazy("action", "开始处置"), frozenset({S.ACCEPTED}),
            S.HANDLING, P.HANDLE,
        ),
        Transition(
            "resolve", pgettext_lazy("action", "化解"), frozenset({S.HANDLING}), S.RESOLVED,
            P.HANDLE, _("化解结果"),
        ),
        Transition(
            "mark_unresolved", pgettext_lazy("action", "未化解"), frozenset({S.HANDLING}),
            S.UNRESOLVED, P.HANDLE, _("未化解原因"),
        ),
        Transition(
            "close", pgettext_lazy("action", "结案"), CONCLUDED_STATUSES, S.CLOSED, P.CLOSE,
        ),
        Transition(
            "reopen", pgettext_lazy("action", "重新办理"), frozenset(REOPEN_TARGET),
            REOPEN_TARGET, P.REOPEN, _("重新办理理由"),
        ),
    ],
)  # fmt: skip
ACTIONS = CASE_LIFECYCLE.transitions


def actions_available(*, case: Case, user) -> list[Transition]:
    """The moves this person may make on this case now."""
    return CASE_LIFECYCLE.available(case, user)


@dataclass(frozen=True)
class Implication:
    """What a track's outcome means for its case, in a clerk's words: the lifecycle action to
    offer on the case page ("" for none) and why."""

    offer_action: str
    summary: str

    def event_fields(self) -> dict:
        """The timeline entry a track writes when its outcome is recorded."""
        return {"summary": f"对案件的影响：{self.summary}", "data": {"offer": self.offer_action}}
