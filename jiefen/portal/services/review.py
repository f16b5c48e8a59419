"""An application after filing: staff accept, decline or ask for more; the applicant supplements
or withdraws (each a move of the application lifecycle)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.choices import CaseStatus, Track
from jiefen.cases.public import PublicState
from jiefen.cases.services import case_act
from jiefen.cases.triage import triage
from jiefen.core.exceptions import ConflictError
from jiefen.core.policy import guarded
from jiefen.portal import policies as P
from jiefen.portal.choices import ApplicationKind
from jiefen.portal.evidence import evidence_check, evidence_remove
from jiefen.portal.models import Application
from jiefen.portal.selectors import applicant_may_withdraw
from jiefen.portal.services.submit import KIND_SUMMARY, _evidence_save, _notify_applicant
from jiefen.portal.transitions import APPLICATION_LIFECYCLE

KIND_TRACK = {
    ApplicationKind.MEDIATION: Track.MEDIATION,
    ApplicationKind.ARBITRATION: Track.ARBITRATION,
    ApplicationKind.INSPECTION: Track.INSPECTION,
}


@guarded(P.PUBLIC)
def application_supplement(
    *, application: Application, reply: str, files: list, now: dt.datetime | None = None
) -> Application:
    """The applicant answers a request for more: text and/or files; back to the queue."""
    now = now or timezone.now()
    if not APPLICATION_LIFECYCLE.allows_from("supplement", application.status):
        raise ConflictError(_("当前无需补充材料。"))
    if not reply.strip() and not files:
        raise ValidationError({"reply": [_("请填写补充说明或上传材料")]})
    checked = evidence_check(files)
    written: list[Path] = []
    try:
        with transaction.atomic():
            APPLICATION_LIFECYCLE.move(
                application,
                action="supplement",
                actor=None,
                note=reply.strip(),
                fields={"applicant_reply": reply.strip()},
                data={"summary": f"申请人补充材料：证据{len(checked)}份"},
            )
            _evidence_save(application, checked, written, now=now)
    except BaseException:
        evidence_remove(written)
        raise
    application.refresh_from_db()
    return application


@guarded(P.PUBLIC)
@transaction.atomic
def application_withdraw(*, application: Application, reason: str = "") -> Application:
    """The applicant withdraws before a decision."""
    if not applicant_may_withdraw(application):
        raise ConflictError(_("申请已处理，不能撤回；如需撤回请联系承办人员。"))
    APPLICATION_LIFECYCLE.move(
        application,
        action="withdraw",
        actor=None,
        note=reason.strip(),
        fields={"withdrawn_at": timezone.now()},
        data={"summary": "申请人撤回网上申请"},
    )
    application.refresh_from_db()
    return application


def _decide(application: Application, *, action: str, actor, note: str = "", **fields) -> None:
    APPLICATION_LIFECYCLE.move(
        application,
        action=action,
        actor=actor,
        note=note,
        fields={"decided_at": timezone.now(), "decided_by": actor, **fields},
    )


@guarded(P.REVIEW, on="application")
@transaction.atomic
def application_accept(*, application: Application, actor) -> Application:
    """Register and accept the application's case (triage and routing follow in case_act)."""
    _decide(application, action="accept", actor=actor)
    case = application.case
    if case.status == CaseStatus.RECEIVED:
        case = case_act(case=case, action="register", actor=actor)
    # What the applicant asked for stays on the case: the track is added to triage's choice.
    wanted = KIND_TRACK[application.kind]
    decided = triage(case).tracks
    extra = {}
    if wanted not in decided:
        extra = {
            "tracks": [*decided, wanted],
            "override_reason": f"申请人网上{KIND_SUMMARY[application.kind]}",
        }
    case_act(case=case, action="accept", actor=actor, **extra)
    _notify_applicant(
        application,
        _("您的申请（%(number)s）%(state)s，承办人员将与您联系。")
        % {"number": case.number, "state": PublicState.ACCEPTED.label},
    )
    application.refresh_from_db()
    return application


@guarded(P.REVIEW, on="application")
@transaction.atomic
def application_decline(*, application: Application, actor, reason: str) -> Application:
    """Decline the application's case with the reason the applicant will read (a withdrawn
    application stays withdrawn; its case is declined and nobody is texted)."""
    reason = reason.strip()
    withdrawn = application.withdrawn_at is not None
    _decide(application, action="decline", actor=actor, note=reason, staff_message=reason)
    case = application.case
    if case.status == CaseStatus.RECEIVED:
        case = case_act(case=case, action="register", actor=actor)
    case_act(case=case, action="decline", actor=actor, note=reason)
    if not withdrawn:
        _notify_applicant(
            application,
            _("您的申请（%(number)s）%(state)s，理由可凭编号查询。")
            % {"number": case.number, "state": PublicState.DECLINED.label},
        )
    application.refresh_from_db()
    return application


@guarded(P.REVIEW, on="application")
@transaction.atomic
def application_request_more(*, application: Application, actor, message: str) -> Application:
    """Ask the applicant for more (a document, a detail); they see it when tracking."""
    message = message.strip()
    APPLICATION_LIFECYCLE.move(
        application,
        action="request_more",
        actor=actor,
        note=message,
        fields={"staff_message": message},
        data={"summary": "通知申请人补充材料"},
    )
    _notify_applicant(
        application,
        _("您的申请（%(number)s）%(state)s，请凭编号查询详情。")
        % {"number": application.case.number, "state": PublicState.MORE_INFO.label},
    )
    application.refresh_from_db()
    return application
