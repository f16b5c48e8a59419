"""Online mediation bookings, and the video room behind each: booked on the district's video
service (jiefen.core.video), entered only through jiefen's links around the booked time (each
entry recorded), started by the mediator."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.cases.choices import EventKind
from jiefen.cases.models import Case
from jiefen.cases.services import case_event_add
from jiefen.cases.transitions import case_is_active
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded, internal
from jiefen.core.video import Participant, video_service
from jiefen.portal import policies as P
from jiefen.portal.choices import JoinSide, RoomState
from jiefen.portal.models import BookingJoin, MediationBooking
from jiefen.portal.selectors import booking_room_state, booking_window

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


@guarded(P.PUBLIC)
def booking_create(*, case: Case, slot_start: dt.datetime) -> MediationBooking:
    """Book a free seat of an offered slot for the case's online mediation."""
    if not case_is_active(case):
        raise ConflictError(_("案件受理后方可预约线上调解。"))
    if slot_start not in booking_slots():
        raise ValidationError({"slot": [_("请选择列出的时段")]})
    if MediationBooking.objects.filter(case=case, cancelled_at__isnull=True).exists():
        raise ConflictError(_("已有预约，请先取消原预约。"))
    service = video_service()
    for seat in range(1, SLOT_SEATS + 1):
        try:
            with transaction.atomic():
                booking = MediationBooking.objects.create(
                    case=case,
                    slot_start=slot_start,
                    seat=seat,
                    video_service=service.name if service else "",
                    room=service.room_new() if service else "",
                    applicant_token=secrets.token_urlsafe(32),
                    respondent_token=secrets.token_urlsafe(32),
                    booked_at=timezone.now(),
                )
                case_event_add(
                    case=case,
                    actor=None,
                    kind=EventKind.TRACK,
                    track="mediation",
                    summary=phrase(N_("申请人预约线上调解：%(at)s"), at=slot_start)
                    if service
                    else phrase(N_("申请人预约线上调解：%(at)s（视频服务未配置）"), at=slot_start),
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


class RoomNotOpen(ConflictError):
    """The room cannot be entered now; the message says why and, when early, when it opens."""

    code = "room_not_open"


def _refusal(booking: MediationBooking, state: str) -> RoomNotOpen:
    opens, _closes = booking_window(booking)
    if state == RoomState.UNCONFIGURED:
        return RoomNotOpen(_("视频服务未配置，请联系调解员安排线下或电话调解"))
    if state == RoomState.EARLY:
        return RoomNotOpen(
            _("视频调解室将于%(when)s开放（调解开始前30分钟），届时请再次打开本链接。")
            % {"when": f"{timezone.localtime(opens):%m月%d日 %H:%M}"}
        )
    if state == RoomState.CANCELLED:
        return RoomNotOpen(_("该线上调解预约已取消。"))
    return RoomNotOpen(_("本次线上调解的视频调解室已关闭，如需继续调解请联系调解员。"))


def _enter(
    *, booking: MediationBooking, side: str, participant: Participant, user: User | None
) -> str:
    """Record the entry and build this person's link; refuse outside the window."""
    now = timezone.now()
    service = video_service()
    state = booking_room_state(booking, now=now, configured=service is not None)
    if state != RoomState.OPEN or service is None:
        raise _refusal(booking, state)
    if not booking.room or booking.video_service != service.name:
        # Booked while no service was configured (or on another one): the room is made now,
        # once; a second person arriving at the same moment takes the first one's room.
        MediationBooking.objects.filter(pk=booking.pk, room=booking.room).update(
            room=service.room_new(), video_service=service.name
        )
        booking.refresh_from_db(fields=["room", "video_service"])
    BookingJoin.objects.create(booking=booking, side=side, user=user, at=now)
    _opens, closes = booking_window(booking)
    return service.join_url(room=booking.room, participant=participant, expires_at=closes)


@guarded(P.PUBLIC)
@transaction.atomic
def booking_join_party(*, token: str) -> str:
    """A party opens their link: the room's address for them, recorded as their entry."""
    booking = (
        MediationBooking.objects.filter(applicant_token=token).first()
        or MediationBooking.objects.filter(respondent_token=token).first()
    )
    if booking is None or not token:
        raise MediationBooking.DoesNotExist
    side = JoinSide.APPLICANT if booking.applicant_token == token else JoinSide.RESPONDENT
    # Only the side's name goes to the video service, not the person's.
    participant = Participant(id=f"{booking.case_id}-{side}", name=str(JoinSide(side).label))
    return _enter(booking=booking, side=side, participant=participant, user=None)


@guarded(P.VIDEO, on="booking")
@transaction.atomic
def booking_join_mediator(*, booking: MediationBooking, actor: User) -> str:
    """The mediator enters the room (as its moderator); recorded as the mediator's entry."""
    participant = Participant(
        id=f"staff-{actor.pk}", name=f"{_('调解员')}{actor.display_name}", moderator=True
    )
    return _enter(booking=booking, side=JoinSide.MEDIATOR, participant=participant, user=actor)


@guarded(P.VIDEO, on="booking")
@transaction.atomic
def booking_start(*, booking: MediationBooking, actor: User) -> MediationBooking:
    """The mediator starts the online session, inside the room's window; once."""
    now = timezone.now()
    state = booking_room_state(booking, now=now, configured=video_service() is not None)
    if state != RoomState.OPEN:
        raise _refusal(booking, state)
    # Compare-and-swap: a second click (or a second mediator) finds it started.
    if not MediationBooking.objects.filter(pk=booking.pk, started_at__isnull=True).update(
        started_at=now, started_by=actor
    ):
        raise ConflictError(_("线上调解已开始。"))
    booking.started_at, booking.started_by = now, actor
    case_event_add(
        case=booking.case,
        actor=actor,
        kind=EventKind.TRACK,
        track="mediation",
        summary=f"调解员开始线上调解（预约时段 {timezone.localtime(booking.slot_start):%H:%M}）",
    )
    return booking
