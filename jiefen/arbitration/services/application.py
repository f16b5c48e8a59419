"""The application and its acceptance: filing (or the hand-over from mediation), completion,
acceptance, decline."""

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
    ACCEPTANCE_5,
    AWARD_45,
    COMPOSITION_5,
    ONE_MONTH,
    OPEN_STATUSES,
    SERVICE_5,
    TRACK,
    Source,
)
from jiefen.arbitration.models import (
    Application,
)
from jiefen.arbitration.rules import (
    limitation_warning,
    local_date,
)
from jiefen.arbitration.services._common import _clock, _event, _move, _require_unheld, _start
from jiefen.arbitration.services.outcome import outcome_record
from jiefen.cases.clockrules import PauseReason, RestartReason
from jiefen.cases.clocks import (
    clock_meet,
    clock_pause,
    clock_restart,
)
from jiefen.cases.models import Case
from jiefen.cases.tracks import case_track_open
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded


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
    _event(
        application,
        actor=actor,
        summary=phrase(N_("收到仲裁申请（%(source)s）"), source=Source(source)),
    )
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
    _require_unheld(application)
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
    _require_unheld(application)
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
