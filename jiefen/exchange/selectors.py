"""Reads of the exchange, scoped to the reader's cases."""

from __future__ import annotations

from django.db.models import QuerySet

from jiefen.cases.models import Case
from jiefen.cases.selectors import case_scope_q
from jiefen.exchange.models import OutboxMessage

SORTS = {"created": "created_at", "-created": "-created_at", "next": "next_attempt_at"}


def outbox_list(*, user, state: str = "", peer: str = "", sort: str = "-created") -> QuerySet:
    qs = OutboxMessage.objects.filter(case__in=Case.objects.filter(case_scope_q(user)).values("pk"))
    if state == "pending":
        qs = qs.filter(delivered_at__isnull=True)
    elif state == "delivered":
        qs = qs.filter(delivered_at__isnull=False)
    if peer:
        qs = qs.filter(peer=peer)
    return qs.select_related("case", "event").order_by(SORTS.get(sort, "-created_at"), "-id")
