"""Every write of the arbitration track, with the statute behind each period.

Periods count calendar days from the day after the event, a last day on a holiday rolling to the
next working day (WorkdayCalendar.calendar_days_add)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.accounts.notifications import notify
from jiefen.arbitration import policies as P
from jiefen.arbitration.choices import (
    ACCEPTANCE_5,
    AWARD_45,
    AWARD_CLOCKS,
    COMPOSITION_5,
    DEFENCE_10,
    DEFENCE_COPY_5,
    MAX_EXTENSION_DAYS,
    ONE_MONTH,
    OPEN_STATUSES,
    SERVICE_5,
    SIMPLIFIED_30,
    SUSPENSION_GROUNDS,
    TRACK,
    ApplicationStatus,
    AwardItemKind,
    HearingStatus,
    MemberRole,
    Procedure,
    RecusalDecision,
    ServedDocument,
    ServiceMode,
    Side,
    SimplifiedBasis,
    Source,
)
from jiefen.arbitration.models import (
    Application,
    AverageWage,
    AwardItem,
    Hearing,
    HearingRoom,
    HearingSeat,
    MinimumWage,
    Recusal,
    Service,
    TribunalMember,
)
from jiefen.arbitration.rules import (  # noqa: F401 - read by the pages, the panel and the API
    NoticeCheck,
    PartyDeadline,
    _notice_check,
    arbitration_outcome_implies,
    average_wage_on,
    earliest_hearing_day,
    final_award_rule,
    hearing_notice_checks,
    limitation_last_day,
    limitation_warning,
    local_date,
    minimum_wage_on,
    party_deadlines,
    postponement_last_day,
    simplified_eligible,
)
from jiefen.arbitration.transitions import (
    APPLICATION_LIFECYCLE,
    HEARING_LIFECYCLE,
    RECUSAL_LIFECYCLE,
    step_allowed,
)
from jiefen.cases.choices import EventKind
from jiefen.cases.clockrules import Approver, PauseReason, RestartReason
from jiefen.cases.clocks import (
    approver_may,
    clock_cancel,
    clock_extend,
    clock_meet,
    clock_pause,
    clock_restart,
    clock_resume,
    clock_start,
)
from jiefen.cases.models import Case, Clock
from jiefen.cases.services import case_act, case_event_add
from jiefen.cases.tracks import case_put_in_hand, case_track_open
from jiefen.cases.transitions import Implication
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import ChangedMeanwhile
from jiefen.core.policy import guarded, internal, system

# An application moved by someone else meanwhile (the kernel's refusal, 409).
ApplicationChanged = ChangedMeanwhile


def _event(application: Application, *, actor, summary: str, note: str = "", data=None) -> None:
    case_event_add(
        case=application.case,
        actor=actor,
        kind=EventKind.TRACK,
        track=TRACK,
        summary=summary,
        note=note,
        data={"application": application.pk, **(data or {})},
    )


def _move(
    application: Application,
    *,
    action: str,
    actor,
    summary: str,
    note: str = "",
    data=None,
    at: dt.datetime | None = None,
    **fields,
) -> None:
    """One move of the application's lifecycle: the table, the policy, compare-and-swap on state
    and version (a double submit or a colleague finds it moved) and its one timeline entry."""
    APPLICATION_LIFECYCLE.move(
        application,
        action=action,
        actor=actor,
        note=note,
        fields=fields,
        data={"summary": summary, **(data or {})},
        at=at,
    )


def _require_step(application: Application, step: str) -> None:
    if not step_allowed(step, application):
        raise ConflictError(
            _("仲裁案件当前状态为“%(status)s”，不能进行此操作。")
            % {"status": application.get_status_display()}
        )


def _clock(application: Application, kind: str) -> Clock | None:
    return Clock.objects.filter(case_id=application.case_id, kind=kind).first()


def _start(application, *, kind, start: dt.datetime, actor) -> Clock:
    """Start one of the track's clocks; its period and article are the catalogue's."""
    return clock_start(case=application.case, kind=kind, started_at=start, actor=actor)


# ---------------------------------------------------------------- limitation, wage tables


@system
def wage_tables_ensure() -> None:
    """The seeded wage rows, for a database that lost them (a flushed test database)."""
    from jiefen.arbitration.wages import AVERAGE_WAGES, MINIMUM_WAGES

    for row in AVERAGE_WAGES:
        AverageWage.objects.get_or_create(
            province=row["province"], effective_from=row["effective_from"], defaults=row
        )
    for row in MINIMUM_WAGES:
        MinimumWage.objects.get_or_create(
            region=row["region"], effective_from=row["effective_from"], defaults=row
        )


@system
def rooms_ensure() -> list[HearingRoom]:
    """The district's tribunal room and one 仲裁派出庭 room per street."""
    from jiefen.geo.models import Street

    rooms = [
        HearingRoom.objects.get_or_create(
            name="西湖区劳动人事争议仲裁院第一仲裁庭",
            defaults={"address": "西湖区矛盾纠纷综合调处中心三楼"},
        )[0]
    ]
    for street in Street.objects.order_by("code"):
        rooms.append(
            HearingRoom.objects.get_or_create(
                name=f"{street.name}仲裁派出庭",
                defaults={"street": street, "address": f"{street.name}矛盾纠纷调处中心"},
            )[0]
        )
    return rooms


