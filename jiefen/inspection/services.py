"""Every write of labor inspection: complaints, the decision to open, the investigation, its
orders, penalties and recovered wages. Each writes one timeline entry on the case (track
"inspection")."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.accounts.models import User
from jiefen.cases.choices import Category, EventKind, Track
from jiefen.cases.clockrules import PauseReason, rule_for
from jiefen.cases.clocks import (
    approver_may,
    clock_extend,
    clock_meet,
    clock_pause,
    clock_resume,
    clock_start,
)
from jiefen.cases.models import Case, CaseEvent, Claimant, Clock
from jiefen.cases.services import ClaimantInput, case_act, case_create, case_event_add
from jiefen.cases.tracks import case_track_open
from jiefen.cases.transitions import Implication
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import Lifecycle, MoveNotAllowed
from jiefen.core.policy import guarded, internal, system
from jiefen.core.senders import send_message
from jiefen.geo.models import Village
from jiefen.inspection import policies as P
from jiefen.inspection.choices import (
    COMPENSATION_MAX_PERCENT,
    COMPENSATION_MIN_PERCENT,
    EXTENSION_MAX_WORKDAYS,
    INVESTIGATE_60,
    LOOKBACK_YEARS,
    NOTICE_3,
    OPEN_5,
    TRACK,
    ComplaintKind,
    InspectionStatus,
    NoticeReason,
    OrderStatus,
    Source,
)
from jiefen.inspection.models import (
    ComplainantNotice,
    Inspection,
    PenaltyDecision,
    RectificationOrder,
    SiteInspection,
    WageRecovery,
)
from jiefen.inspection.selectors import inspection_track_state
from jiefen.inspection.transitions import (
    INSPECTION_LIFECYCLE,
    ORDER_LIFECYCLE,
    InspectionChangedMeanwhile,
    condition_check,
)
from jiefen.parties.models import Employer
from jiefen.parties.services import party_contact

# A paper record may be entered after the fact, never dated ahead; allow for a clock a little fast.
CLOCK_SKEW = dt.timedelta(minutes=2)
S = InspectionStatus
# The inspection's refusals are the kernel's: an action its state does not allow (409), a role
# that may not (403), a copy read before someone else changed it (409, naming who and what).
InspectionStateError = MoveNotAllowed


def _local(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _not_future(value: dt.datetime | None, field: str) -> dt.datetime:
    now = timezone.now()
    value = value or now
    if value > now + CLOCK_SKEW:
        raise ValidationError({field: [_("时间不能晚于现在")]})
    return value


def _event(inspection: Inspection, actor, summary: str, note: str = "", **data) -> CaseEvent:
    return case_event_add(
        case=inspection.case,
        actor=actor,
        kind=EventKind.TRACK,
        track=TRACK,
        summary=summary,
        note=note,
        data={"inspection": inspection.pk, **data},
    )


def _may(lifecycle: Lifecycle, obj, action: str, version: int | None = None) -> None:
    """Before any work of an action: the version the person saw (when they say), the state the
    table asks (the mover asks again, with a compare-and-swap), and the action's conditions."""
    if version is not None and version != obj.version:
        if lifecycle is INSPECTION_LIFECYCLE:
            raise InspectionChangedMeanwhile(obj.pk)
        raise InspectionChangedMeanwhile(obj.inspection_id)
    state = lifecycle.state_of(obj)
    if not lifecycle.allows_from(action, state):
        refused = MoveNotAllowed(
            subject=lifecycle.subject,
            state_label=lifecycle.state_label(state),
            transition=lifecycle.transition(action),
        )
        # The API's contract names the state by its value (docs/integrations/110.md).
        refused.extra = {"action": action, "status": state}
        raise refused
    condition_check(lifecycle, action, obj)


def _move(
    inspection: Inspection,
    *,
    action: str,
    actor,
    summary: str,
    note: str = "",
    event_note: str | None = None,
    fields: dict | None = None,
    **data,
) -> None:
    """One move of the inspection's table (compare-and-swap on state and version), with its one
    timeline entry."""
    payload = {"summary": summary, **data}
    if event_note is not None:
        payload["event_note"] = event_note
    INSPECTION_LIFECYCLE.move(
        inspection, action=action, actor=actor, note=note, fields=fields, data=payload
    )


