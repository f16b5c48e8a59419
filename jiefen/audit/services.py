"""Writing the audit trail. Every entry's hash is keyed and covers its content and the previous
hash (see `chain.py`), so an entry altered or removed later breaks the chain; the signed
checkpoints written outside the database catch a chain recomputed after a removal. `jiefen
audit_verify` reports both."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import router, transaction
from django.db.models import CharField, Expression, Subquery
from django.http import HttpRequest
from django.utils import timezone

from jiefen.audit.chain import (
    GENESIS,
    canonical_json,
    canonical_time,
    current_key,
    entry_digest,
    entry_fields,
    sign,
)
from jiefen.audit.models import AuditEntry, AuditHead
from jiefen.core.clientip import client_ip as forwarded_client_ip
from jiefen.core.db import kept_column
from jiefen.core.policy import internal, system
from jiefen.core.transactions import service_scratch

checkpoint_logger = logging.getLogger("jiefen.audit.checkpoint")
# Each checkpoint line in the file and in syslog starts with this, so `audit_verify
# --checkpoints` reads a syslog server's file as well as our own.
CHECKPOINT_MARK = "jiefen-audit-checkpoint"
# The chain's head as this service transaction last wrote it (in its `service_scratch`).
_HEAD_WRITTEN = "audit_head_written"


@internal
def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, through the trusted proxies (jiefen/core/clientip.py)."""
    if request is None:
        return None
    return forwarded_client_ip(request) or None


# Appends refused because another writer moved the head between the read and the INSERT, after
# which the entry is appended under the head's lock (`_append_locked`): under contention each
# refusal costs two statements, where the lock waits in line.
APPEND_ATTEMPTS = 3


@internal
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
    head: str | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail (who, when, from where, what).

    One INSERT appends and moves the chain's head: the database's trigger (migration 0004) moves
    the head in the same statement, and refuses the row unless its `prev_hash` is the head's
    hash at that moment, so the entry is recorded, chained, and counted, or not written at all.
    Outside a transaction that statement commits by itself before the response is sent.

    `head`: the head's hash as the view read it with its own row, just before
    (`audit_head_column`), in place of reading it here; a head moved since is refused by the
    trigger like any other, and read again."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    key = current_key()

    def chained(prev_hash: str) -> AuditEntry:
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
            prev_hash=prev_hash,
            key_id=key.id,
        )
        # Round-trip JSON so the digest sees what the database will hand back on verification.
        entry.before = json.loads(json.dumps(before, default=str)) if before is not None else None
        entry.after = json.loads(json.dumps(after, default=str)) if after is not None else None
        entry.hash = entry_digest(key=key, prev_hash=prev_hash, fields=entry_fields(entry))
        return entry

    # The second entry of one service's transaction (registering a case writes the worker's and
    # the case's) chains onto the head this transaction wrote, without reading it: if a
    # savepoint rolled back since, the trigger refuses it and the head is read.
    scratch = service_scratch()
    prev = scratch.get(_HEAD_WRITTEN) if scratch is not None else None
    prev = prev or head
    for _ in range(APPEND_ATTEMPTS):
        if prev is None:
            prev = _head_hash()
        entry = chained(prev)
        if _insert_chained(entry):
            break
        prev = None
    else:
        entry = _append_locked(chained)
    if scratch is not None:
        scratch[_HEAD_WRITTEN] = entry.hash
    return entry


def _insert_chained(entry: AuditEntry) -> bool:
    """INSERT the entry; False when the trigger refused it (its `prev_hash` is no longer the
    head's). `Model.save()` cannot tell: it expects the new row's id back."""
    meta, using = AuditEntry._meta, router.db_for_write(AuditEntry)
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    rows = AuditEntry._base_manager._insert(  # type: ignore[attr-defined]
        [entry], fields=fields, returning_fields=meta.db_returning_fields, using=using
    )
    if not rows or rows[0] is None:
        return False
    entry.pk = rows[0][0]
    entry._state.adding, entry._state.db = False, using
    return True