# ---------------------------------------------------------------- application and acceptance


@guarded(P.FILE, on="case")
@transaction.atomic
def application_file(
    *,
    case: Case,
    actor: User,
    source: str = Source.DIRECT,
    received_at: dt.datetime | None = None,
    knew_infringement_on: dt.date | None = None,
) -> Application:
    """An application for arbitration on the case (filed directly or handed over from mediation),
    opened on the track contract: the case must be active, and is put in hand.

    The parties and claims stay on the case: the application refers to them, never copies them."""
    if source not in Source.values:
        raise ValidationError({"source": [_("未知来源")]})
    case = case_track_open(case=case, track=TRACK, actor=actor, why=str(Source(source).label))
    if Application.objects.filter(case=case, status__in=OPEN_STATUSES).exists():
        raise ConflictError(_("该案件已有进行中的仲裁申请。"))
    received_at = received_at or timezone.now()
    warning = limitation_warning(knew_on=knew_infringement_on, received_on=local_date(received_at))
    application = Application.objects.create(
        case=case,
        source=source,
        received_at=received_at,
        knew_infringement_on=knew_infringement_on,
        limitation_warning=warning,
    )
    _event(application, actor=actor, summary=f"收到仲裁申请（{Source(source).label}）")
    if warning:
        _event(application, actor=actor, summary=_("时效提示：可能超过一年仲裁时效"), note=warning)
    _start(application, kind=ACCEPTANCE_5, start=received_at, actor=actor)
    return application


@guarded(P.FILE, on="case")
def application_receive_hand_over(
    *,
    case: Case,
    actor: User,
    reason: str,
    from_track: str,
    knew_infringement_on: dt.date | None = None,
) -> Application:
    """The track contract's receiver: a case handed over from another track (failed mediation)
    arrives as an application transferred in."""
    return application_file(
        case=case,
        actor=actor,
        source=Source.TRANSFER,
        knew_infringement_on=knew_infringement_on,
    )


@guarded(P.PROCEED, on="application")
@transaction.atomic
def application_completion_notice(
    *, application: Application, actor: User, missing: str
) -> Application:
    """Tell the applicant, once and completely, what is missing; the acceptance clock stops."""
    if not missing.strip():
        raise ValidationError({"missing": [_("请列明需要补正的全部材料")]})
    if application.completion_notice_at is not None:
        raise ConflictError(_("补正通知应一次性告知，已发出过补正通知。"))
    now = timezone.now()
    _move(
        application,
        action="completion_notice",
        actor=actor,
        summary=_("一次性告知补正材料"),
        note=missing.strip(),
        completion_missing=missing.strip(),
        completion_notice_at=now,
    )
    clock = _clock(application, ACCEPTANCE_5)
    if clock:
        clock_pause(clock=clock, at=now, actor=actor, reason=PauseReason.COMPLETION)
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def application_complete(
    *, application: Application, actor: User, completed_at: dt.datetime | None = None
) -> Application:
    """The missing papers arrived: five days to decide on acceptance run again from that day."""
    completed_at = completed_at or timezone.now()
    _move(
        application,
        action="complete",
        actor=actor,
        summary=_("补正材料已收齐"),
        completed_at=completed_at,
    )
    clock = _clock(application, ACCEPTANCE_5)
    if clock:
        clock_restart(clock=clock, at=completed_at, reason=RestartReason.COMPLETED, actor=actor)
    return application


# The statutory periods that start with acceptance (their rules: jiefen/cases/clockrules.py).
ACCEPTANCE_CLOCKS = (SERVICE_5, COMPOSITION_5, AWARD_45, ONE_MONTH)


