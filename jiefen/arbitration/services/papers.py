"""Service of papers and the defence, with the clocks each starts or ends."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.arbitration import policies as P
from jiefen.arbitration.choices import (
    AWARD_CLOCKS,
    COMPOSITION_5,
    DEFENCE_10,
    DEFENCE_COPY_5,
    SERVICE_5,
    ApplicationStatus,
    HearingStatus,
    ServedDocument,
    ServiceMode,
    Side,
)
from jiefen.arbitration.models import (
    Application,
    Hearing,
    Service,
)
from jiefen.arbitration.rules import (
    _notice_check,
    local_date,
)
from jiefen.arbitration.services._common import (
    _clock,
    _event,
    _move,
    _require_step,
    _require_unheld,
    _start,
)
from jiefen.cases.clockrules import PauseReason
from jiefen.cases.clocks import (
    clock_meet,
    clock_pause,
    clock_resume,
)
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded


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
    _require_step(application, "serve")
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
        summary=phrase(
            N_("送达：%(document)s → %(side)s（%(mode)s）"),
            document=ServedDocument(document),
            side=Side(side),
            mode=ServiceMode(mode),
        ),
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
                summary=phrase(
                    N_("开庭通知送达不足五日：%(side)s%(served)s送达，%(hearing)s开庭"),
                    side=Side(side),
                    served=check.served_on,
                    hearing=timezone.localtime(hearing.starts_at).date(),
                ),
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
    _require_unheld(service.application)
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