@system
def lookback_limit_passed(*, ended_on: dt.date, received_on: dt.date) -> bool:
    """True when the violation ended more than 2 years before the complaint (条例第二十条)."""
    try:
        limit = ended_on.replace(year=ended_on.year + LOOKBACK_YEARS)
    except ValueError:  # 29 February: the period ends on 28 February two years on
        limit = ended_on.replace(year=ended_on.year + LOOKBACK_YEARS, day=28)
    return received_on > limit


def _open_clock(inspection: Inspection, actor) -> Clock:
    # Its period and article: the catalogue (jiefen/cases/clockrules.py).
    return clock_start(
        case=inspection.case, kind=OPEN_5, started_at=inspection.received_at, actor=actor
    )


@transaction.atomic
def _inspection_create(
    *,
    case: Case,
    actor: User,
    kind: str,
    source: str,
    anonymous: bool,
    allegation: str,
    received_at: dt.datetime,
    violation_ended_on: dt.date | None,
) -> Inspection:
    warning = ""
    if violation_ended_on and lookback_limit_passed(
        ended_on=violation_ended_on, received_on=_local(received_at)
    ):
        # A warning, not a refusal: whether the violation went on is for the inspector to judge.
        warning = _(
            "违法行为于%(day)s终了，距收到投诉举报已超过2年：依《劳动保障监察条例》第二十条不再查处，"
            "请核实是否存在连续或继续状态。"
        ) % {"day": violation_ended_on.isoformat()}
    inspector = (
        case.assignments.filter(active=True, duty="inspector").select_related("user").first()
    )
    inspection = Inspection.objects.create(
        case=case,
        kind=kind,
        source=source,
        anonymous=anonymous,
        allegation=allegation.strip(),
        received_at=received_at,
        violation_ended_on=violation_ended_on,
        lookback_warning=warning[:200],
        inspector=inspector.user if inspector else (actor if P.INVESTIGATE.holds(actor) else None),
    )
    who = _("匿名") if anonymous else ""
    _event(
        inspection,
        actor,
        f"收到{who}{ComplaintKind(kind).label}（{Source(source).label}）",
        note=allegation.strip(),
        kind=kind,
        anonymous=anonymous,
    )
    if warning:
        _event(inspection, actor, _("两年查处时效提示"), note=warning, warning="lookback")
    _open_clock(inspection, actor)
    return inspection


