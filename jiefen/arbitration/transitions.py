"""The arbitration track's lifecycles as tables: the application (from receipt to award or
mediation statement), each hearing, and each recusal request. The services move them only
through the kernel's mover (`jiefen.core.lifecycle`); pages ask it what to offer.

Some steps keep the application where it is but are recorded as moves (the defence received,
the tribunal composed or converted, the award period extended): they need the same states and
bump the version, so a second clerk working from a stale page is refused. Others only add records
beside the application (papers served, a hearing booked, a recusal asked for, the periods
restarted): they are `STEPS`, offered and allowed in the states listed there, and like the moves
held while the case is (`_common._require_step`). A hearing's and a recusal's own moves (postpone,
hold; grant, refuse) and the end of a public notice are held with it too (`_common._require_unheld`);
the services of the moves that check input (a decline, the tribunal, a suspension, the award) call
it before they do."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.arbitration import policies as P
from jiefen.arbitration.choices import TRACK, ApplicationStatus, HearingStatus, RecusalDecision
from jiefen.arbitration.models import Application, Hearing, Recusal
from jiefen.cases.tracks import track_held, track_recorder
from jiefen.core.lifecycle import Lifecycle, Transition

A = ApplicationStatus
H = HearingStatus
D = RecusalDecision
IN_HAND = frozenset({A.ACCEPTED, A.SUSPENDED})


def _same(states: frozenset[str]) -> dict[str, str]:
    """A step that keeps the application in the state it was in."""
    return {s: s for s in states}


APPLICATION_LIFECYCLE: Lifecycle[Application] = Lifecycle(
    name="arbitration.application",
    model=Application,
    states=A,
    subject=_("仲裁案件"),
    record=track_recorder(track=TRACK, case_of=lambda a: a.case, key="application"),
    held=track_held(case_of=lambda a: a.case),
    transitions=[
        Transition(
            "completion_notice", pgettext_lazy("action", "一次性告知补正"),
            frozenset({A.RECEIVED}), A.COMPLETING, P.PROCEED, _("需补正的全部材料"),
        ),
        Transition(
            "complete", pgettext_lazy("action", "补正完成"), frozenset({A.COMPLETING}),
            A.RECEIVED, P.PROCEED,
        ),
        Transition(
            "accept", pgettext_lazy("action", "受理"), frozenset({A.RECEIVED}), A.ACCEPTED,
            P.PROCEED,
        ),
        Transition(
            "decline", pgettext_lazy("action", "不予受理"), frozenset({A.RECEIVED, A.COMPLETING}),
            A.DECLINED, P.PROCEED, _("不予受理的理由"),
        ),
        Transition(
            "defence", pgettext_lazy("action", "收到答辩书"), IN_HAND, _same(IN_HAND), P.PROCEED,
        ),
        Transition(
            "compose", pgettext_lazy("action", "组成仲裁庭"), frozenset({A.ACCEPTED}),
            A.ACCEPTED, P.PROCEED,
        ),
        Transition(
            "convert", pgettext_lazy("action", "转为普通程序"), IN_HAND, _same(IN_HAND),
            P.PROCEED, _("转为普通程序的理由"),
        ),
        Transition(
            "extend", pgettext_lazy("action", "延长仲裁期限"), IN_HAND, _same(IN_HAND),
            P.PROCEED, _("延期理由"),
        ),
        Transition(
            "suspend", pgettext_lazy("action", "中止审理"), frozenset({A.ACCEPTED}), A.SUSPENDED,
            P.PROCEED, _("中止理由"),
        ),
        Transition(
            "resume", pgettext_lazy("action", "恢复审理"), frozenset({A.SUSPENDED}), A.ACCEPTED,
            P.PROCEED,
        ),
        Transition(
            "award", pgettext_lazy("action", "作出裁决"), frozenset({A.ACCEPTED}), A.AWARDED,
            P.PROCEED,
        ),
        Transition(
            "mediate", pgettext_lazy("action", "仲裁调解结案"), IN_HAND, A.MEDIATED, P.PROCEED,
            _("调解协议内容"),
        ),
    ],
)  # fmt: skip

# Steps that add records beside the application, and the states they are taken in.
STEPS: dict[str, frozenset[str]] = {
    "serve": frozenset({A.ACCEPTED, A.SUSPENDED, A.AWARDED, A.DECLINED, A.MEDIATED}),
    "recusal_request": IN_HAND,
    "book": frozenset({A.ACCEPTED}),
    "restart": IN_HAND,
}


def step_allowed(step: str, application: Application) -> bool:
    return application.status in STEPS[step]


def application_offers(application: Application, user: Any) -> frozenset[str]:
    """What a person may do on this application now: the table's moves and the steps (none while
    its case is held, as the steps' services refuse then)."""
    if APPLICATION_LIFECYCLE.held(application):
        return frozenset()
    steps = (
        {s for s in STEPS if step_allowed(s, application)}
        if P.PROCEED.allows(user, application)
        else set()
    )
    return APPLICATION_LIFECYCLE.available_actions(application, user) | steps


HEARING_LIFECYCLE: Lifecycle[Hearing] = Lifecycle(
    name="arbitration.hearing",
    model=Hearing,
    states=H,
    subject=_("开庭"),
    record=track_recorder(
        track=TRACK, case_of=lambda h: h.application.case, key="hearing"
    ),
    held=track_held(case_of=lambda h: h.application.case),
    transitions=[
        Transition(
            "postpone", pgettext_lazy("action", "延期开庭"), frozenset({H.SCHEDULED}), H.POSTPONED,
            P.PROCEED, _("延期理由"),
        ),
        Transition(
            "hold", pgettext_lazy("action", "开庭审理"), frozenset({H.SCHEDULED}), H.HELD,
            P.PROCEED, _("庭审笔录摘要"),
        ),
    ],
)  # fmt: skip

RECUSAL_LIFECYCLE: Lifecycle[Recusal] = Lifecycle(
    name="arbitration.recusal",
    model=Recusal,
    states=D,
    field="decision",
    subject=_("回避申请"),
    record=track_recorder(
        track=TRACK, case_of=lambda r: r.application.case, key="recusal"
    ),
    held=track_held(case_of=lambda r: r.application.case),
    transitions=[
        Transition(
            "grant", pgettext_lazy("action", "决定回避"), frozenset({D.PENDING}), D.GRANTED,
            P.PROCEED,
        ),
        Transition(
            "refuse", pgettext_lazy("action", "驳回回避申请"), frozenset({D.PENDING}), D.REFUSED,
            P.PROCEED,
        ),
    ],
)  # fmt: skip
