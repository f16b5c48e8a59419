"""The investigation's own course: opening or not, the one extension, suspension and resumption,
and the written notices owed to the complainant."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.cases.clockrules import PauseReason, rule_for
from jiefen.cases.clocks import (
    approver_may,
    clock_extend,
    clock_meet,
    clock_pause,
    clock_resume,
    clock_start,
)
from jiefen.cases.models import Claimant, Clock
from jiefen.cases.selectors import party_language
from jiefen.cases.services import claimant_contact
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded
from jiefen.core.senders import send_message
from jiefen.inspection import policies as P
from jiefen.inspection.choices import (
    EXTENSION_MAX_WORKDAYS,
    INVESTIGATE_60,
    NOTICE_3,
    OPEN_5,
    NoticeReason,
)
from jiefen.inspection.models import (
    ComplainantNotice,
    Inspection,
)
from jiefen.inspection.services.common import _event, _may, _move, _not_future, _require_unheld
from jiefen.inspection.services.outcome import outcome_record
from jiefen.inspection.transitions import (
    INSPECTION_LIFECYCLE,
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
    _may(INSPECTION_LIFECYCLE, inspection, "open", version)
    opened_at = _not_future(opened_at, "opened_at")
    if opened_at < inspection.received_at:
        raise ValidationError({"opened_at": [_("立案时间不能早于收到投诉举报的时间")]})
    open_clock = _clock(inspection, OPEN_5)
    late = bool(open_clock and opened_at > open_clock.due_at)
    _move(
        inspection,
        action="open",
        actor=actor,
        note=note,
        summary=phrase(N_("立案调查（超过5个工作日，逾期立案）") if late else N_("立案调查")),
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
    _may(INSPECTION_LIFECYCLE, inspection, "decline", version)
    at = _not_future(at, "at")
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写不予立案理由")]})
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


# A notice clock's name, a catalogue phrase per reason (kept as source, shown translated).
NOTICE_CLOCK_LABELS = {
    NoticeReason.EXTENDED: N_("书面告知投诉人（延长调查期限）"),
    NoticeReason.SUSPENDED: N_("书面告知投诉人（中止调查）"),
}


def _notice_owe(
    *, inspection: Inspection, actor: User, reason: str, at: dt.datetime
) -> ComplainantNotice | None:
    """Start the 3-working-day clock of a written notice to the complainant (none for anonymous)."""
    if _complainant(inspection) is None:
        _event(inspection, actor, phrase(N_("匿名举报，无投诉人可书面告知")), reason=reason)
        return None
    seq = inspection.notices.count() + 1
    clock = clock_start(
        case=inspection.case,
        kind=NOTICE_3,
        seq=seq,
        label=NOTICE_CLOCK_LABELS[reason],
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
    _may(INSPECTION_LIFECYCLE, inspection, "extend", version)
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
        summary=phrase(
            N_("延长调查期限%(n)s个工作日，至%(day)s"),
            n=workdays,
            day=timezone.localtime(clock.due_at).date(),
        ),
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
    _may(INSPECTION_LIFECYCLE, inspection, "suspend", version)
    at = _not_future(at, "at")
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写中止理由")]})
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
    _may(INSPECTION_LIFECYCLE, inspection, "resume", version)
    at = _not_future(at, "at")
    clock = _clock(inspection, INVESTIGATE_60)
    summary = _("恢复调查")
    if clock is not None and clock.paused_at is not None:
        # The period counts working days: so does the time it stood still.
        before = clock.days_paused
        clock = clock_resume(clock=clock, at=at, actor=actor, note=note)
        stood = clock.days_paused - before
        summary = phrase(
            N_("恢复调查，调查期限顺延%(n)s个工作日至%(day)s"),
            n=stood,
            day=timezone.localtime(clock.due_at).date(),
        )
    _move(inspection, action="resume", actor=actor, note=note, summary=summary)
    return inspection


@guarded(P.INVESTIGATE, on="notice")
@transaction.atomic
def complainant_notice_send(
    *, notice: ComplainantNotice, actor: User, text: str, at: dt.datetime | None = None
) -> ComplainantNotice:
    """Record the written notice as given and send its text by SMS to the complainant."""
    _require_unheld(notice.inspection)
    at = _not_future(at, "at")
    if not text.strip():
        raise ValidationError({"text": [_("请填写告知内容")]})
    if notice.sent_at is not None:
        raise ConflictError(_("该告知已送达，不能重复发送。"))
    inspection = notice.inspection
    claimant = _complainant(inspection)
    phone_masked = ""
    phone = ""
    # The phone given on this case: a claim must not text the person on file.
    if claimant and claimant.phone_cipher:
        phone = claimant_contact(
            claimant=claimant, actor=actor, reason=_("向投诉人发送监察书面告知")
        )
        phone_masked = claimant.phone_masked
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
        phrase(
            N_("书面告知投诉人：%(reason)s%(sms)s%(late)s"),
            reason=NoticeReason(notice.reason),
            sms=phrase(N_("（短信 %(phone)s）"), phone=phone_masked) if phone_masked else "",
            late=phrase(N_("（逾期）")) if late else "",
        ),
        note=text.strip(),
    )
    if phone:
        # The frame in the complainant's language; the notice as the inspector wrote it.
        with translation.override(party_language(inspection.case)):
            subject = _("劳动监察告知")
            body = _("【解纷】案件%(number)s：%(text)s") % {
                "number": inspection.case.number,
                "text": text.strip(),
            }
        transaction.on_commit(
            lambda: send_message(channel="sms", to=phone, subject=subject, body=body)
        )
    return notice
