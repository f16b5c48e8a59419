"""What the investigation does to the employer: site inspections, rectification orders and their
follow-up, the additional compensation, penalties and recovered wages."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.cases.models import Claimant
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import Amount, Plural, phrase, source_text
from jiefen.core.policy import guarded, system
from jiefen.inspection import policies as P
from jiefen.inspection.choices import (
    COMPENSATION_MAX_PERCENT,
    COMPENSATION_MIN_PERCENT,
    OrderStatus,
)
from jiefen.inspection.models import (
    Inspection,
    PenaltyDecision,
    RectificationOrder,
    SiteInspection,
    WageRecovery,
)
from jiefen.inspection.services.common import (
    CLOCK_SKEW,
    _local,
    _may,
    _move,
    _not_future,
)
from jiefen.inspection.transitions import (
    INSPECTION_LIFECYCLE,
    ORDER_LIFECYCLE,
)


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def site_inspection_record(
    *,
    inspection: Inspection,
    actor: User,
    at: dt.datetime,
    place: str,
    inspectors: list[User],
    findings: str,
    version: int | None = None,
) -> SiteInspection:
    """Record an on-site inspection (现场检查): when, where, who, what was found."""
    _may(INSPECTION_LIFECYCLE, inspection, "site", version)
    errors: dict[str, list[str]] = {}
    if at > timezone.now() + CLOCK_SKEW:
        errors["at"] = [_("时间不能晚于现在")]
    if not place.strip():
        errors["place"] = [_("请填写检查地点")]
    if not findings.strip():
        errors["findings"] = [_("请填写检查情况")]
    if len(inspectors) < 2:
        # 《劳动保障监察条例》第十六条: 进行调查、检查，不得少于2名劳动保障监察员.
        errors["inspectors"] = [_("现场检查不得少于2名监察员")]
    if errors:
        raise ValidationError(errors)
    if at < inspection.opened_at:
        raise ValidationError({"at": [_("检查时间不能早于立案时间")]})
    record = SiteInspection.objects.create(
        inspection=inspection,
        at=at,
        place=place.strip(),
        findings=findings.strip(),
        recorded_by=actor,
    )
    record.inspectors.set(inspectors)
    _move(
        inspection,
        action="site",
        actor=actor,
        summary=phrase(
            N_("现场检查：%(place)s（%(names)s）"),
            place=place.strip(),
            names=[u.display_name for u in inspectors],
        ),
        event_note=findings.strip(),
        site_inspection=record.pk,
    )
    return record


def _order_number(issued_on: dt.date) -> str:
    """西人社监责〔2026〕12号: the year's next number (the unique constraint guards a race)."""
    count = RectificationOrder.objects.filter(issued_on__year=issued_on.year).count()
    return f"西人社监责〔{issued_on.year}〕{count + 1}号"


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def rectification_order_issue(
    *,
    inspection: Inspection,
    actor: User,
    items: str,
    deadline: dt.date,
    legal_basis: str = "《劳动保障监察条例》第二十六条",
    amount_owed: Decimal | None = None,
    issued_on: dt.date | None = None,
    version: int | None = None,
) -> RectificationOrder:
    """Order the employer to put things right (责令改正) by a deadline."""
    _may(INSPECTION_LIFECYCLE, inspection, "order", version)
    issued_on = issued_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if issued_on > timezone.localdate():
        errors["issued_on"] = [_("作出日期不能晚于今天")]
    if not items.strip():
        errors["items"] = [_("请填写责令改正事项")]
    if deadline <= issued_on:
        errors["deadline"] = [_("整改期限须晚于作出日期")]
    if amount_owed is not None and amount_owed <= 0:
        errors["amount_owed"] = [_("应付金额须大于0")]
    if errors:
        raise ValidationError(errors)
    fields = {
        "inspection": inspection,
        "issued_on": issued_on,
        "deadline": deadline,
        "items": items.strip(),
        "legal_basis": legal_basis.strip(),
        "amount_owed": amount_owed,
        "issued_by": actor,
    }
    for attempt in range(3):
        try:
            # Two orders issued at the same moment may draw the same number: the unique
            # constraint refuses the second, which draws again.
            with transaction.atomic():
                order = RectificationOrder.objects.create(
                    doc_number=_order_number(issued_on), **fields
                )
            break
        except IntegrityError:
            if attempt == 2:
                raise ConflictError(_("文号分配冲突，请重试。")) from None
    _move(
        inspection,
        action="order",
        actor=actor,
        summary=phrase(
            N_("责令改正（%(doc)s），限%(day)s前改正，应付工资%(owed)s")
            if amount_owed
            else N_("责令改正（%(doc)s），限%(day)s前改正"),
            doc=order.doc_number,
            day=deadline,
            **({"owed": Amount(amount_owed)} if amount_owed else {}),
        ),
        event_note=items.strip(),
        order=order.pk,
    )
    return order


