"""Writing the audit trail. Every entry's hash covers its content and the previous hash, so an
entry altered or removed later breaks the chain, which `jiefen audit_verify` reports."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from jiefen.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def entry_digest(*, prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(
        fields, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def entry_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "ip": entry.ip,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "summary": entry.summary,
        "before": entry.before,
        "after": entry.after,
    }


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@transaction.atomic
def audit_record(
    *,
    action: str,
    actor=None,
    request: HttpRequest | None = None,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail (who, when, from where, what)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    AuditHead.objects.bulk_create([AuditHead(id=1, last_hash=GENESIS)], ignore_conflicts=True)
    head = AuditHead.objects.select_for_update().get(id=1)
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor,
        actor_label=str(getattr(actor, "username", "") or ""),
        ip=client_ip(request),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary[:300],
        before=before,
        after=after,
        prev_hash=head.last_hash,
    )
    # Round-trip JSON so the digest sees what the database will hand back on verification.
    entry.before = json.loads(json.dumps(before, default=str)) if before is not None else None
    entry.after = json.loads(json.dumps(after, default=str)) if after is not None else None
    entry.hash = entry_digest(prev_hash=head.last_hash, fields=entry_fields(entry))
    entry.save()
    AuditHead.objects.filter(id=1).update(last_hash=entry.hash, count=head.count + 1)
    return entry
