"""Every write of the mediation track: start, sessions, agreement and its performance, review,
failure with transfer to arbitration, refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.accounts.models import User
from jiefen.accounts.notifications import notify
from jiefen.cases.choices import Duty, EventKind, Track
from jiefen.cases.clocks import (
    MEDIATION_15,
    clock_meet,
    clock_start,
    end_of_day,
    local_date,
)
from jiefen.cases.models import Case
from jiefen.cases.services import case_act, case_duty_assign, case_event_add
from jiefen.cases.tracks import case_track_hand_over, case_track_open
from jiefen.cases.transitions import Implication
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import ChangedMeanwhile
from jiefen.core.policy import guarded, internal, system
from jiefen.core.senders import send_message
from jiefen.mediation import policies as P
from jiefen.mediation.choices import (
    TRACK,
    MediationStatus,
    MediatorLevel,
    PaymentStatus,
    ReviewKind,
    ReviewOutcome,
)
from jiefen.mediation.models import Agreement, AgreementItem, Mediation, Session
from jiefen.mediation.rules import (  # noqa: F401 - read by the pages and the panel
    REVIEW_WINDOWS,
    level_for,
    mediation_outcome_implies,
    review_deadline,
)
from jiefen.mediation.transitions import (
    MEDIATION_LIFECYCLE,
    MEDIATION_STEPS,
    PAYMENT_LIFECYCLE,
    REVIEW_LIFECYCLE,
)

# A mediation moved by someone else meanwhile (the kernel's refusal, 409).
MediationChanged = ChangedMeanwhile


def _event(mediation: Mediation, *, actor, summary: str, note: str = "", data=None) -> None:
    case_event_add(
        case=mediation.case,
        actor=actor,
        kind=EventKind.TRACK,
        track=TRACK,
        summary=summary,
        note=note,
        data={"mediation": mediation.pk, **(data or {})},
    )


def _end(
    mediation: Mediation, *, action: str, actor, note: str, summary: str, data=None, **fields
) -> None:
    """End an open mediation through its lifecycle (compare-and-swap on state and version, so
    two people cannot end it twice), with its one timeline entry."""
    at = timezone.now()
    MEDIATION_LIFECYCLE.move(
        mediation,
        action=action,
        actor=actor,
        note=note,
        fields={"ended_at": at, "outcome_note": note, **fields},
        data={"summary": summary, **(data or {})},
        at=at,
    )
    # The statutory mediation period ends with the mediation (《劳动争议调解仲裁法》第十四条).
    clock_meet(case=mediation.case, kinds=[MEDIATION_15], at=at)


def _require_open(mediation: Mediation, step: str) -> None:
    if mediation.status not in MEDIATION_STEPS[step]:
        raise ConflictError(
            _("调解已结束（%(status)s），不能再操作。") % {"status": mediation.get_status_display()}
        )


@guarded(P.START, on="case")
@transaction.atomic
def mediation_start(
    *, case: Case, mediator: User, actor: User, started_at: dt.datetime | None = None
) -> Mediation:
    """Open the case's mediation with this mediator (village, street or district level), on the
    track contract: the case must be active, and is put in hand."""
    case = case_track_open(case=case, track=TRACK, actor=actor, why=_("开始调解"))
    if Mediation.objects.filter(case=case, status=MediationStatus.OPEN).exists():
        raise ConflictError(_("该案件已有进行中的调解。"))
    if not mediator.is_active or mediator.role not in ("mediator", "leader"):
        raise ValidationError({"mediator": [_("请选择在岗的调解员")]})
    level = level_for(mediator)
    mediation = Mediation.objects.create(
        case=case, mediator=mediator, level=level, started_at=started_at or timezone.now()
    )
    case_duty_assign(
        case=case,
        actor=actor,
        user=mediator,
        duty=Duty.MEDIATOR,
        why=_("指派%(level)s调解员") % {"level": MediatorLevel(level).label},
    )
    _event(
        mediation,
        actor=actor,
        summary=f"开始调解：{MediatorLevel(level).label}调解员{mediator.display_name}",
    )
    return mediation


@guarded(P.MEDIATE, on="mediation")
@transaction.atomic
def session_record(
    *,
    mediation: Mediation,
    actor: User,
    held_at: dt.datetime,
    attendees: str,
    minutes: str,
    place: str = "",
    online: bool = False,
    meeting_link: str = "",
) -> Session:
    """Record one mediation session: when, where (or the video link), who came, what was said."""
    _require_open(mediation, "session")
    errors = {}
    if online and not meeting_link.strip():
        errors["meeting_link"] = [_("线上调解须填写视频会议链接")]
    if not online and not place.strip():
        errors["place"] = [_("请填写调解地点")]
    if not attendees.strip():
        errors["attendees"] = [_("请填写参加人员")]
    if not minutes.strip():
        errors["minutes"] = [_("请填写调解笔录")]
    if errors:
        raise ValidationError(errors)
    session = Session.objects.create(
        mediation=mediation,
        held_at=held_at,
        place=place.strip(),
        online=online,
        meeting_link=meeting_link.strip(),
        attendees=attendees.strip(),
        minutes=minutes.strip(),
        recorded_by=actor,
    )
    where = _("线上视频调解") if online else place.strip()
    _event(
        mediation,
        actor=actor,
        summary=f"调解记录：{timezone.localtime(held_at):%Y-%m-%d %H:%M} {where}",
        note=minutes.strip()[:500],
        data={"session": session.pk},
    )
    return session


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
        summary=f"达成调解协议：{len(items)}项，共{total}元",
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
            "summary": f"申请{ReviewKind(kind).label}：{requested_on:%Y-%m-%d}",
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
            "summary": f"{ReviewKind(agreement.review_kind).label}结果：{ReviewOutcome(outcome).label}",
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
            "summary": f"协议履行：{item.item} {PaymentStatus(status).label}（本次{amount}元，累计{paid}元）",
            "mediation": item.agreement.mediation_id,
        },
    )
    return item


@system
def agreement_overdue_check_one(*, today: dt.date | None = None) -> bool:
    """Flag the oldest item not paid by its due date, remind its mediator; False when none is left.

    Compare-and-swap on `reminded_at`: two sweeps running at once remind once."""
    today = today or local_date(timezone.now())
    item = (
        AgreementItem.objects.filter(
            status__in=[PaymentStatus.PENDING, PaymentStatus.PARTLY_PAID],
            due_on__lt=today,
            reminded_at__isnull=True,
        )
        .select_related("agreement__mediation__case", "agreement__mediation__mediator")
        .order_by("due_on", "id")
        .first()
    )
    if item is None:
        return False
    with transaction.atomic():
        try:
            PAYMENT_LIFECYCLE.move(
                item,
                action="mark_overdue",
                actor=None,
                fields={"reminded_at": timezone.now()},
                data={
                    "summary": f"逾期未履行：{item.item}，尚欠{item.outstanding}元，已提醒调解员",
                    "mediation": item.agreement.mediation_id,
                },
            )
        except ChangedMeanwhile:
            return True  # another sweep took it
        mediation = item.agreement.mediation
        case = mediation.case
        message = (
            f"案件 {case.number} 调解协议“{item.item}”应于{item.due_on:%Y-%m-%d}前履行"
            f"{item.amount}元，尚欠{item.outstanding}元，请督促履行。"
        )
        notify(users=[mediation.mediator], message=message, link=mediation.get_absolute_url())
    return True


@system
def agreement_overdue_sweep(*, today: dt.date | None = None) -> int:
    """Every item past its due date and not paid: one reminder each."""
    count = 0
    while agreement_overdue_check_one(today=today):
        count += 1
    return count


@guarded(P.MEDIATE, on="mediation")
@transaction.atomic
def mediation_transfer(
    *,
    mediation: Mediation,
    actor: User,
    reason: str,
    knew_infringement_on: dt.date | None = None,
):
    """Mediation failed: end it and hand the case over to arbitration, in one step, through the
    track contract (《劳动争议调解仲裁法》第十四条: no agreement within the period, a party may
    apply); the arbitration track opens its application under its own policy."""
    _require_open(mediation, "session")
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写调解不成的原因")]})
    application = case_track_hand_over(
        case=mediation.case,
        from_track=TRACK,
        to_track=Track.ARBITRATION,
        actor=actor,
        reason=reason.strip(),
        knew_infringement_on=knew_infringement_on,
    )
    _end(
        mediation,
        action="transfer",
        actor=actor,
        note=reason.strip(),
        summary=_("调解不成，转入仲裁"),
        data={"application": application.pk},
        arbitration=application,
    )
    outcome_record(mediation=mediation, actor=actor)
    return application


@guarded(P.MEDIATE, on="mediation")
@transaction.atomic
def mediation_refuse(*, mediation: Mediation, actor: User, note: str) -> Mediation:
    """The other side refuses to mediate: mediation ends and the applicant is told by SMS."""
    from jiefen.parties.services import party_reveal

    _require_open(mediation, "session")
    if not note.strip():
        raise ValidationError({"note": [_("请填写拒绝调解的情况")]})
    case = mediation.case
    claimant = case.claimants.select_related("worker").first()
    told = ""
    if claimant and claimant.worker.phone_cipher:
        phone = party_reveal(
            party=claimant.worker, field="phone", actor=actor, reason=_("短信告知对方拒绝调解")
        )
        body = (
            f"{claimant.worker.name}您好：您申请调解的案件（{case.number}），"
            f"{case.employer.name if case.employer else '对方'}拒绝调解，调解已终止。"
            "您可以自知道权利被侵害之日起一年内向劳动人事争议仲裁院申请仲裁。"
        )
        transaction.on_commit(
            lambda: send_message(channel="sms", to=phone, subject="调解终止告知", body=body)
        )
        told = claimant.worker.phone_masked
    _end(
        mediation,
        action="refuse",
        actor=actor,
        note=note.strip(),
        summary=f"对方拒绝调解，调解终止；已短信告知申请人{told}",
    )
    outcome_record(mediation=mediation, actor=actor)
    return mediation


@internal
def outcome_record(*, mediation: Mediation, actor) -> Implication:
    implication = mediation_outcome_implies(mediation)
    _event(mediation, actor=actor, **implication.event_fields())
    return implication


@guarded(P.CONCLUDE, on="mediation")
@transaction.atomic
def mediation_resolve_case(*, mediation: Mediation, actor: User, note: str = "") -> Case:
    """Resolve the case on the strength of the mediation agreement (the action offered)."""
    if mediation_outcome_implies(mediation).offer_action != "resolve":
        raise ConflictError(_("调解未达成协议，不能据此化解案件。"))
    case = Case.objects.get(pk=mediation.case_id)
    agreement = mediation.agreement
    return case_act(
        case=case,
        action="resolve",
        actor=actor,
        note=note.strip() or f"经调解达成协议：{agreement.terms[:200]}",
        amount_recovered=agreement.total,
    )