@internal
def audit_head_column() -> Expression:
    """The chain's head hash as a column of another query: a view that reads its own row and
    records its entry right after (the case page) reads the head in the same statement and
    hands it to `audit_record(head=…)`. NULL before the first entry ever (`audit_record` then
    creates the head). Read where the row is: on a replica the hash may be older, which the
    trigger refuses, and the head is read again from the primary. Compiled once a process."""
    return kept_column("audit.head", AuditHead, _head_of, 1, output_field=CharField())


def _head_of(head_id: int) -> Subquery:
    return Subquery(AuditHead.objects.filter(id=head_id).values("last_hash")[:1])


def _head_hash() -> str:
    """The head's hash, from the database written to (never a replica's older copy)."""
    heads = AuditHead.objects.using(router.db_for_write(AuditHead))
    last_hash = heads.filter(id=1).values_list("last_hash", flat=True).first()
    if last_hash is None:  # the first entry ever (or the table was emptied)
        heads.bulk_create([AuditHead(id=1, last_hash=GENESIS)], ignore_conflicts=True)
        last_hash = heads.values_list("last_hash", flat=True).get(id=1)
    return last_hash


def _append_locked(chained: Callable[[str], AuditEntry]) -> AuditEntry:
    """Append while holding the head's lock: no other writer can move it before the INSERT."""
    using = router.db_for_write(AuditHead)
    with transaction.atomic(using=using):
        _head_hash()
        head = AuditHead.objects.using(using).select_for_update().get(id=1)
        entry = chained(head.last_hash)
        inserted = _insert_chained(entry)
    if not inserted:
        raise RuntimeError("the audit chain's head moved while it was locked")
    return entry


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at one moment, signed: `count` entries, the newest `last_id` / `hash`."""

    at: str
    count: int
    last_id: int
    hash: str
    key_id: str
    signature: str

    def body(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "count": self.count,
            "last_id": self.last_id,
            "hash": self.hash,
            "key_id": self.key_id,
        }

    def line(self) -> str:
        return canonical_json({**self.body(), "sig": self.signature})


@internal
def checkpoint_file() -> Path:
    return Path(settings.JIEFEN_AUDIT_CHECKPOINT_FILE)


@system
def audit_checkpoint_write(*, path: Path | None = None) -> Checkpoint:
    """Sign the chain's head and append it outside the database: to the checkpoint file and,
    when configured, to syslog (`JIEFEN_AUDIT_SYSLOG`)."""
    head = AuditHead.objects.filter(id=1).first()
    if head is None or head.count == 0:
        count, last_id, last_hash = 0, 0, GENESIS
    else:
        # The head row moves in the statement that inserts its entry: the pair is consistent.
        count, last_hash = head.count, head.last_hash
        last_id = AuditEntry.objects.values_list("id", flat=True).get(hash=last_hash)
    key = current_key()
    body = {
        "at": canonical_time(timezone.now()),
        "count": count,
        "last_id": last_id,
        "hash": last_hash,
        "key_id": key.id,
    }
    checkpoint = Checkpoint(**body, signature=sign(key=key, body=body))
    target = path or checkpoint_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    # One write() of one line with O_APPEND: concurrent writers never interleave a line.
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (checkpoint.line() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    checkpoint_logger.info("%s %s", CHECKPOINT_MARK, checkpoint.line())
    return checkpoint


@internal
def checkpoint_parse(line: str) -> Checkpoint | None:
    """A checkpoint from one line of our file or of a syslog file; None for any other line."""
    text = line.strip()
    if CHECKPOINT_MARK in text:
        text = text.split(CHECKPOINT_MARK, 1)[1].strip()
    # A syslog datagram ends in NUL, a syslog file may append fields: the object is the line.
    text = text[: text.rfind("}") + 1]
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
        return Checkpoint(
            at=str(data["at"]),
            count=int(data["count"]),
            last_id=int(data["last_id"]),
            hash=str(data["hash"]),
            key_id=str(data["key_id"]),
            signature=str(data["sig"]),
        )
    except (ValueError, KeyError, TypeError):
        return None
