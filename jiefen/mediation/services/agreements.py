"""The agreement: its payment schedule, its review by a tribunal or a court, and each payment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.cases.clocks import (
    clock_meet,
    clock_start,
    end_of_day,
    local_date,
)
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import Amount, phrase
from jiefen.core.policy import guarded
from jiefen.mediation import policies as P
from jiefen.mediation.choices import (
    PaymentStatus,
    ReviewKind,
    ReviewOutcome,
)
from jiefen.mediation.models import Agreement, AgreementItem, Mediation
from jiefen.mediation.rules import (
    REVIEW_WINDOWS,
    review_deadline,
)
from jiefen.mediation.services._common import _end, _require_unheld
from jiefen.mediation.services.outcome import outcome_record
from jiefen.mediation.transitions import (
    PAYMENT_LIFECYCLE,
    REVIEW_LIFECYCLE,
)


@dataclass(frozen=True)
class ItemInput:
    item: str
    amount: Decimal
    due_on: dt.date


@guarded(P.MEDIATE, on="mediation")
@transaction.atomic
def agreement_record(
    *,
    mediation: Mediation,
    actor: User,
    signed_on: dt.date,
    terms: str,
    items: list[ItemInput],
    review_kind: str = "",
) -> Agreement:
    """The parties agreed: the mediation ends with an agreement and its payment schedule."""
    _require_unheld(mediation)
    errors = {}
    if not terms.strip():
        errors["terms"] = [_("请填写协议内容")]
    if not items:
        errors["items"] = [_("请至少填写一项履行事项")]
    elif any(i.amount <= 0 for i in items):
        errors["items"] = [_("履行金额须大于零")]
    elif any(i.due_on < signed_on for i in items):
        errors["items"] = [_("履行期限不能早于签订日期")]
    if review_kind and review_kind not in ReviewKind.values:
        errors["review_kind"] = [_("未知的审查确认方式")]
    if errors:
        raise ValidationError(errors)
    total = sum((i.amount for i in items), start=Decimal(0))
    _end(
        mediation,
        action="agree",
        actor=actor,
        note=terms.strip(),
        summary=phrase(N_("达成调解协议：%(n)s项，共%(total)s"), n=len(items), total=Amount(total)),
        data={"total": str(total)},
    )
    agreement = Agreement.objects.create(
        mediation=mediation, signed_on=signed_on, terms=terms.strip()
    )
    AgreementItem.objects.bulk_create(
        [
            AgreementItem(agreement=agreement, item=i.item, amount=i.amount, due_on=i.due_on)
            for i in items
        ]
    )
    outcome_record(mediation=mediation, actor=actor)
    if review_kind:
        _review_window_start(agreement=agreement, kind=review_kind, actor=actor)
    return agreement


def _review_window_start(*, agreement: Agreement, kind: str, actor) -> None:
    clock_start(
        case=agreement.mediation.case,
        kind=REVIEW_WINDOWS[kind],
        started_at=end_of_day(agreement.signed_on),
        actor=actor,
    )
    Agreement.objects.filter(pk=agreement.pk).update(review_kind=kind)
    agreement.review_kind = kind


@guarded(P.MEDIATE, on="agreement")
@transaction.atomic
def agreement_review_request(
    *, agreement: Agreement, actor: User, kind: str, requested_on: dt.date
) -> Agreement:
    """The parties asked the tribunal (15 days) or a court (30 days) to confirm the agreement."""
    _require_unheld(agreement.mediation)
    if kind not in REVIEW_WINDOWS:
        raise ValidationError({"kind": [_("请选择仲裁审查确认或司法确认")]})
    if not REVIEW_LIFECYCLE.allows_from("request", agreement.review_outcome):
        raise ConflictError(_("该协议已申请审查确认。"))
    last = review_deadline(agreement, kind)
    if requested_on > last:
        raise ConflictError(
            _("已超过%(label)s（最后一日为%(last)s），不能再申请。")
            % {"label": ReviewKind(kind).label, "last": last.isoformat()}
        )
    if requested_on < agreement.signed_on:
        raise ValidationError({"requested_on": [_("申请日期不能早于协议签订日期")]})
    if agreement.review_kind and agreement.review_kind != kind:
        # The planned route changed: the other window no longer matters.
        clock_meet(case=agreement.mediation.case, kinds=[REVIEW_WINDOWS[agreement.review_kind]])
    _review_window_start(agreement=agreement, kind=kind, actor=actor)
    clock_meet(
        case=agreement.mediation.case,
        kinds=[REVIEW_WINDOWS[kind]],
        at=end_of_day(requested_on) if requested_on < local_date(timezone.now()) else None,
    )
    REVIEW_LIFECYCLE.move(
        agreement,
        action="request",
        actor=actor,
        fields={"review_requested_on": requested_on},
        data={
            "summary": phrase(N_("申请%(kind)s：%(day)s"), kind=ReviewKind(kind), day=requested_on),
            "mediation": agreement.mediation_id,
            "review": kind,
        },
    )
    return agreement


@guarded(P.MEDIATE, on="agreement")
@transaction.atomic
def agreement_review_decide(
    *, agreement: Agreement, actor: User, outcome: str, decided_on: dt.date, note: str = ""
) -> Agreement:
    """Record what the tribunal or the court decided on the agreement."""
    _require_unheld(agreement.mediation)
    action = {ReviewOutcome.CONFIRMED: "confirm", ReviewOutcome.REJECTED: "reject"}.get(outcome)
    if action is None:
        raise ValidationError({"outcome": [_("请选择确认或不予确认")]})
    if not REVIEW_LIFECYCLE.allows_from(action, agreement.review_outcome):
        raise ConflictError(_("没有待决定的审查确认申请。"))
    REVIEW_LIFECYCLE.move(
        agreement,
        action=action,
        actor=actor,
        note=note.strip(),
        fields={"review_decided_on": decided_on, "review_note": note.strip()},
        data={
            "summary": phrase(
                N_("%(kind)s结果：%(outcome)s"),
                kind=ReviewKind(agreement.review_kind),
                outcome=ReviewOutcome(outcome),
            ),
            "mediation": agreement.mediation_id,
        },
    )
    return agreement


@guarded(P.MEDIATE, on="item")
@transaction.atomic
def agreement_payment_record(
    *, item: AgreementItem, actor: User, amount: Decimal, paid_on: dt.date
) -> AgreementItem:
    """A payment under the agreement: the item becomes paid, or partly paid."""
    _require_unheld(item.agreement.mediation)
    if amount <= 0:
        raise ValidationError({"amount": [_("金额须大于零")]})
    if not PAYMENT_LIFECYCLE.allows_from("pay_in_part", item.status):
        raise ConflictError(_("该事项已履行完毕。"))
    if amount > item.outstanding:
        raise ValidationError(
            {"amount": [_("超过未履行金额（%(left)s元）") % {"left": item.outstanding}]}
        )
    paid = item.paid_amount + amount
    action = "pay_in_full" if paid >= item.amount else "pay_in_part"
    status = PAYMENT_LIFECYCLE.transition(action).target_from(item.status)
    PAYMENT_LIFECYCLE.move(
        item,
        action=action,
        actor=actor,
        fields={"paid_amount": paid, "paid_on": paid_on},
        data={
            "summary": phrase(
                N_("协议履行：%(item)s %(status)s（本次%(amount)s，累计%(paid)s）"),
                item=item.item,
                status=PaymentStatus(status),
                amount=Amount(amount),
                paid=Amount(paid),
            ),
            "mediation": item.agreement.mediation_id,
        },
    )
    return item
