"""Every write of the mediation track: start, sessions, agreement and its performance, review,
failure with transfer to arbitration, refusal."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.accounts.models import User
from jiefen.accounts.notifications import notify
from jiefen.cases.choices import CaseStatus, Duty, EventKind
from jiefen.cases.clockrules import CATALOGUE
from jiefen.cases.clocks import (
    MEDIATION_15,
    clock_due,
    clock_meet,
    clock_start,
    end_of_day,
    local_date,
)
from jiefen.cases.models import Case
from jiefen.cases.services import case_act, case_duty_assign, case_event_add, case_track_add
from jiefen.cases.transitions import Implication
from jiefen.core.exceptions import ApplicationError, ConflictError
from jiefen.core.senders import send_message
from jiefen.mediation.choices import (
    ARBITRAL_REVIEW_15,
    JUDICIAL_REVIEW_30,
    TRACK,
    MediationStatus,
    MediatorLevel,
    PaymentStatus,
    ReviewKind,
    ReviewOutcome,
)
from jiefen.mediation.models import Agreement, AgreementItem, Mediation, Session

ACTIVE_CASE = frozenset({CaseStatus.ACCEPTED, CaseStatus.HANDLING})

# 《劳动人事争议仲裁办案规则》第七十四条: within 15 days of the agreement taking effect the parties
# may jointly ask the arbitration commission to review it; 《人民调解法》第三十三条: within 30 days
# they may jointly ask a court for judicial confirmation (rules: jiefen/cases/clockrules.py).
REVIEW_WINDOWS = {ReviewKind.ARBITRAL: ARBITRAL_REVIEW_15, ReviewKind.JUDICIAL: JUDICIAL_REVIEW_30}


# Mediation is the mediators' work (and their leaders'); the front desk may only start it.
MEDIATION_ROLES = frozenset({Role.MEDIATOR, Role.LEADER, Role.ADMINISTRATOR})
START_ROLES = MEDIATION_ROLES | {Role.RECEPTION_CLERK}


class NotPermitted(ApplicationError):
    status_code = 403
    code = "forbidden"


def _permitted(actor, roles) -> None:
    if not (actor.is_superuser or actor.role in roles):
        raise NotPermitted(_("只有调解员或其负责人可以办理此项。"))


def mediators_only(service):
    """Refuse a mediation step taken by someone who does not mediate (403)."""

    @functools.wraps(service)
    def guarded(*args, actor: User, **kwargs):
        _permitted(actor, MEDIATION_ROLES)
        return service(*args, actor=actor, **kwargs)

    return guarded


class MediationChanged(ConflictError):
    code = "stale"

    def __init__(self) -> None:
        super().__init__(_("调解已被他人处理，请刷新后重试。"))


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


def _end(mediation: Mediation, *, status: str, note: str, at: dt.datetime, **fields) -> None:
    """Close an open mediation with compare-and-swap, so two people cannot end it twice."""
    moved = Mediation.objects.filter(
        pk=mediation.pk, status=MediationStatus.OPEN, version=mediation.version
    ).update(
        status=status,
        ended_at=at,
        outcome_note=note,
        version=F("version") + 1,
        updated_at=at,
        **fields,
    )
    if moved != 1:
        raise MediationChanged()
    mediation.status, mediation.ended_at, mediation.outcome_note = status, at, note
    for name, value in fields.items():
        setattr(mediation, name, value)
    mediation.version += 1
    # The statutory mediation period ends with the mediation (《劳动争议调解仲裁法》第十四条).
    clock_meet(case=mediation.case, kinds=[MEDIATION_15], at=at)


def _require_open(mediation: Mediation) -> None:
    if not mediation.is_open:
        raise ConflictError(
            _("调解已结束（%(status)s），不能再操作。") % {"status": mediation.get_status_display()}
        )


def level_for(user: User) -> str:
    return {
        ScopeLevel.VILLAGE: MediatorLevel.VILLAGE,
        ScopeLevel.GRID: MediatorLevel.STREET,
        ScopeLevel.STREET: MediatorLevel.STREET,
    }.get(user.scope_level, MediatorLevel.DISTRICT)


@transaction.atomic
def mediation_start(
    *, case: Case, mediator: User, actor: User, started_at: dt.datetime | None = None
) -> Mediation:
    """Open the case's mediation with this mediator (village, street or district level)."""
    _permitted(actor, START_ROLES)
    if case.status not in ACTIVE_CASE:
        raise ConflictError(
            _("案件状态为“%(status)s”，不能开始调解。") % {"status": case.get_status_display()}
        )
    if Mediation.objects.filter(case=case, status=MediationStatus.OPEN).exists():
        raise ConflictError(_("该案件已有进行中的调解。"))
    if not mediator.is_active or mediator.role not in ("mediator", "leader"):
        raise ValidationError({"mediator": [_("请选择在岗的调解员")]})
    if case.status == CaseStatus.ACCEPTED:
        case_act(case=case, action="start_handling", actor=actor, note=_("开始调解"))
    level = level_for(mediator)
    mediation = Mediation.objects.create(
        case=case, mediator=mediator, level=level, started_at=started_at or timezone.now()
    )
    case_track_add(case=case, track=TRACK, actor=actor, why=_("开始调解"))
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