@guarded(P.PROCEED, on="application")
@transaction.atomic
def application_accept(
    *, application: Application, actor: User, accepted_at: dt.datetime | None = None
) -> Application:
    """Accept the application: service, composition and award clocks start."""
    accepted_at = accepted_at or timezone.now()
    _move(
        application,
        action="accept",
        actor=actor,
        summary=_("仲裁申请已受理"),
        accepted_at=accepted_at,
    )
    clock_meet(case=application.case, kinds=[ACCEPTANCE_5], at=accepted_at)
    for kind in ACCEPTANCE_CLOCKS:
        _start(application, kind=kind, start=accepted_at, actor=actor)
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def application_decline(*, application: Application, actor: User, reason: str) -> Application:
    """Decline, with the written notice and its reasons (《劳动争议调解仲裁法》第二十九条)."""
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写不予受理的理由")]})
    now = timezone.now()
    _move(
        application,
        action="decline",
        actor=actor,
        summary=_("不予受理，已出具书面通知"),
        note=reason.strip(),
        declined_at=now,
        decline_reason=reason.strip(),
        concluded_at=now,
    )
    clock_meet(case=application.case, track=TRACK, at=now)
    outcome_record(application=application, actor=actor)
    return application


# ---------------------------------------------------------------- service of papers


@guarded(P.PROCEED, on="application")
@transaction.atomic
def service_record(
    *,
    application: Application,
    actor: User,
    document: str,
    side: str,
    mode: str,
    served_at: dt.datetime,
    proof: str,
    notice_ends_on: dt.date | None = None,
    hearing: Hearing | None = None,
) -> Service:
    """Record one paper served on one side, with its mode and proof; the clocks it ends or starts.

    A hearing notice is served for one hearing (the next one scheduled when none is named), and
    the five-day rule (《劳动争议调解仲裁法》第三十五条) is checked against the day of service."""
    errors = {}
    if document not in ServedDocument.values:
        errors["document"] = [_("未知文书")]
    if side not in Side.values:
        errors["side"] = [_("未知受送达人")]
    if mode not in ServiceMode.values:
        errors["mode"] = [_("未知送达方式")]
    if not proof.strip():
        errors["proof"] = [_("请填写送达凭证（回证编号、邮件单号、电子送达记录或公告刊登处）")]
    if mode == ServiceMode.PUBLIC_NOTICE and notice_ends_on is None:
        errors["notice_ends_on"] = [_("公告送达须填写公告期满日")]
    if document == ServedDocument.HEARING_NOTICE:
        hearing = hearing or (
            application.hearings.filter(status=HearingStatus.SCHEDULED)
            .order_by("starts_at")
            .first()
        )
        if hearing is None or hearing.application_id != application.pk:
            errors["hearing"] = [_("请先排期开庭，再送达开庭通知书")]
    else:
        hearing = None
    if errors:
        raise ValidationError(errors)
    _require_step(application, "serve")
    if application.status in (ApplicationStatus.DECLINED,) and document != "decline_notice":
        raise ConflictError(_("不予受理的申请只能送达不予受理通知书。"))
    service = Service.objects.create(
        application=application,
        document=document,
        side=side,
        mode=mode,
        served_at=served_at,
        proof=proof.strip(),
        notice_ends_on=notice_ends_on,
        hearing=hearing,
        recorded_by=actor,
    )
    _event(
        application,
        actor=actor,
        summary=f"送达：{ServedDocument(document).label} → {Side(side).label}（{ServiceMode(mode).label}）",
        note=proof.strip(),
        data={"service": service.pk},
    )
    case = application.case
    if hearing is not None:
        check = _notice_check(service, hearing)
        if not check.in_time:
            _event(
                application,
                actor=actor,
                summary=f"开庭通知送达不足五日：{Side(side).label}{check.served_on}送达，"
                f"{timezone.localtime(hearing.starts_at):%Y-%m-%d}开庭",
                note=_(
                    "《劳动争议调解仲裁法》第三十五条：开庭五日前书面通知当事人；"
                    "最早可于%(day)s开庭，请改期开庭并重新送达。"
                )
                % {"day": check.earliest.isoformat()},
            )
    if document == ServedDocument.APPLICATION_COPY and side == Side.RESPONDENT:
        clock_meet(case=case, kinds=[SERVICE_5], at=served_at)
        # 第三十条: the defence is due ten days after the respondent receives the copy; served by
        # public notice, the copy counts as received when the notice period ends.
        effective = (
            timezone.make_aware(dt.datetime.combine(notice_ends_on, dt.time(9)))
            if notice_ends_on
            else served_at
        )
        _start(application, kind=DEFENCE_10, start=effective, actor=actor)
    elif document == ServedDocument.DEFENCE_COPY and side == Side.APPLICANT:
        clock_meet(case=case, kinds=[DEFENCE_COPY_5], at=served_at)
    elif document == ServedDocument.COMPOSITION_NOTICE:
        clock_meet(case=case, kinds=[COMPOSITION_5], at=served_at)
        Application.objects.filter(pk=application.pk).update(composition_notified_at=served_at)
        application.composition_notified_at = served_at
    elif document == ServedDocument.AWARD:
        Application.objects.filter(pk=application.pk).update(award_served_on=local_date(served_at))
        application.award_served_on = local_date(served_at)
    if mode == ServiceMode.PUBLIC_NOTICE and application.status == ApplicationStatus.ACCEPTED:
        # The period of service by public notice does not count towards the award period.
        for kind in AWARD_CLOCKS:
            clock = _clock(application, kind)
            if clock:
                clock_pause(
                    clock=clock, at=served_at, actor=actor, reason=PauseReason.PUBLIC_NOTICE
                )
    return service