def _validate_complaint(kind: str, allegation: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in ComplaintKind.values:
        errors["kind"] = [_("未知类型")]
    if not allegation.strip():
        errors["allegation"] = [_("请填写投诉举报事项")]
    return errors


@guarded(P.RECEIVE, on="case")
@transaction.atomic
def complaint_receive_from_case(
    *,
    case: Case,
    actor: User,
    kind: str = ComplaintKind.COMPLAINT,
    allegation: str = "",
    received_at: dt.datetime | None = None,
    violation_ended_on: dt.date | None = None,
) -> Inspection:
    """Take a case that triage put on the inspection track as a complaint (named by its claimants)."""
    received_at = _not_future(received_at, "received_at")
    errors = _validate_complaint(kind, allegation or case.summary)
    if errors:
        raise ValidationError(errors)
    if Track.INSPECTION not in (case.tracks or []):
        raise ConflictError(_("该案件未分流至劳动监察途径。"))
    if Inspection.objects.filter(case=case).exists():
        raise ConflictError(_("该案件已有劳动监察记录。"))
    # The track contract: the case must be active, and is put in hand once.
    case = case_track_open(case=case, track=Track.INSPECTION, actor=actor, why=_("转入劳动监察"))
    return _inspection_create(
        case=case,
        actor=actor,
        kind=kind,
        source=Source.CASE,
        anonymous=False,
        allegation=allegation or case.summary,
        received_at=received_at,
        violation_ended_on=violation_ended_on,
    )


@guarded(P.RECEIVE, on="village")
@transaction.atomic
def complaint_receive_direct(
    *,
    actor: User,
    kind: str,
    village: Village,
    employer: Employer,
    allegation: str,
    channel: str = "walk_in",
    category: str = Category.WAGE_ARREARS,
    complainants: list[ClaimantInput] | None = None,
    anonymous: bool = False,
    claims: list[tuple[str, Decimal | None]] | None = None,
    received_at: dt.datetime | None = None,
    violation_ended_on: dt.date | None = None,
) -> Inspection:
    """A complaint or report made straight to the inspection squad: it gets its own case (number,
    timeline) through case_create; an anonymous report names no worker."""
    received_at = _not_future(received_at, "received_at")
    errors = _validate_complaint(kind, allegation)
    complainants = complainants or []
    if anonymous and complainants:
        errors["complainants"] = [_("匿名举报不登记举报人身份")]
    if not anonymous and not complainants:
        errors["complainants"] = [_("具名投诉须登记至少一名投诉人")]
    if anonymous and kind == ComplaintKind.COMPLAINT:
        # 投诉 is by the worker whose rights were infringed; a person who stays unnamed reports.
        errors["kind"] = [_("匿名的只能作为举报受理")]
    if errors:
        raise ValidationError(errors)
    case = case_create(
        actor=actor,
        channel=channel,
        category=category,
        summary=allegation,
        village=village,
        received_at=received_at,
        claimants=complainants,
        claims=claims,
        employer=employer,
        anonymous=anonymous,
    )
    return _inspection_create(
        case=case,
        actor=actor,
        kind=kind,
        source=Source.DIRECT,
        anonymous=anonymous,
        allegation=allegation,
        received_at=received_at,
        violation_ended_on=violation_ended_on,
    )


def _clock(inspection: Inspection, kind: str) -> Clock | None:
    return Clock.objects.filter(case_id=inspection.case_id, kind=kind).first()


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def inspection_open(
    *,
    inspection: Inspection,
    actor: User,
    opened_at: dt.datetime | None = None,
    note: str = "",
    version: int | None = None,
) -> Inspection:
    """Open the inspection case (立案) and start the 60-working-day investigation clock.

    The law sets a duty to decide within 5 working days, not a bar to opening later: a late
    opening is allowed and recorded as overdue (opened_late, and the clock met after its due)."""
    opened_at = _not_future(opened_at, "opened_at")
    if opened_at < inspection.received_at:
        raise ValidationError({"opened_at": [_("立案时间不能早于收到投诉举报的时间")]})
    _may(INSPECTION_LIFECYCLE, inspection, "open", version)
    open_clock = _clock(inspection, OPEN_5)
    late = bool(open_clock and opened_at > open_clock.due_at)
    _move(
        inspection,
        action="open",
        actor=actor,
        note=note,
        summary=_("立案调查") + (_("（超过5个工作日，逾期立案）") if late else ""),
        late=late,
        fields={
            "opened_at": opened_at,
            "opened_late": late,
            "inspector": inspection.inspector or actor,
        },
    )
    clock_meet(case=inspection.case, kinds=[OPEN_5], at=opened_at)
    clock_start(case=inspection.case, kind=INVESTIGATE_60, started_at=opened_at, actor=actor)
    return inspection


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def inspection_decline(
    *,
    inspection: Inspection,
    actor: User,
    reason: str,
    at: dt.datetime | None = None,
    version: int | None = None,
) -> Inspection:
    """Decide not to open (不予立案), with the reasons."""
    at = _not_future(at, "at")
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写不予立案理由")]})
    _may(INSPECTION_LIFECYCLE, inspection, "decline", version)
    _move(
        inspection,
        action="decline",
        actor=actor,
        note=reason,
        summary=_("不予立案"),
        fields={"not_opened_reason": reason.strip(), "concluded_at": at},
    )
    clock_meet(case=inspection.case, kinds=[OPEN_5], at=at)
    outcome_record(inspection=inspection, actor=actor)
    return inspection


def _complainant(inspection: Inspection) -> Claimant | None:
    if inspection.anonymous:
        return None
    return inspection.case.claimants.select_related("worker").first()


def _notice_owe(
    *, inspection: Inspection, actor: User, reason: str, at: dt.datetime
) -> ComplainantNotice | None:
    """Start the 3-working-day clock of a written notice to the complainant (none for anonymous)."""
    if _complainant(inspection) is None:
        _event(inspection, actor, _("匿名举报，无投诉人可书面告知"), reason=reason)
        return None
    seq = inspection.notices.count() + 1
    clock = clock_start(
        case=inspection.case,
        kind=NOTICE_3,
        seq=seq,
        label=f"书面告知投诉人（{NoticeReason(reason).label}）",
        started_at=at,
        actor=actor,
    )
    return ComplainantNotice.objects.create(inspection=inspection, reason=reason, clock=clock)


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def inspection_extend(
    *,
    inspection: Inspection,
    actor: User,
    approved_by: User,
    reason: str,
    workdays: int = EXTENSION_MAX_WORKDAYS,
    at: dt.datetime | None = None,
    version: int | None = None,
) -> Inspection:
    """Extend the investigation once, by at most 30 working days, with the approval the clock
    catalogue asks for (条例第十七条: the labor administration's head; see `approver_may`)."""
    at = _not_future(at, "at")
    errors: dict[str, list[str]] = {}
    if not 1 <= workdays <= EXTENSION_MAX_WORKDAYS:
        errors["workdays"] = [
            _("延长期限为1至%(max)s个工作日（《劳动保障监察条例》第十七条）")
            % {"max": EXTENSION_MAX_WORKDAYS}
        ]
    if not approver_may(approved_by, rule_for(INVESTIGATE_60).approver):
        errors["approved_by"] = [_("延长调查期限须经负责人批准")]
    if not reason.strip():
        errors["reason"] = [_("请填写延期理由")]
    if errors:
        raise ValidationError(errors)
    _may(INSPECTION_LIFECYCLE, inspection, "extend", version)
    clock = _clock(inspection, INVESTIGATE_60)
    if clock is None or not clock.is_open:
        raise ConflictError(_("调查期限已结束，不能延长。"))
    # Counted on from the current due day: the extension adds working days to the period.
    clock = clock_extend(
        clock=clock, length=workdays, actor=actor, approved_by=approved_by, reason=reason.strip()
    )
    _move(
        inspection,
        action="extend",
        actor=actor,
        note=reason,
        summary=f"延长调查期限{workdays}个工作日，至{timezone.localtime(clock.due_at):%Y-%m-%d}",
        event_note=f"{reason.strip()}（批准人：{approved_by.display_name}）",
        workdays=workdays,
        approved_by=approved_by.pk,
        fields={
            "extended_workdays": workdays,
            "extension_reason": reason.strip(),
            "extension_approved_by": approved_by,
        },
    )
    _notice_owe(inspection=inspection, actor=actor, reason=NoticeReason.EXTENDED, at=at)
    return inspection


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def inspection_suspend(
    *,
    inspection: Inspection,
    actor: User,
    reason: str,
    at: dt.datetime | None = None,
    version: int | None = None,
) -> Inspection:
    """Suspend the investigation (中止): its 60-day clock stands still."""
    at = _not_future(at, "at")
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写中止理由")]})
    _may(INSPECTION_LIFECYCLE, inspection, "suspend", version)
    _move(inspection, action="suspend", actor=actor, note=reason, summary=_("中止调查"))
    clock = _clock(inspection, INVESTIGATE_60)
    if clock is not None:
        clock_pause(
            clock=clock,
            at=at,
            actor=actor,
            reason=PauseReason.INSPECTION_SUSPENSION,
            note=reason.strip(),
        )
    _notice_owe(inspection=inspection, actor=actor, reason=NoticeReason.SUSPENDED, at=at)
    return inspection


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def inspection_resume(
    *,
    inspection: Inspection,
    actor: User,
    note: str = "",
    at: dt.datetime | None = None,
    version: int | None = None,
) -> Inspection:
    """Resume a suspended investigation; the working days it stood still are added to its due."""
    at = _not_future(at, "at")
    _may(INSPECTION_LIFECYCLE, inspection, "resume", version)
    clock = _clock(inspection, INVESTIGATE_60)
    summary = _("恢复调查")
    if clock is not None and clock.paused_at is not None:
        # The period counts working days: so does the time it stood still.
        before = clock.days_paused
        clock = clock_resume(clock=clock, at=at, actor=actor, note=note)
        stood = clock.days_paused - before
        summary = _("恢复调查，调查期限顺延%(n)s个工作日至%(day)s") % {
            "n": stood,
            "day": f"{timezone.localtime(clock.due_at):%Y-%m-%d}",
        }
    _move(inspection, action="resume", actor=actor, note=note, summary=summary)
    return inspection


@guarded(P.INVESTIGATE, on="notice")
@transaction.atomic
def complainant_notice_send(
    *, notice: ComplainantNotice, actor: User, text: str, at: dt.datetime | None = None
) -> ComplainantNotice:
    """Record the written notice as given and send its text by SMS to the complainant."""
    at = _not_future(at, "at")
    if not text.strip():
        raise ValidationError({"text": [_("请填写告知内容")]})
    if notice.sent_at is not None:
        raise ConflictError(_("该告知已送达，不能重复发送。"))
    inspection = notice.inspection
    claimant = _complainant(inspection)
    phone_masked = ""
    phone = ""
    if claimant and claimant.worker.phone_masked:
        phone = party_contact(
            party=claimant.worker, actor=actor, reason=_("向投诉人发送监察书面告知")
        )
        phone_masked = claimant.worker.phone_masked
    moved = ComplainantNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(
        sent_at=at, text=text.strip(), sms_to=phone_masked, sent_by=actor
    )
    if moved != 1:
        raise ConflictError(_("该告知已送达，不能重复发送。"))
    notice.refresh_from_db()
    clock_meet(case=inspection.case, kinds=[NOTICE_3], seq=notice.clock.seq, at=at)
    late = at > notice.due_at
    _event(
        inspection,
        actor,
        f"书面告知投诉人：{notice.get_reason_display()}"
        + (f"（短信 {phone_masked}）" if phone_masked else "")
        + (_("（逾期）") if late else ""),
        note=text.strip(),
    )
    if phone:
        body = f"【解纷】案件{inspection.case.number}：{text.strip()}"
        transaction.on_commit(
            lambda: send_message(channel="sms", to=phone, subject="劳动监察告知", body=body)
        )
    return notice


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
    _may(INSPECTION_LIFECYCLE, inspection, "site", version)
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
        summary=f"现场检查：{place.strip()}（{'、'.join(u.display_name for u in inspectors)}）",
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
    _may(INSPECTION_LIFECYCLE, inspection, "order", version)
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
        summary=f"责令改正（{order.doc_number}），限{deadline:%Y-%m-%d}前改正"
        + (f"，应付工资{amount_owed}元" if amount_owed else ""),
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
    at = _not_future(at, "at")
    if not complied and not note.strip():
        raise ValidationError({"note": [_("请填写未整改情况")]})
    action = "comply" if complied else "not_comply"
    _may(ORDER_LIFECYCLE, order, action, version)
    if not complied and _local(at) <= order.deadline:
        raise ConflictError(_("整改期限尚未届满，不能认定逾期未整改。"))
    status = OrderStatus.COMPLIED if complied else OrderStatus.NOT_COMPLIED
    ORDER_LIFECYCLE.move(
        order,
        action=action,
        actor=actor,
        note=note,
        fields={"followed_up_at": at, "follow_up_note": note.strip()},
        data={"summary": f"复查{order.doc_number}：{OrderStatus(status).label}", "order": order.pk},
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
    at = _not_future(at, "at")
    if not COMPENSATION_MIN_PERCENT <= percent <= COMPENSATION_MAX_PERCENT:
        raise ValidationError(
            {
                "percent": [
                    _("加付赔偿金为应付金额的50%至100%（《劳动合同法》第八十五条）"),
                ]
            }
        )
    _may(ORDER_LIFECYCLE, order, "compensate", version)
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
            "summary": f"责令加付赔偿金：应付{order.amount_owed}元的{percent}%，计{amount}元",
            "event_note": "《劳动合同法》第八十五条",
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
    _may(INSPECTION_LIFECYCLE, inspection, "penalty", version)
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
        summary=f"行政处罚：罚款{amount}元（{legal_basis.strip()}）",
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
    _may(INSPECTION_LIFECYCLE, inspection, "recovery", version)
    recovery = WageRecovery.objects.create(
        inspection=inspection,
        claimant=claimant,
        workers=workers,
        amount=amount,
        recovered_on=recovered_on,
        note=note.strip(),
        recorded_by=actor,
    )
    whom = claimant.worker.name if claimant else f"{workers}名工人"
    _move(
        inspection,
        action="recovery",
        actor=actor,
        summary=f"追发工资{amount}元：{whom}",
        event_note=note.strip(),
        recovery=recovery.pk,
    )
    return recovery


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def inspection_conclude(
    *,
    inspection: Inspection,
    actor: User,
    conclusion: str,
    at: dt.datetime | None = None,
    version: int | None = None,
) -> Inspection:
    """Close the investigation (结案) with its result; open orders must be followed up first."""
    at = _not_future(at, "at")
    if not conclusion.strip():
        raise ValidationError({"conclusion": [_("请填写处理结果")]})
    _may(INSPECTION_LIFECYCLE, inspection, "conclude", version)
    if inspection.rectification_orders.filter(status=OrderStatus.OPEN).exists():
        raise ConflictError(_("尚有责令改正未复查，不能结案。"))
    if inspection.notices.filter(sent_at__isnull=True).exists():
        raise ConflictError(_("尚有应书面告知投诉人的事项未告知，不能结案。"))
    total = sum((r.amount for r in inspection.wage_recoveries.all()), Decimal(0))
    _move(
        inspection,
        action="conclude",
        actor=actor,
        note=conclusion,
        summary=f"监察结案，追发工资合计{total}元",
        fields={"concluded_at": at, "conclusion": conclusion.strip()},
    )
    clock_meet(case=inspection.case, kinds=[INVESTIGATE_60], at=at)
    outcome_record(inspection=inspection, actor=actor)
    return inspection


@system
def inspection_outcome_implies(inspection: Inspection) -> Implication:
    """Wages recovered or the order complied with: the dispute can be resolved. Not opened, or
    an order ignored with nothing recovered: unresolved here (the worker may go to arbitration).
    Still under investigation: nothing follows yet."""
    return _implication(inspection_track_state(case=inspection.case))


def _implication(state) -> Implication:
    if state is None or not state.concluded:
        return Implication("", _("监察进行中。"))
    if state.resolved:
        return Implication("resolve", _("%(why)s：案件可以按“已化解”办结。") % {"why": state.why})
    return Implication(
        "mark_unresolved",
        _("%(why)s：案件在本中心未化解，申请人可申请劳动仲裁。") % {"why": state.why},
    )


@internal
def outcome_record(*, inspection: Inspection, actor) -> Implication:
    implication = inspection_outcome_implies(inspection)
    fields = implication.event_fields()
    _event(inspection, actor, fields["summary"], **fields["data"])
    return implication


@system
def inspection_case_action(*, inspection: Inspection, user) -> str:
    """The case action the inspection's result offers this person now, or "" (the case
    lifecycle's table and policies decide, asked through the kernel)."""
    from jiefen.cases.transitions import CASE_LIFECYCLE

    if not P.INVESTIGATE.allows(user, inspection):
        return ""
    action = inspection_outcome_implies(inspection).offer_action
    if action and action in CASE_LIFECYCLE.available_actions(inspection.case, user):
        return action
    return ""


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def inspection_conclude_case(*, inspection: Inspection, actor: User, note: str = "") -> Case:
    """Take the case action the inspection's result offers (resolve, or mark unresolved), with
    the wages it recovered."""
    case = Case.objects.get(pk=inspection.case_id)
    state = inspection_track_state(case=case)
    implication = _implication(state)
    if not implication.offer_action:
        raise ConflictError(_("监察尚未结案，不能据此办结案件。"))
    return case_act(
        case=case,
        action=implication.offer_action,
        actor=actor,
        note=note.strip() or implication.summary,
        amount_recovered=state.recovered if implication.offer_action == "resolve" else None,
    )
