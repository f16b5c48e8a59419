"""Hearings on the centre's rooms: booking (no room and no arbitrator twice at once),
postponement, holding."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.accounts.notifications import notify
from jiefen.arbitration import policies as P
from jiefen.arbitration.choices import (
    HearingStatus,
    Side,
)
from jiefen.arbitration.models import (
    Application,
    Hearing,
    HearingRoom,
    HearingSeat,
)
from jiefen.arbitration.rules import (
    earliest_hearing_day,
    hearing_notice_checks,
    local_date,
    postponement_last_day,
)
from jiefen.arbitration.services._common import _event, _require_step, _require_unheld
from jiefen.arbitration.transitions import (
    HEARING_LIFECYCLE,
)
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import ChangedMeanwhile
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded


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
    _require_step(application, "book", _("只有已受理且未中止的案件可以排期开庭。"))
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
    _event(
        application,
        actor=actor,
        summary=phrase(N_("排期开庭：%(when)s %(room)s"), when=starts_at, room=room.name),
        data={"hearing": hearing.pk},
    )
    notify(
        users=arbitrators,
        message=phrase(
            N_("案件 %(number)s 定于 %(when)s 在%(room)s开庭"),
            number=application.case.number,
            when=starts_at,
            room=room.name,
        ),
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
    _require_unheld(hearing.application)
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
        summary=phrase(N_("延期开庭：原定%(when)s"), when=hearing.starts_at),
        postponement_reason=reason.strip(),
    )
    hearing.seats.update(active=False)
    return hearing


@guarded(P.PROCEED, on="hearing")
@transaction.atomic
def hearing_hold(*, hearing: Hearing, actor: User, record: str) -> Hearing:
    """The hearing took place; its record is kept."""
    _require_unheld(hearing.application)
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