@guarded(P.PROCEED, on="service")
@transaction.atomic
def service_notice_end(*, service: Service, actor: User, at: dt.datetime | None = None) -> Service:
    """The public notice period ended: the award clocks run again."""
    if service.mode != ServiceMode.PUBLIC_NOTICE or service.notice_ended:
        raise ConflictError(_("没有进行中的公告送达。"))
    at = at or timezone.now()
    Service.objects.filter(pk=service.pk).update(notice_ended=True)
    service.notice_ended = True
    application = service.application
    if application.status == ApplicationStatus.ACCEPTED:
        for kind in AWARD_CLOCKS:
            clock = _clock(application, kind)
            if clock:
                clock_resume(clock=clock, at=at, actor=actor, note=_("公告期满"))
    _event(application, actor=actor, summary=_("公告送达期满"))
    return service


@guarded(P.PROCEED, on="application")
@transaction.atomic
def defence_receive(
    *, application: Application, actor: User, received_at: dt.datetime | None = None
) -> Application:
    """The respondent's defence arrived; its copy goes to the applicant within five days (第三十条)."""
    received_at = received_at or timezone.now()
    _move(
        application,
        action="defence",
        actor=actor,
        summary=_("收到被申请人答辩书"),
        defence_received_at=received_at,
    )
    clock_meet(case=application.case, kinds=[DEFENCE_10], at=received_at)
    _start(application, kind=DEFENCE_COPY_5, start=received_at, actor=actor)
    return application


# ---------------------------------------------------------------- tribunal


def _check_arbitrators(arbitrators: list[User], count: int) -> None:
    if len(arbitrators) != count or len({a.pk for a in arbitrators}) != count:
        raise ValidationError({"arbitrators": [_("请选择%(n)d名不同的仲裁员") % {"n": count}]})
    if any(not a.is_active or a.role != Role.ARBITRATOR for a in arbitrators):
        raise ValidationError({"arbitrators": [_("只能选择在岗的仲裁员")]})


def _seat(application: Application, arbitrators: list[User], procedure: str) -> None:
    roles = (
        [MemberRole.SOLE]
        if procedure == Procedure.SIMPLIFIED
        else [MemberRole.PRESIDING, MemberRole.MEMBER, MemberRole.MEMBER]
    )
    TribunalMember.objects.bulk_create(
        [
            TribunalMember(application=application, arbitrator=a, role=r)
            for a, r in zip(arbitrators, roles, strict=True)
        ]
    )


