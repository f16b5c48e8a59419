"""Opening a mediation on a case, and recording its sessions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.cases.choices import Duty
from jiefen.cases.models import Case
from jiefen.cases.services import case_duty_assign
from jiefen.cases.tracks import case_track_open
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded
from jiefen.mediation import policies as P
from jiefen.mediation.choices import (
    TRACK,
    MediationStatus,
    MediatorLevel,
)
from jiefen.mediation.models import Mediation, Session
from jiefen.mediation.rules import (
    level_for,
)
from jiefen.mediation.services._common import _event, _require_open


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
        summary=phrase(
            N_("开始调解：%(level)s调解员%(name)s"),
            level=MediatorLevel(level),
            name=mediator.display_name,
        ),
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
    where = gettext_lazy("线上视频调解") if online else place.strip()
    _event(
        mediation,
        actor=actor,
        summary=phrase(N_("调解记录：%(at)s %(where)s"), at=held_at, where=where),
        note=minutes.strip()[:500],
        data={"session": session.pk},
    )
    return session
