from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from jiefen.audit.models import AuditEntry, AuditHead
from jiefen.audit.services import GENESIS, entry_digest, entry_fields


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int | None
    reason: str


def audit_chain_verify(*, batch: int = 2000) -> list[ChainProblem]:
    """Walk the chain in order; report entries whose hash or link does not hold."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    count = 0
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for entry in rows:
            count += 1
            if entry.prev_hash != prev:
                problems.append(
                    ChainProblem(entry.id, "link broken: an entry before it was removed or altered")
                )
            if entry_digest(prev_hash=entry.prev_hash, fields=entry_fields(entry)) != entry.hash:
                problems.append(ChainProblem(entry.id, "content altered after it was written"))
            prev = entry.hash
            last_id = entry.id
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.last_hash != prev or head.count != count):
        problems.append(ChainProblem(None, "the newest entries were removed (head does not match)"))
    return problems


def audit_search(
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: str | None = None,
    date_to: str | None = None,
    text: str = "",
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor").order_by("-id")
    if actor:
        qs = qs.filter(Q(actor_label=actor) | Q(actor__full_name=actor))
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    try:
        if date_from:
            qs = qs.filter(at__gte=timezone.make_aware(dt.datetime.fromisoformat(date_from)))
        if date_to:
            end = dt.datetime.fromisoformat(date_to) + dt.timedelta(days=1)
            qs = qs.filter(at__lt=timezone.make_aware(end))
    except ValueError:
        return qs.none()
    if text:
        qs = qs.filter(summary__contains=text)
    return qs
