"""The portal's two lifecycles as tables: an online application (staff review it, the applicant
supplements or withdraws it) and a letter to a rights mailbox (answered, closed or turned into a
case). Both are moved only by `jiefen.core.lifecycle`; the screens offer what `available` allows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases.choices import EventKind
from jiefen.cases.services import case_event_add
from jiefen.core.lifecycle import Lifecycle, Moved, Transition, action_message
from jiefen.core.messages import phrase
from jiefen.portal import policies as P
from jiefen.portal.choices import ApplicationStatus as A
from jiefen.portal.choices import LetterStatus as L
from jiefen.portal.models import Application, Letter


def _application_recorded(moved: Moved[Application]) -> None:
    """One note on the case's timeline per move (staff see it; the party's timeline shows only
    the case's own moves). A service may word it (`data["summary"]`)."""
    data = dict(moved.data)
    summary = data.pop("summary", "") or phrase(
        N_("网上申请：%(action)s"), action=action_message(moved, "portal.application")
    )
    case_event_add(
        case=moved.obj.case,
        actor=moved.actor,
        kind=EventKind.NOTE,
        summary=summary,
        note=moved.note,
        data={"application": moved.obj.pk, "from": moved.old, "to": moved.new, **data},
    )


APPLICATION_LIFECYCLE: Lifecycle[Application] = Lifecycle(
    name="portal.application",
    model=Application,
    states=A,
    subject=_("网上申请"),
    record=_application_recorded,
    tones={
        A.SUBMITTED: "text-bg-primary",
        A.MORE_INFO: "text-bg-warning",
        A.ACCEPTED: "text-bg-success",
        A.DECLINED: "text-bg-secondary",
        A.WITHDRAWN: "text-bg-secondary",
    },
    transitions=[
        Transition(
            "accept", pgettext_lazy("action", "受理"), frozenset({A.SUBMITTED}), A.ACCEPTED,
            P.REVIEW,
        ),
        Transition(
            "request_more", _("通知补充材料"), frozenset({A.SUBMITTED}), A.MORE_INFO, P.REVIEW,
            _("需要补充的内容"),
        ),
        # Declining a withdrawn application closes its case; the application stays withdrawn.
        Transition(
            "decline", pgettext_lazy("action", "不予受理"),
            frozenset({A.SUBMITTED, A.MORE_INFO, A.WITHDRAWN}),
            {A.SUBMITTED: A.DECLINED, A.MORE_INFO: A.DECLINED, A.WITHDRAWN: A.WITHDRAWN},
            P.REVIEW, _("不予受理理由"),
        ),
        Transition(
            "supplement", _("补充材料"), frozenset({A.MORE_INFO}), A.SUBMITTED, P.PUBLIC,
        ),
        Transition(
            "withdraw", _("撤回申请"), frozenset({A.SUBMITTED, A.MORE_INFO}), A.WITHDRAWN,
            P.PUBLIC,
        ),
    ],
)  # fmt: skip


def _letter_recorded(moved: Moved[Letter]) -> None:
    """A letter has no case until it becomes one: its moves go to the audit trail."""
    audit_record(
        action=AuditAction.CHANGE,
        actor=moved.actor,
        obj=moved.obj,
        summary=f"维权信箱来信：{moved.transition.label}"[:300],
        before={"status": moved.old},
        after={"status": moved.new},
    )


LETTER_LIFECYCLE: Lifecycle[Letter] = Lifecycle(
    name="portal.letter",
    model=Letter,
    states=L,
    subject=_("来信"),
    record=_letter_recorded,
    tones={
        L.NEW: "text-bg-primary",
        L.ANSWERED: "text-bg-secondary",
        L.CONVERTED: "text-bg-secondary",
        L.CLOSED: "text-bg-secondary",
    },
    transitions=[
        Transition(
            "answer", _("答复"), frozenset({L.NEW}), L.ANSWERED, P.LETTERS, _("答复内容"),
        ),
        Transition(
            "close", _("关闭"), frozenset({L.NEW}), L.CLOSED, P.LETTERS, _("关闭理由"),
        ),
        Transition("convert", _("转为案件"), frozenset({L.NEW}), L.CONVERTED, P.LETTERS),
    ],
)  # fmt: skip
