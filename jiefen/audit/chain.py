"""How an audit entry becomes the bytes its hash covers, and the keys that sign them.

Each entry's hash is an HMAC-SHA256 over the previous entry's hash and a canonical encoding of
its own content, keyed with a secret kept outside the database (`JIEFEN_AUDIT_KEYS`). Whoever can
write the database but not read the server's environment cannot recompute the chain after
removing or altering an entry; whoever holds the key as well is caught by the signed checkpoints
kept outside the database (see `services.audit_checkpoint_write`).

The encoding must come out the same from every database and time zone: the time is written in
UTC with microseconds whatever offset the database hands it back in (a backdated entry written
as +08:00 comes back from SQLite as UTC), the address in its compressed form, JSON with sorted
keys. This module imports no model, so the migration that re-chained the old entries uses it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS = "0" * 64
# Without configured keys (development, tests) one key is derived from SECRET_KEY under this id.
DERIVED_KEY_ID = "local"
KEY_ID_MAX = 32


@dataclass(frozen=True)
class AuditKey:
    id: str
    secret: bytes


def audit_keys() -> list[AuditKey]:
    """The configured keys, newest first: the newest signs, any of them verifies."""
    configured = getattr(settings, "JIEFEN_AUDIT_KEYS", None) or {}
    keys = [AuditKey(key_id, secret.encode()) for key_id, secret in configured.items()]
    for key in keys:
        if len(key.id) > KEY_ID_MAX:
            raise ImproperlyConfigured(
                f"JIEFEN_AUDIT_KEYS: key id {key.id!r} is longer than {KEY_ID_MAX} characters."
            )
    if keys:
        return keys
    derived = hashlib.sha256(f"jiefen:audit:{settings.SECRET_KEY}".encode()).digest()
    return [AuditKey(DERIVED_KEY_ID, derived)]


def current_key() -> AuditKey:
    return audit_keys()[0]


def key_by_id(key_id: str) -> AuditKey | None:
    return next((k for k in audit_keys() if k.id == key_id), None)


def canonical_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).compressed
    except ValueError:
        return str(value)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_fields(entry: Any) -> dict[str, Any]:
    """The content an entry's hash covers, canonical (works on a historical model too)."""
    return {
        "at": canonical_time(entry.at),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "ip": canonical_ip(entry.ip),
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "summary": entry.summary,
        "before": entry.before,
        "after": entry.after,
        "key_id": entry.key_id,
    }


def entry_digest(*, key: AuditKey, prev_hash: str, fields: dict[str, Any]) -> str:
    message = f"{prev_hash}|{canonical_json(fields)}".encode()
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()


def sign(*, key: AuditKey, body: dict[str, Any]) -> str:
    """Signature of a checkpoint's body (everything but the signature itself)."""
    return hmac.new(key.secret, canonical_json(body).encode(), hashlib.sha256).hexdigest()
