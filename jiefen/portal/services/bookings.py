"""Online mediation bookings."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.cases.choices import EventKind
from jiefen.cases.models import Case
from jiefen.cases.services import case_event_add
from jiefen.cases.transitions import case_is_active
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded, internal
from jiefen.portal import policies as P
from jiefen.portal.models import MediationBooking

SLOT_TIMES = [dt.time(9, 30), dt.time(14, 0), dt.time(15, 30)]
SLOT_DAYS = 10
SLOT_SEATS = 2


@internal
def booking_slots(*, now: dt.datetime | None = None) -> list[dt.datetime]:
    """The slots offered: three a day on the next ten working days (from tomorrow)."""
    from jiefen.workdays.services import workday_calendar

    now = now or timezone.now()
    calendar = workday_calendar()
    day = timezone.localdate(now)
    slots = []
    for _i in range(SLOT_DAYS):
        day = calendar.next_workday(day + dt.timedelta(days=1))
        slots += [timezone.make_aware(dt.datetime.combine(day, t)) for t in SLOT_TIMES]
    return slots


def _video_link() -> str:
    base = getattr(settings, "JIEFEN_VIDEO_MEETING_BASE", "https://meeting.jiefen.local/room")
    return f"{base.rstrip('/')}/{secrets.token_urlsafe(12)}"


@guarded(P.PUBLIC)
def booking_create(*, case: Case, slot_start: dt.datetime) -> MediationBooking:
    """Book a free seat of an offered slot for the case's online mediation."""
    if not case_is_active(case):
        raise ConflictError(_("案件受理后方可预约线上调解。"))
    if slot_start not in booking_slots():
        raise ValidationError({"slot": [_("请选择列出的时段")]})
    if MediationBooking.objects.filter(case=case, cancelled_at__isnull=True).exists():
        raise ConflictError(_("已有预约，请先取消原预约。"))
    for seat in range(1, SLOT_SEATS + 1):
        try:
            with transaction.atomic():
                booking = MediationBooking.objects.create(
                    case=case,
                    slot_start=slot_start,
                    seat=seat,
                    video_link=_video_link(),
                    booked_at=timezone.now(),
                )
                case_event_add(
                    case=case,
                    actor=None,
                    kind=EventKind.TRACK,
                    track="mediation",
                    summary=phrase(N_("申请人预约线上调解：%(at)s"), at=slot_start),
                    data={"video_link": booking.video_link},
                )
                return booking
        except IntegrityError:
            if MediationBooking.objects.filter(case=case, cancelled_at__isnull=True).exists():
                raise ConflictError(_("已有预约，请先取消原预约。")) from None
            continue
    raise ConflictError(_("该时段已约满，请选择其他时段。"))


@guarded(P.PUBLIC)
@transaction.atomic
def booking_cancel(*, booking: MediationBooking) -> None:
    now = timezone.now()
    if MediationBooking.objects.filter(pk=booking.pk, cancelled_at__isnull=True).update(
        cancelled_at=now
    ):
        case_event_add(
            case=booking.case,
            actor=None,
            kind=EventKind.TRACK,
            track="mediation",
            summary=phrase(N_("申请人取消线上调解预约")),
        )
