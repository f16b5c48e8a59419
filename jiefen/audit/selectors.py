from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q, QuerySet
from django.utils import timezone

from jiefen.audit.chain import GENESIS, entry_digest, entry_fields, key_by_id, sign
from jiefen.audit.models import AuditEntry, AuditHead
from jiefen.audit.services import CHECKPOINT_MARK, Checkpoint, checkpoint_parse


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int | None
    reason: str


@dataclass(frozen=True)
class CheckpointFile:
    """The checkpoints read from a file, and the lines that looked like one but did not parse."""

    path: Path
    checkpoints: list[tuple[int, Checkpoint]]
    unreadable: list[int]


def audit_checkpoints_read(path: Path) -> CheckpointFile:
    found: list[tuple[int, Checkpoint]] = []
    unreadable: list[int] = []
    if path.exists():
        with path.open(encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, start=1):
                checkpoint = checkpoint_parse(line)
                if checkpoint is not None:
                    found.append((number, checkpoint))
                elif line.strip().startswith("{") or CHECKPOINT_MARK in line:
                    unreadable.append(number)
    return CheckpointFile(path=path, checkpoints=found, unreadable=unreadable)


def _checkpoint_problems(
    checkpoints: CheckpointFile, seen: dict[str, tuple[int, int]]
) -> list[ChainProblem]:
    """Each checkpoint must be signed by one of our keys and name an entry the chain still holds
    at the same place: a removal before it, even with the chain recomputed forward, fails this."""
    problems = [
        ChainProblem(None, f"checkpoint file line {n}: unreadable (damaged or altered)")
        for n in checkpoints.unreadable
    ]
    for number, cp in checkpoints.checkpoints:
        where = f"checkpoint of {cp.at} (file line {number})"
        key = key_by_id(cp.key_id)
        if key is None:
            problems.append(ChainProblem(None, f"{where}: signed with unknown key {cp.key_id!r}"))
            continue
        if not hmac.compare_digest(sign(key=key, body=cp.body()), cp.signature):
            problems.append(ChainProblem(None, f"{where}: bad signature (forged or damaged)"))
            continue
        if cp.count == 0:
            continue
        if cp.hash not in seen:
            problems.append(
                ChainProblem(
                    cp.last_id,
                    f"{where}: the chain no longer holds entry {cp.last_id} as it was then "
                    f"(entry {cp.count} of the chain, hash {cp.hash[:12]}…); entries up to it "
                    "were removed or rewritten, and the chain recomputed",
                )
            )
            continue
        position, entry_id = seen[cp.hash]
        if (position, entry_id) != (cp.count, cp.last_id):
            problems.append(
                ChainProblem(
                    entry_id,
                    f"{where}: named entry {cp.last_id} as entry {cp.count} of the chain; "
                    f"it is now entry {position} (id {entry_id})",
                )
            )
    return problems


def audit_chain_verify(
    *, batch: int = 2000, checkpoints: CheckpointFile | None = None
) -> list[ChainProblem]:
    """Walk the chain in order; report entries whose keyed hash or link does not hold, a head
    that does not match, and checkpoints the chain no longer agrees with."""
    problems: list[ChainProblem] = []
    wanted = {cp.hash for _n, cp in checkpoints.checkpoints} if checkpoints else set()
    seen: dict[str, tuple[int, int]] = {}
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
            key = key_by_id(entry.key_id)
            if key is None:
                problems.append(ChainProblem(entry.id, f"signed with unknown key {entry.key_id!r}"))
            elif not hmac.compare_digest(
                entry_digest(key=key, prev_hash=entry.prev_hash, fields=entry_fields(entry)),
                entry.hash,
            ):
                problems.append(ChainProblem(entry.id, "content altered after it was written"))
            if entry.hash in wanted:
                seen[entry.hash] = (count, entry.id)
            prev = entry.hash
            last_id = entry.id
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.last_hash != prev or head.count != count):
        problems.append(ChainProblem(None, "the newest entries were removed (head does not match)"))
    if checkpoints is not None:
        problems += _checkpoint_problems(checkpoints, seen)
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


@dataclass(frozen=True)
class FieldChange:
    """One field of an audited change, in words: the field's name and each value's label."""

    field: str
    before: str
    after: str


def _value_words(field, value) -> str:
    if value is None or value == "":
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def audit_object_label(object_type: str) -> str:
    """The kind of object in words (案件, not `cases.case`); the code when no model has it."""
    from django.apps import apps

    try:
        return str(apps.get_model(object_type)._meta.verbose_name) if object_type else ""
    except (LookupError, ValueError):
        return object_type


def audit_entry_changes(entry: AuditEntry) -> list[FieldChange]:
    """The entry's before/after as a person reads them: 角色：调解员 → 领导, never
    `{'role': 'leader'}` (the stored values stay as they were; this is only how they are shown)."""
    from django.apps import apps

    before, after = entry.before or {}, entry.after or {}
    try:
        model = apps.get_model(entry.object_type) if entry.object_type else None
    except (LookupError, ValueError):
        model = None
    fields = {f.attname: f for f in model._meta.concrete_fields} if model is not None else {}
    changes = []
    for key in sorted(set(before) | set(after)):
        field = fields.get(key)
        changes.append(
            FieldChange(
                field=str(field.verbose_name) if field is not None else key,
                before=_value_words(field, before.get(key)) if key in before else "",
                after=_value_words(field, after.get(key)),
            )
        )
    return changes
