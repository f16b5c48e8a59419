"""The mediation track's lifecycles as tables: the mediation itself, the review of its agreement
(by a tribunal or a court) and the performance of each item of the agreement. The services move
them only through the kernel's mover (`jiefen.core.lifecycle`); pages ask it what to offer."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.cases.tracks import track_held, track_recorder
from jiefen.core.lifecycle import Lifecycle, Transition
from jiefen.mediation import policies as P
from jiefen.mediation.choices import TRACK, MediationStatus, PaymentStatus
from jiefen.mediation.models import Agreement, AgreementItem, Mediation

M = MediationStatus
Pay = PaymentStatus


class ReviewState(models.TextChoices):
    """Where the review of an agreement stands (Agreement.review_outcome), "" before any."""

    NONE = "", _("未申请")
    PENDING = "pending", _("审查中")
    CONFIRMED = "confirmed", _("确认有效")
    REJECTED = "rejected", _("不予确认")


MEDIATION_LIFECYCLE: Lifecycle[Mediation] = Lifecycle(
    name="mediation",
    model=Mediation,
    states=M,
    subject=_("调解"),
    record=track_recorder(track=TRACK, case_of=lambda m: m.case, key="mediation"),
    held=track_held(case_of=lambda m: m.case),
    transitions=[
        Transition("agree", pgettext_lazy("action", "达成协议"), frozenset({M.OPEN}), M.AGREED, P.MEDIATE),
        Transition(
            "transfer", pgettext_lazy("action", "调解不成转仲裁"), frozenset({M.OPEN}), M.FAILED,
            P.MEDIATE, _("调解不成的原因"),
        ),
        Transition(
            "refuse", pgettext_lazy("action", "对方拒绝调解"), frozenset({M.OPEN}), M.REFUSED,
            P.MEDIATE, _("拒绝调解的情况"),
        ),
    ],
)  # fmt: skip

# The steps taken on an open mediation that do not end it: offered while it is open.
MEDIATION_STEPS = {"session": frozenset({M.OPEN})}


def mediation_offers(mediation: Mediation, user: Any) -> frozenset[str]:
    """What a person may do on this mediation now: the table's moves and the steps (none while
    its case is held, as the steps' services refuse then)."""
    if MEDIATION_LIFECYCLE.held(mediation):
        return frozenset()
    steps = {
        step
        for step, states in MEDIATION_STEPS.items()
        if mediation.status in states and P.MEDIATE.allows(user, mediation)
    }
    return MEDIATION_LIFECYCLE.available_actions(mediation, user) | steps


REVIEW_LIFECYCLE: Lifecycle[Agreement] = Lifecycle(
    name="mediation.review",
    model=Agreement,
    states=ReviewState,
    field="review_outcome",
    subject=_("调解协议审查确认"),
    record=track_recorder(
        track=TRACK, case_of=lambda a: a.mediation.case, key="mediation_agreement"
    ),
    held=track_held(case_of=lambda a: a.mediation.case),
    transitions=[
        Transition(
            "request", pgettext_lazy("action", "申请审查确认"), frozenset({ReviewState.NONE}),
            ReviewState.PENDING, P.MEDIATE,
        ),
        Transition(
            "confirm", pgettext_lazy("action", "确认有效"), frozenset({ReviewState.PENDING}),
            ReviewState.CONFIRMED, P.MEDIATE,
        ),
        Transition(
            "reject", pgettext_lazy("action", "不予确认"), frozenset({ReviewState.PENDING}),
            ReviewState.REJECTED, P.MEDIATE,
        ),
    ],
)  # fmt: skip

UNSETTLED = frozenset({Pay.PENDING, Pay.PARTLY_PAID, Pay.UNPAID})

PAYMENT_LIFECYCLE: Lifecycle[AgreementItem] = Lifecycle(
    name="mediation.payment",
    model=AgreementItem,
    states=Pay,
    subject=_("履行事项"),
    record=track_recorder(
        track=TRACK, case_of=lambda i: i.agreement.mediation.case, key="item"
    ),
    held=track_held(case_of=lambda i: i.agreement.mediation.case),
    tones={
        Pay.PENDING: "text-bg-light border",
        Pay.PARTLY_PAID: "text-bg-light border",
        Pay.PAID: "text-bg-success",
        Pay.UNPAID: "text-bg-danger",
    },
    transitions=[
        Transition("pay_in_full", pgettext_lazy("action", "履行完毕"), UNSETTLED, Pay.PAID, P.MEDIATE),
        Transition(
            "pay_in_part", pgettext_lazy("action", "部分履行"), UNSETTLED, Pay.PARTLY_PAID,
            P.MEDIATE,
        ),
        Transition(
            "mark_overdue", pgettext_lazy("action", "逾期未履行"),
            frozenset({Pay.PENDING, Pay.PARTLY_PAID}), Pay.UNPAID, P.FOLLOW_UP,
        ),
    ],
)  # fmt: skip
