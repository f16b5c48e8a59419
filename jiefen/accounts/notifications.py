"""Telling staff: an in-app notification, and a copy by SMS when they have a phone on file."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Expression, F, Func, IntegerField, Subquery
from django.utils.functional import Promise

from jiefen.accounts.models import Notification, User
from jiefen.core.db import kept_column
from jiefen.core.messages import Message, event_text_fields
from jiefen.core.senders import send_message

# Where a count read with a page's own query is kept on the request's user (the user object is
# read again on every request, so the count lives no longer than the request).
_UNREAD_KNOWN = "_jiefen_unread_notifications"


def notify(
    *, users: Iterable[User], message: Message | Promise | str, link: str = "", sms: bool = True
) -> list[Notification]:
    """Notify each distinct user once; outbound copies go after the transaction commits. A
    message (code and parameters) is shown to each person in the language they read."""
    unique = {u.pk: u for u in users if u is not None and u.is_active}
    for u in unique.values():
        u.__dict__.pop(_UNREAD_KNOWN, None)  # a count read earlier in the request is one short
    fields = event_text_fields(message)
    said = {"message": fields["summary"], "code": fields["message"], "params": fields["params"]}
    rows = Notification.objects.bulk_create(
        [Notification(user=u, link=link, **said) for u in unique.values()]
    )
    message = said["message"]
    if sms:
        phones = [u.phone for u in unique.values() if u.phone]
        emails = [u.email for u in unique.values() if u.email]

        def send() -> None:
            for phone in phones:
                send_message(channel="sms", to=phone, subject="解纷提醒", body=message)
            for email in emails:
                send_message(channel="email", to=email, subject="解纷提醒", body=message)

        transaction.on_commit(send)
    return rows


def notifications_mark_read(*, user: User) -> int:
    """Mark all of a user's notifications read; returns how many were unread."""
    from django.utils import timezone

    user.__dict__.pop(_UNREAD_KNOWN, None)
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def unread_count(user: User) -> int:
    """How many notifications the person has not opened yet (the menu's badge): the count read
    with the page's own query when it was (`unread_count_column`), else one query."""
    known = user.__dict__.get(_UNREAD_KNOWN)
    if known is not None:
        return known
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def unread_count_column(user: User) -> Expression:
    """The badge's count as a column of another query: a page that reads a row of its own first
    (the case page) reads the count in the same statement, then hands it to `unread_count_known`.
    Compiled once a process (`kept_column`), the reader's id its one parameter."""
    return kept_column(
        "accounts.unread_count", Notification, _unread_count, user.pk, output_field=IntegerField()
    )


def _unread_count(user_id: int) -> Expression:
    # COUNT as a plain function, not an aggregate: no GROUP BY, so one row, 0 when none.
    counted = (
        Notification.objects.filter(user=user_id, read_at__isnull=True)
        .order_by()
        .values(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    )
    return Subquery(counted, output_field=IntegerField())


def unread_count_known(*, user: User, count: int) -> None:
    """Keep, for the request, the count read with the page's query: the frame shows it."""
    user.__dict__[_UNREAD_KNOWN] = count
