"""Suspension, resumption, extension and restart of the award periods."""

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
    AWARD_45,
    AWARD_CLOCKS,
    MAX_EXTENSION_DAYS,
    SUSPENSION_GROUNDS,
)
from jiefen.arbitration.models import (
    Application,
)
from jiefen.arbitration.services._common import (
    _clock,
    _event,
    _move,
    _require_step,
    _require_unheld,
)
from jiefen.cases.clockrules import Approver, PauseReason, RestartReason
from jiefen.cases.clocks import (
    approver_may,
    clock_extend,
    clock_pause,
    clock_restart,
    clock_resume,
)
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded


@guarded(P.PROCEED, on="application")
@transaction.atomic
def application_suspend(
    *, application: Application, actor: User, reason: str, ground: str = PauseReason.SUSPENSION
) -> Application:
    """Suspend (中止) the arbitration, or stop its periods while an appraisal, an entrusted
    investigation or a settlement runs: the award clocks stand still until it resumes."""
    _require_unheld(application)
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
    _require_unheld(application)
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
        summary=phrase(
            N_("延长仲裁期限%(days)s日（%(name)s书面批准）"),
            days=days,
            name=approved_by.display_name,
        ),
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
    _require_step(application, "restart", _("只有已受理的仲裁案件可以重新计算仲裁期限。"))
    if reason not in RestartReason.values or reason == RestartReason.COMPLETED:
        raise ValidationError({"reason": [_("请选择重新计算仲裁期限的事由")]})
    at = at or timezone.now()
    for kind in AWARD_CLOCKS:
        clock = _clock(application, kind)
        if clock is not None and clock.is_open:
            clock_restart(clock=clock, at=at, reason=reason, actor=actor, note=note.strip())
    _event(
        application,
        actor=actor,
        summary=phrase(N_("仲裁期限重新计算：%(reason)s"), reason=RestartReason(reason)),
        note=note.strip(),
    )
    return application