@guarded(P.PROCEED, on="application")
@transaction.atomic
def tribunal_compose(
    *,
    application: Application,
    actor: User,
    procedure: str,
    arbitrators: list[User],
    simplified_basis: str = "",
) -> Application:
    """Three arbitrators (the first presides), or a sole arbitrator under the simplified procedure
    (《劳动争议调解仲裁法》第三十一条)."""
    if application.composed_at is not None:
        raise ConflictError(_("仲裁庭已组成；如需变更请使用转普通程序或回避。"))
    if procedure not in Procedure.values:
        raise ValidationError({"procedure": [_("请选择程序")]})
    if procedure == Procedure.SIMPLIFIED:
        if simplified_basis not in SimplifiedBasis.values:
            raise ValidationError({"simplified_basis": [_("请选择适用简易程序的依据")]})
        ok, why = simplified_eligible(application, basis=simplified_basis)
        if not ok:
            raise ValidationError({"simplified_basis": [why]})
        _check_arbitrators(arbitrators, 1)
    else:
        simplified_basis = ""
        _check_arbitrators(arbitrators, 3)
    now = timezone.now()
    names = "、".join(a.display_name for a in arbitrators)
    _move(
        application,
        action="compose",
        actor=actor,
        summary=f"组成仲裁庭（{Procedure(procedure).label}）：{names}",
        procedure=procedure,
        simplified_basis=simplified_basis,
        composed_at=now,
    )
    _seat(application, arbitrators, procedure)
    if procedure == Procedure.SIMPLIFIED:
        # 条例第三十九条: thirty days, counted from acceptance.
        _start(application, kind=SIMPLIFIED_30, start=application.accepted_at, actor=actor)
    notify(
        users=arbitrators,
        message=f"您已被指定为案件 {application.case.number} 的仲裁员",
        link=application.get_absolute_url(),
    )
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def tribunal_convert_to_ordinary(
    *, application: Application, actor: User, arbitrators: list[User], reason: str
) -> Application:
    """A simplified case turns out complex: it goes on under the ordinary procedure."""
    if application.procedure != Procedure.SIMPLIFIED:
        raise ConflictError(_("只有简易程序的案件可以转为普通程序。"))
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写转为普通程序的理由")]})
    if application.hearings.filter(status=HearingStatus.SCHEDULED).exists():
        raise ConflictError(_("请先取消已排期的开庭，再转为普通程序并重新排期。"))
    _check_arbitrators(arbitrators, 3)
    _move(
        application,
        action="convert",
        actor=actor,
        summary="简易程序转为普通程序：" + "、".join(a.display_name for a in arbitrators),
        note=reason.strip(),
        procedure=Procedure.ORDINARY,
        simplified_basis="",
    )
    application.members.filter(active=True).update(active=False)
    _seat(application, arbitrators, Procedure.ORDINARY)
    clock = _clock(application, SIMPLIFIED_30)
    if clock is not None:
        # The ordinary period goes on from acceptance (the 45-day clock has run since then).
        clock_cancel(
            clock=clock,
            actor=actor,
            reason="转为普通程序，审理期限自受理之日起连续计算"
            "（《浙江省劳动人事争议调解仲裁条例》第三十九条）",
        )
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def recusal_request(
    *, application: Application, actor: User, arbitrator: User, requested_by: str, reason: str
) -> Recusal:
    """A party asks that an arbitrator step aside (《劳动争议调解仲裁法》第三十三条)."""
    _require_step(application, "recusal_request")
    if not application.members.filter(arbitrator=arbitrator, active=True).exists():
        raise ValidationError({"arbitrator": [_("该仲裁员不是本案仲裁庭成员")]})
    if requested_by not in Side.values:
        raise ValidationError({"requested_by": [_("请选择提出申请的一方")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写回避理由")]})
    recusal = Recusal.objects.create(
        application=application,
        arbitrator=arbitrator,
        requested_by=requested_by,
        reason=reason.strip(),
        requested_at=timezone.now(),
    )
    _event(
        application,
        actor=actor,
        summary=f"{Side(requested_by).label}申请仲裁员{arbitrator.display_name}回避",
        note=reason.strip(),
    )
    return recusal


@guarded(P.PROCEED, on="recusal")
@transaction.atomic
def recusal_decide(
    *,
    recusal: Recusal,
    actor: User,
    decision: str,
    note: str = "",
    replacement: User | None = None,
) -> Recusal:
    """Decide a recusal request; granted, the arbitrator leaves the tribunal (and hearings)."""
    action = {RecusalDecision.GRANTED: "grant", RecusalDecision.REFUSED: "refuse"}.get(decision)
    if action is None:
        raise ValidationError({"decision": [_("请选择决定回避或驳回申请")]})
    if not RECUSAL_LIFECYCLE.allows_from(action, recusal.decision):
        raise ConflictError(_("该回避申请已作出决定。"))
    try:
        RECUSAL_LIFECYCLE.move(
            recusal,
            action=action,
            actor=actor,
            note=note.strip(),
            fields={
                "decided_at": timezone.now(),
                "decided_by": actor,
                "decision_note": note.strip(),
            },
            data={
                "summary": f"回避决定：{recusal.arbitrator.display_name} {RecusalDecision(decision).label}"
                + (f"，由{replacement.display_name}接替" if replacement else ""),
                "application": recusal.application_id,
            },
        )
    except ChangedMeanwhile:
        raise ConflictError(_("该回避申请已作出决定。")) from None
    application = recusal.application
    if decision == RecusalDecision.GRANTED:
        member = application.members.get(arbitrator=recusal.arbitrator, active=True)
        member.active = False
        member.save(update_fields=["active"])
        HearingSeat.objects.filter(
            hearing__application=application, arbitrator=recusal.arbitrator, active=True
        ).update(active=False)
        if replacement is not None:
            _check_arbitrators([replacement], 1)
            TribunalMember.objects.create(
                application=application, arbitrator=replacement, role=member.role
            )
    return recusal


# ---------------------------------------------------------------- hearings


def _lock_and_check(*, room: HearingRoom, arbitrators: list[User], starts_at, ends_at) -> None:
    # Lock the room and the arbitrators (in id order, so two bookings never deadlock): a second
    # booking for any of them waits here until the first has committed, then sees it.
    list(HearingRoom.objects.select_for_update().filter(pk=room.pk).order_by().values("pk"))
    list(
        User.objects.select_for_update()
        .filter(pk__in=[a.pk for a in arbitrators])
        .order_by("pk")
        .values("pk")
    )
    clash = (
        Hearing.objects.filter(
            room=room, status=HearingStatus.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .select_related("application__case")
        .first()
    )
    if clash:
        raise ConflictError(
            _("%(room)s在%(start)s已安排案件%(case)s开庭，时间冲突。")
            % {
                "room": room.name,
                "start": f"{timezone.localtime(clash.starts_at):%m-%d %H:%M}",
                "case": clash.application.case.number,
            },
            extra={"field": "room"},
        )
    seat = (
        HearingSeat.objects.filter(
            arbitrator__in=arbitrators, active=True, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .select_related("arbitrator", "hearing__application__case")
        .first()
    )
    if seat:
        raise ConflictError(
            _("仲裁员%(name)s在%(start)s已有案件%(case)s开庭，时间冲突。")
            % {
                "name": seat.arbitrator.display_name,
                "start": f"{timezone.localtime(seat.starts_at):%m-%d %H:%M}",
                "case": seat.hearing.application.case.number,
            },
            extra={"field": "arbitrators"},
        )


@guarded(P.PROCEED, on="application")
@transaction.atomic
def hearing_book(
    *,
    application: Application,
    actor: User,
    room: HearingRoom,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    notice_on: dt.date | None = None,
) -> Hearing:
    """Book a hearing for the tribunal on a room; no room and no arbitrator twice at once."""
    if not step_allowed("book", application):
        raise ConflictError(_("只有已受理且未中止的案件可以排期开庭。"))
    arbitrators = [m.arbitrator for m in application.members.filter(active=True)]
    if not arbitrators:
        raise ConflictError(_("请先组成仲裁庭。"))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("结束时间须晚于开庭时间")]})
    if not room.active:
        raise ValidationError({"room": [_("该庭室已停用")]})
    notice_on = notice_on or local_date(timezone.now())
    earliest = earliest_hearing_day(notice_on)
    if local_date(starts_at) < earliest:
        raise ValidationError(
            {
                "starts_at": [
                    _("开庭通知须在开庭五日前送达：%(notice)s通知的，最早%(earliest)s开庭。")
                    % {"notice": notice_on.isoformat(), "earliest": earliest.isoformat()}
                ]
            }
        )
    _lock_and_check(room=room, arbitrators=arbitrators, starts_at=starts_at, ends_at=ends_at)
    try:
        with transaction.atomic():
            hearing = Hearing.objects.create(
                application=application,
                room=room,
                starts_at=starts_at,
                ends_at=ends_at,
                notice_on=notice_on,
                booked_by=actor,
            )
            HearingSeat.objects.bulk_create(
                [
                    HearingSeat(hearing=hearing, arbitrator=a, starts_at=starts_at, ends_at=ends_at)
                    for a in arbitrators
                ]
            )
    except IntegrityError as e:  # PostgreSQL's exclusion constraint: a booking raced past us
        raise ConflictError(_("该时段庭室或仲裁员已被占用，请另选时间。")) from e
    when = f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}"
    _event(
        application,
        actor=actor,
        summary=f"排期开庭：{when} {room.name}",
        data={"hearing": hearing.pk},
    )
    notify(
        users=arbitrators,
        message=f"案件 {application.case.number} 定于 {when} 在{room.name}开庭",
        link=application.get_absolute_url(),
    )
    return hearing


def _hearing_move(hearing: Hearing, *, action: str, actor, note: str, summary: str, **fields):
    """One move of a hearing's lifecycle; a hearing no longer scheduled is refused (409)."""
    if not HEARING_LIFECYCLE.allows_from(action, hearing.status):
        raise ConflictError(_("该开庭不在排期状态。"))
    try:
        HEARING_LIFECYCLE.move(
            hearing,
            action=action,
            actor=actor,
            note=note,
            fields=fields,
            data={"summary": summary, "application": hearing.application_id},
        )
    except ChangedMeanwhile:
        raise ConflictError(_("该开庭不在排期状态。")) from None


@guarded(P.PROCEED, on="hearing")
@transaction.atomic
def hearing_postpone(
    *, hearing: Hearing, actor: User, requested_on: dt.date, reason: str
) -> Hearing:
    """A party's request to postpone, accepted up to three days before the hearing (第三十五条)."""
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写延期理由")]})
    last = postponement_last_day(local_date(hearing.starts_at))
    if requested_on > last:
        raise ConflictError(
            _("延期开庭应在开庭三日前提出（最迟%(last)s），本次申请已逾期。")
            % {"last": last.isoformat()}
        )
    _hearing_move(
        hearing,
        action="postpone",
        actor=actor,
        note=reason.strip(),
        summary=f"延期开庭：原定{timezone.localtime(hearing.starts_at):%Y-%m-%d %H:%M}",
        postponement_reason=reason.strip(),
    )
    hearing.seats.update(active=False)
    return hearing


@guarded(P.PROCEED, on="hearing")
@transaction.atomic
def hearing_hold(*, hearing: Hearing, actor: User, record: str) -> Hearing:
    """The hearing took place; its record is kept."""
    if not record.strip():
        raise ValidationError({"record": [_("请填写庭审笔录摘要")]})
    short = [c for c in hearing_notice_checks(hearing).values() if c and not c.in_time]
    if short:
        raise ConflictError(
            _("%(side)s的开庭通知于%(day)s送达，不足开庭前五日（第三十五条），请改期开庭。")
            % {"side": Side(short[0].side).label, "day": short[0].served_on.isoformat()}
        )
    _hearing_move(
        hearing,
        action="hold",
        actor=actor,
        note=record.strip()[:500],
        summary=_("已开庭审理"),
        record=record.strip(),
    )
    return hearing


# ---------------------------------------------------------------- suspension and extension


@guarded(P.PROCEED, on="application")
@transaction.atomic
def application_suspend(
    *, application: Application, actor: User, reason: str, ground: str = PauseReason.SUSPENSION
) -> Application:
    """Suspend (中止) the arbitration, or stop its periods while an appraisal, an entrusted
    investigation or a settlement runs: the award clocks stand still until it resumes."""
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写中止理由")]})
    if ground not in SUSPENSION_GROUNDS:
        raise ValidationError({"ground": [_("请选择中止或期限不计入的事由")]})
    now = timezone.now()
    _move(
        application,
        action="suspend",
        actor=actor,
        summary=_("中止审理"),
        note=reason.strip(),
        suspended_at=now,
        suspension_reason=reason.strip(),
    )
    for kind in AWARD_CLOCKS:
        clock = _clock(application, kind)
        if clock:
            clock_pause(clock=clock, at=now, actor=actor, reason=ground, note=reason.strip())
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def application_resume(*, application: Application, actor: User) -> Application:
    """Resume a suspended arbitration: its clocks run on, moved later by the time stood still."""
    now = timezone.now()
    _move(application, action="resume", actor=actor, summary=_("恢复审理"))
    for kind in AWARD_CLOCKS:
        clock = _clock(application, kind)
        if clock:
            clock_resume(clock=clock, at=now, actor=actor, note=_("恢复审理"))
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def award_extend(
    *, application: Application, actor: User, days: int, approved_by: User, reason: str
) -> Application:
    """Extend the award period by at most fifteen days in all, with the written approval of the
    commission chair or the 仲裁院 head the chair authorised (《劳动争议调解仲裁法》第四十三条,
    《劳动人事争议仲裁办案规则》第四十六条): a recorded grant, never a leader's role. The approval
    is a document of the case (延长仲裁期限审批表)."""
    if days < 1:
        raise ValidationError({"days": [_("延长天数须至少为1日")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写延期理由")]})
    if not approver_may(approved_by, Approver.COMMISSION_CHAIR):
        raise ValidationError(
            {
                "approved_by": [
                    _(
                        "延期须经仲裁委员会主任或其书面委托的仲裁院负责人批准，"
                        "%(name)s未获授权（《劳动人事争议仲裁办案规则》第四十六条）。"
                    )
                    % {"name": approved_by.display_name if approved_by else "—"}
                ]
            }
        )
    if application.extension_days + days > MAX_EXTENSION_DAYS:
        raise ConflictError(
            _("延长期限不得超过十五日（已延长%(done)d日，本次%(days)d日）。")
            % {"done": application.extension_days, "days": days}
        )
    _move(
        application,
        action="extend",
        actor=actor,
        summary=f"延长仲裁期限{days}日（{approved_by.display_name}书面批准）",
        note=reason.strip(),
        data={"document": "extension"},
        extension_days=application.extension_days + days,
        extension_approved_by=approved_by,
        extension_approved_at=timezone.now(),
        extension_reason=reason.strip(),
    )
    clock = _clock(application, AWARD_45)
    if clock is not None:
        clock_extend(
            clock=clock, length=days, actor=actor, approved_by=approved_by, reason=reason.strip()
        )
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def award_period_restart(
    *,
    application: Application,
    actor: User,
    reason: str,
    at: dt.datetime | None = None,
    note: str = "",
) -> Application:
    """The award periods count again from `at`: a party or third party added, claims added or
    changed, a counter-claim joined, or the case received on transfer (办案规则第四十五条)."""
    if reason not in RestartReason.values or reason == RestartReason.COMPLETED:
        raise ValidationError({"reason": [_("请选择重新计算仲裁期限的事由")]})
    if not step_allowed("restart", application):
        raise ConflictError(_("只有已受理的仲裁案件可以重新计算仲裁期限。"))
    at = at or timezone.now()
    for kind in AWARD_CLOCKS:
        clock = _clock(application, kind)
        if clock is not None and clock.is_open:
            clock_restart(clock=clock, at=at, reason=reason, actor=actor, note=note.strip())
    _event(
        application,
        actor=actor,
        summary=f"仲裁期限重新计算：{RestartReason(reason).label}",
        note=note.strip(),
    )
    return application


# ---------------------------------------------------------------- award and mediation statement


@dataclass(frozen=True)
class AwardItemInput:
    kind: str
    description: str
    amount: Decimal | None = None


@guarded(P.PROCEED, on="application")
@transaction.atomic
def award_issue(
    *,
    application: Application,
    actor: User,
    items: list[AwardItemInput],
    text: str,
    awarded_at: dt.datetime | None = None,
) -> Application:
    """The tribunal's award; each item is marked final or not."""
    errors = {}
    if not items:
        errors["items"] = [_("请至少填写一项裁决事项")]
    elif any(i.kind not in AwardItemKind.values or not i.description.strip() for i in items):
        errors["items"] = [_("每项须有类别和内容")]
    if not text.strip():
        errors["text"] = [_("请填写裁决理由与结果")]
    if errors:
        raise ValidationError(errors)
    if not application.hearings.filter(status=HearingStatus.HELD).exists():
        raise ConflictError(_("尚未开庭审理，不能作出裁决。"))
    awarded_at = awarded_at or timezone.now()
    day = local_date(awarded_at)
    rows = []
    for i in items:
        final, basis = final_award_rule(kind=i.kind, amount=i.amount, on=day)
        rows.append(
            AwardItem(
                application=application,
                kind=i.kind,
                description=i.description.strip(),
                amount=i.amount,
                final=final,
                final_basis=basis[:200],
            )
        )
    finals = sum(r.final for r in rows)
    _move(
        application,
        action="award",
        actor=actor,
        summary=f"作出裁决：{len(rows)}项，其中终局裁决{finals}项",
        note=text.strip()[:500],
        at=awarded_at,
        concluded_at=awarded_at,
        award_text=text.strip(),
    )
    AwardItem.objects.bulk_create(rows)
    clock_meet(case=application.case, track=TRACK, at=awarded_at)
    outcome_record(application=application, actor=actor)
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def application_mediate(*, application: Application, actor: User, terms: str) -> Application:
    """Mediation before the award succeeded: the tribunal issues a mediation statement
    (《劳动争议调解仲裁法》第四十二条)."""
    if not terms.strip():
        raise ValidationError({"terms": [_("请填写调解协议内容")]})
    now = timezone.now()
    _move(
        application,
        action="mediate",
        actor=actor,
        summary=_("仲裁调解达成协议，制作仲裁调解书"),
        note=terms,
        concluded_at=now,
        award_text=terms.strip(),
    )
    clock_meet(case=application.case, track=TRACK, at=now)
    outcome_record(application=application, actor=actor)
    return application


@internal
def outcome_record(*, application: Application, actor) -> Implication:
    implication = arbitration_outcome_implies(application)
    _event(application, actor=actor, **implication.event_fields())
    return implication


@guarded(P.CONCLUDE, on="application")
@transaction.atomic
def application_conclude_case(*, application: Application, actor: User, note: str = "") -> Case:
    """Take the case action the outcome offers (resolve, or mark unresolved)."""
    implication = arbitration_outcome_implies(application)
    if not implication.offer_action:
        raise ConflictError(_("仲裁尚未结束，不能据此办结案件。"))
    case = Case.objects.get(pk=application.case_id)
    # An application declined before acceptance leaves a case that was never in hand.
    case = case_put_in_hand(case=case, actor=actor, why=_("据仲裁结果办结"))
    return case_act(
        case=case,
        action=implication.offer_action,
        actor=actor,
        note=note.strip() or implication.summary,
    )
