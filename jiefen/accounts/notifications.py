"""Telling staff: an in-app notification, and a copy by SMS when they have a phone on file."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.functional import Promise

from jiefen.accounts.models import Notification, User
from jiefen.core.messages import Message, event_text_fields
from jiefen.core.senders import send_message


def notify(
    *, users: Iterable[User], message: Message | Promise | str, link: str = "", sms: bool = True
) -> list[Notification]:
    """Notify each distinct user once; outbound copies go after the transaction commits. A
    message (code and parameters) is shown to each person in the language they read."""
    unique = {u.pk: u for u in users if u is not None and u.is_active}
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

    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def unread_count(user: User) -> int:
    """How many notifications the person has not opened yet (the menu's badge)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
