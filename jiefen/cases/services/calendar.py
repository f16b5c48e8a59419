"""What the cases layer does when the holiday calendar changes, and the reminder to load it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.accounts.choices import Role
from jiefen.accounts.models import Notification, User
from jiefen.accounts.notifications import notify
from jiefen.cases.clocks import clocks_recompute
from jiefen.core.policy import internal, system
from jiefen.workdays.services import next_year_unpublished


@system
def clocks_recompute_for_calendar(years: list[int]) -> int:
    """Registered with the calendar (jiefen.cases.apps): a year loaded or edited derives every
    open clock's due date again."""
    listed = "、".join(str(y) for y in sorted(years))
    return clocks_recompute(reason=f"工作日历已更新（{listed}年）")


@internal
def calendar_reminder(*, today: dt.date | None = None) -> str:
    """The reminder shown to administrators from 1 November until next year's schedule is in."""
    year = next_year_unpublished(today=today or timezone.localdate())
    if year is None:
        return ""
    return _(
        "%(year)s年的放假安排尚未录入工作日历：到期日落在%(year)s年的时限均为暂定。"
        "国务院办公厅公布后，请在“工作日历”中录入（或运行 jiefen load_calendar），"
        "系统将重新计算所有未结时限。"
    ) % {"year": year}


@system
def calendar_reminder_send(*, now: dt.datetime | None = None) -> int:
    """Tell each active administrator, once a day, while next year's schedule is missing."""
    now = now or timezone.now()
    message = calendar_reminder(today=timezone.localtime(now).date())
    if not message:
        return 0
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    admins = User.objects.filter(is_active=True).filter(
        Q(role=Role.ADMINISTRATOR) | Q(is_superuser=True)
    )
    told_today = set(
        Notification.objects.filter(
            user__in=admins, created_at__gte=start, message=message
        ).values_list("user_id", flat=True)
    )
    users = [u for u in admins if u.pk not in told_today]
    if users:
        notify(users=users, message=message, link="/cases/clock-rules/", sms=False)
    return len(users)