@guarded(P.INVESTIGATE, on="order")
@transaction.atomic
def rectification_order_follow_up(
    *,
    order: RectificationOrder,
    actor: User,
    complied: bool,
    note: str = "",
    at: dt.datetime | None = None,
    version: int | None = None,
) -> RectificationOrder:
    """Record the follow-up of an order: complied, or not complied once its deadline passed."""
    action = "comply" if complied else "not_comply"
    _may(ORDER_LIFECYCLE, order, action, version)
    at = _not_future(at, "at")
    if not complied and not note.strip():
        raise ValidationError({"note": [_("请填写未整改情况")]})
    if not complied and _local(at) <= order.deadline:
        raise ConflictError(_("整改期限尚未届满，不能认定逾期未整改。"))
    status = OrderStatus.COMPLIED if complied else OrderStatus.NOT_COMPLIED
    ORDER_LIFECYCLE.move(
        order,
        action=action,
        actor=actor,
        note=note,
        fields={"followed_up_at": at, "follow_up_note": note.strip()},
        data={
            "summary": phrase(
                N_("复查%(doc)s：%(status)s"), doc=order.doc_number, status=OrderStatus(status)
            ),
            "order": order.pk,
        },
    )
    return order


@system
def compensation_amount(*, owed: Decimal, percent: int) -> Decimal:
    return (owed * Decimal(percent) / Decimal(100)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@guarded(P.INVESTIGATE, on="order")
@transaction.atomic
def additional_compensation_order(
    *,
    order: RectificationOrder,
    actor: User,
    percent: int,
    at: dt.datetime | None = None,
    version: int | None = None,
) -> RectificationOrder:
    """Order the additional compensation of 50–100% of the wages owed (《劳动合同法》第八十五条)
    when they stay unpaid after the order's deadline."""
    _may(ORDER_LIFECYCLE, order, "compensate", version)
    at = _not_future(at, "at")
    if not COMPENSATION_MIN_PERCENT <= percent <= COMPENSATION_MAX_PERCENT:
        raise ValidationError(
            {
                "percent": [
                    _("加付赔偿金为应付金额的50%至100%（《劳动合同法》第八十五条）"),
                ]
            }
        )
    amount = compensation_amount(owed=order.amount_owed, percent=percent)
    ORDER_LIFECYCLE.move(
        order,
        action="compensate",
        actor=actor,
        fields={
            "compensation_percent": percent,
            "compensation_amount": amount,
            "compensation_ordered_at": at,
        },
        data={
            "summary": phrase(
                N_("责令加付赔偿金：应付%(owed)s的%(percent)s%%，计%(amount)s"),
                owed=Amount(order.amount_owed),
                percent=percent,
                amount=Amount(amount),
            ),
            "event_note": source_text(gettext_lazy("《劳动合同法》第八十五条")),
            "order": order.pk,
            "percent": percent,
        },
    )
    return order


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def penalty_decide(
    *,
    inspection: Inspection,
    actor: User,
    amount: Decimal,
    legal_basis: str,
    facts: str,
    decided_on: dt.date | None = None,
    version: int | None = None,
) -> PenaltyDecision:
    """Record an administrative penalty decision (行政处罚决定)."""
    _may(INSPECTION_LIFECYCLE, inspection, "penalty", version)
    decided_on = decided_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if amount is None or amount <= 0:
        errors["amount"] = [_("罚款金额须大于0")]
    if not legal_basis.strip():
        errors["legal_basis"] = [_("请填写法律依据")]
    if not facts.strip():
        errors["facts"] = [_("请填写违法事实")]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("决定日期不能晚于今天")]
    if errors:
        raise ValidationError(errors)
    penalty = PenaltyDecision.objects.create(
        inspection=inspection,
        decided_on=decided_on,
        amount=amount,
        legal_basis=legal_basis.strip(),
        facts=facts.strip(),
        decided_by=actor,
    )
    _move(
        inspection,
        action="penalty",
        actor=actor,
        summary=phrase(
            N_("行政处罚：罚款%(amount)s（%(basis)s）"),
            amount=Amount(amount),
            basis=legal_basis.strip(),
        ),
        event_note=facts.strip(),
        penalty=penalty.pk,
    )
    return penalty


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def wage_recovery_record(
    *,
    inspection: Inspection,
    actor: User,
    amount: Decimal,
    claimant: Claimant | None = None,
    workers: int = 1,
    recovered_on: dt.date | None = None,
    note: str = "",
    version: int | None = None,
) -> WageRecovery:
    """Record wages recovered, paid to one of the case's claimants or to unnamed workers."""
    _may(INSPECTION_LIFECYCLE, inspection, "recovery", version)
    recovered_on = recovered_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if amount is None or amount <= 0:
        errors["amount"] = [_("追发金额须大于0")]
    if claimant is not None and claimant.case_id != inspection.case_id:
        errors["claimant"] = [_("领取人须是本案申请人")]
    if claimant is not None and workers != 1:
        errors["workers"] = [_("按申请人登记时人数为1")]
    if workers < 1:
        errors["workers"] = [_("人数至少为1")]
    if claimant is None and not note.strip():
        errors["note"] = [_("未指明申请人的，请说明领取工人")]
    if recovered_on > timezone.localdate():
        errors["recovered_on"] = [_("追发日期不能晚于今天")]
    if errors:
        raise ValidationError(errors)
    recovery = WageRecovery.objects.create(
        inspection=inspection,
        claimant=claimant,
        workers=workers,
        amount=amount,
        recovered_on=recovered_on,
        note=note.strip(),
        recorded_by=actor,
    )
    whom = (
        claimant.shown_name if claimant else Plural(N_("%(n)s名工人"), N_("%(n)s名工人"), workers)
    )
    _move(
        inspection,
        action="recovery",
        actor=actor,
        summary=phrase(N_("追发工资%(amount)s：%(whom)s"), amount=Amount(amount), whom=whom),
        event_note=note.strip(),
        recovery=recovery.pk,
    )
    return recovery