@mediators_only
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
    _require_open(mediation)
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


@mediators_only
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
    _require_open(mediation)
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
    _end(mediation, status=MediationStatus.AGREED, note=terms.strip(), at=timezone.now())
    agreement = Agreement.objects.create(
        mediation=mediation, signed_on=signed_on, terms=terms.strip()
    )
    AgreementItem.objects.bulk_create(
        [
            AgreementItem(agreement=agreement, item=i.item, amount=i.amount, due_on=i.due_on)
            for i in items
        ]
    )
    total = sum((i.amount for i in items), start=Decimal(0))
    _event(
        mediation,
        actor=actor,
        summary=f"达成调解协议：{len(items)}项，共{total}元",
        note=terms.strip()[:500],
        data={"agreement": agreement.pk, "total": str(total)},
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


def review_deadline(agreement: Agreement, kind: str) -> dt.date:
    rule = CATALOGUE[REVIEW_WINDOWS[kind]]
    due, _provisional = clock_due(
        unit=rule.counting, length=rule.period, started_at=end_of_day(agreement.signed_on)
    )
    return local_date(due)


@mediators_only
@transaction.atomic
def agreement_review_request(
    *, agreement: Agreement, actor: User, kind: str, requested_on: dt.date
) -> Agreement:
    """The parties asked the tribunal (15 days) or a court (30 days) to confirm the agreement."""
    if kind not in REVIEW_WINDOWS:
        raise ValidationError({"kind": [_("请选择仲裁审查确认或司法确认")]})
    if agreement.review_requested_on is not None:
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
    Agreement.objects.filter(pk=agreement.pk).update(
        review_requested_on=requested_on, review_outcome=ReviewOutcome.PENDING
    )
    agreement.review_requested_on, agreement.review_outcome = requested_on, ReviewOutcome.PENDING
    _event(
        agreement.mediation,
        actor=actor,
        summary=f"申请{ReviewKind(kind).label}：{requested_on:%Y-%m-%d}",
        data={"review": kind},
    )
    return agreement


@mediators_only
@transaction.atomic
def agreement_review_decide(
    *, agreement: Agreement, actor: User, outcome: str, decided_on: dt.date, note: str = ""
) -> Agreement:
    """Record what the tribunal or the court decided on the agreement."""
    if outcome not in (ReviewOutcome.CONFIRMED, ReviewOutcome.REJECTED):
        raise ValidationError({"outcome": [_("请选择确认或不予确认")]})
    if agreement.review_outcome != ReviewOutcome.PENDING:
        raise ConflictError(_("没有待决定的审查确认申请。"))
    Agreement.objects.filter(pk=agreement.pk, review_outcome=ReviewOutcome.PENDING).update(
        review_outcome=outcome, review_decided_on=decided_on, review_note=note.strip()
    )
    agreement.review_outcome, agreement.review_decided_on = outcome, decided_on
    agreement.review_note = note.strip()
    _event(
        agreement.mediation,
        actor=actor,
        summary=f"{ReviewKind(agreement.review_kind).label}结果：{ReviewOutcome(outcome).label}",
        note=note.strip(),
    )
    return agreement


@mediators_only
@transaction.atomic
def agreement_payment_record(
    *, item: AgreementItem, actor: User, amount: Decimal, paid_on: dt.date
) -> AgreementItem:
    """A payment under the agreement: the item becomes paid, or partly paid."""
    if amount <= 0:
        raise ValidationError({"amount": [_("金额须大于零")]})
    if item.status == PaymentStatus.PAID:
        raise ConflictError(_("该事项已履行完毕。"))
    if amount > item.outstanding:
        raise ValidationError(
            {"amount": [_("超过未履行金额（%(left)s元）") % {"left": item.outstanding}]}
        )
    paid = item.paid_amount + amount
    status = PaymentStatus.PAID if paid >= item.amount else PaymentStatus.PARTLY_PAID
    moved = AgreementItem.objects.filter(pk=item.pk, paid_amount=item.paid_amount).update(
        paid_amount=paid, paid_on=paid_on, status=status
    )
    if moved != 1:
        raise MediationChanged()
    item.paid_amount, item.paid_on, item.status = paid, paid_on, status
    mediation = item.agreement.mediation
    _event(
        mediation,
        actor=actor,
        summary=f"协议履行：{item.item} {PaymentStatus(status).label}（本次{amount}元，累计{paid}元）",
        data={"item": item.pk},
    )
    return item


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
        now = timezone.now()
        moved = AgreementItem.objects.filter(pk=item.pk, reminded_at__isnull=True).update(
            reminded_at=now, status=PaymentStatus.UNPAID
        )
        if moved != 1:
            return True
        mediation = item.agreement.mediation
        case = mediation.case
        message = (
            f"案件 {case.number} 调解协议“{item.item}”应于{item.due_on:%Y-%m-%d}前履行"
            f"{item.amount}元，尚欠{item.outstanding}元，请督促履行。"
        )
        notify(users=[mediation.mediator], message=message, link=mediation.get_absolute_url())
        _event(
            mediation,
            actor=None,
            summary=f"逾期未履行：{item.item}，尚欠{item.outstanding}元，已提醒调解员",
            data={"item": item.pk},
        )
    return True


def agreement_overdue_sweep(*, today: dt.date | None = None) -> int:
    """Every item past its due date and not paid: one reminder each."""
    count = 0
    while agreement_overdue_check_one(today=today):
        count += 1
    return count


@mediators_only
@transaction.atomic
def mediation_transfer(
    *,
    mediation: Mediation,
    actor: User,
    reason: str,
    knew_infringement_on: dt.date | None = None,
):
    """Mediation failed: end it and open the arbitration application on the same case, in one
    step (《劳动争议调解仲裁法》第十四条: no agreement within the period, a party may apply)."""
    from jiefen.arbitration.choices import Source
    from jiefen.arbitration.services import application_file

    _require_open(mediation)
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写调解不成的原因")]})
    application = application_file(
        case=mediation.case,
        actor=actor,
        source=Source.TRANSFER,
        knew_infringement_on=knew_infringement_on,
    )
    _end(
        mediation,
        status=MediationStatus.FAILED,
        note=reason.strip(),
        at=timezone.now(),
        arbitration=application,
    )
    _event(
        mediation,
        actor=actor,
        summary=_("调解不成，转入仲裁"),
        note=reason.strip(),
        data={"application": application.pk},
    )
    outcome_record(mediation=mediation, actor=actor)
    return application


@mediators_only
@transaction.atomic
def mediation_refuse(*, mediation: Mediation, actor: User, note: str) -> Mediation:
    """The other side refuses to mediate: mediation ends and the applicant is told by SMS."""
    from jiefen.parties.services import party_contact

    _require_open(mediation)
    if not note.strip():
        raise ValidationError({"note": [_("请填写拒绝调解的情况")]})
    _end(mediation, status=MediationStatus.REFUSED, note=note.strip(), at=timezone.now())
    case = mediation.case
    claimant = case.claimants.select_related("worker").first()
    told = ""
    if claimant and claimant.worker.phone_cipher:
        phone = party_contact(party=claimant.worker, actor=actor, reason=_("短信告知对方拒绝调解"))
        body = (
            f"{claimant.worker.name}您好：您申请调解的案件（{case.number}），"
            f"{case.employer.name if case.employer else '对方'}拒绝调解，调解已终止。"
            "您可以自知道权利被侵害之日起一年内向劳动人事争议仲裁院申请仲裁。"
        )
        transaction.on_commit(
            lambda: send_message(channel="sms", to=phone, subject="调解终止告知", body=body)
        )
        told = claimant.worker.phone_masked
    _event(
        mediation,
        actor=actor,
        summary=f"对方拒绝调解，调解终止；已短信告知申请人{told}",
        note=note.strip(),
    )
    outcome_record(mediation=mediation, actor=actor)
    return mediation


def mediation_outcome_implies(mediation: Mediation) -> Implication:
    """Agreement: the dispute can be resolved. Failure: it continues on arbitration. Refusal:
    the worker may apply for arbitration. Still open: nothing follows yet."""
    if mediation.status == MediationStatus.AGREED:
        return Implication("resolve", _("达成调解协议：案件可以按“已化解”办结，同时跟踪协议履行。"))
    if mediation.status == MediationStatus.FAILED:
        return Implication("", _("调解不成：已转入仲裁，案件在仲裁途径继续办理。"))
    if mediation.status == MediationStatus.REFUSED:
        return Implication(
            "",
            _("对方拒绝调解：调解途径终止；申请人可申请仲裁，或由监察途径继续处理。"),
        )
    return Implication("", _("调解进行中。"))


def outcome_record(*, mediation: Mediation, actor) -> Implication:
    implication = mediation_outcome_implies(mediation)
    _event(mediation, actor=actor, **implication.event_fields())
    return implication


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
