"""Archiving closed years, and destroying what has passed its retention period.

A case's file is kept for 10 years after closure when it went to arbitration (劳动人事争议仲裁
办案规则: 仲裁案卷 不少于十年) and 5 years otherwise (调解案卷). `closed_year_archive` writes every
case closed in a year, with every row that hangs off it in every app, to one gzip JSON-lines file
and a manifest with its SHA-256; `closed_year_purge` then deletes from the live database only the
cases of that archive whose retention has passed, after checking the archive against its
manifest. Stored personal data stays encrypted in the archive as it is in the database."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.admin.utils import NestedObjects
from django.core import serializers
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases.choices import Track
from jiefen.cases.models import Case
from jiefen.core.policy import internal, system

RETENTION_YEARS = {Track.ARBITRATION: 10}
RETENTION_YEARS_OTHERWISE = 5


class ArchiveError(Exception):
    pass


@internal
def case_retention_until(case: Case) -> dt.date | None:
    """The first day the case's file may be destroyed; None while it is not closed."""
    if case.closed_at is None:
        return None
    years = max(
        [RETENTION_YEARS.get(track, RETENTION_YEARS_OTHERWISE) for track in case.tracks]
        or [RETENTION_YEARS_OTHERWISE]
    )
    closed = timezone.localtime(case.closed_at).date()
    try:
        return closed.replace(year=closed.year + years)
    except ValueError:  # closed on 29 February
        return closed.replace(year=closed.year + years, day=28)


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=zone),
        dt.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Archive:
    path: Path
    manifest: Path
    cases: int
    sha256: str


@system
def closed_year_archive(*, year: int, out_dir: Path) -> Archive:
    """Write every case closed in `year` (China time) and all its rows to
    `out_dir/cases-closed-<year>.jsonl.gz`, one line a case, and its manifest beside it."""
    start, end = _year_bounds(year)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"cases-closed-{year}.jsonl.gz"
    partial = path.with_suffix(".partial")
    count = 0
    cases = Case.objects.filter(closed_at__gte=start, closed_at__lt=end).order_by("pk")
    with gzip.open(partial, "wt", encoding="utf-8") as out:
        for case in cases.iterator(chunk_size=200):
            collector = NestedObjects(using="default")
            collector.collect([case])
            rows = [obj for instances in collector.data.values() for obj in instances]
            line = {
                "case": case.number,
                "closed_at": str(case.closed_at),
                "retention_until": str(case_retention_until(case)),
                "rows": json.loads(serializers.serialize("json", rows)),
            }
            out.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
            count += 1
    partial.replace(path)
    sha256 = _sha256(path)
    manifest = out_dir / f"cases-closed-{year}.manifest.json"
    manifest.write_text(
        json.dumps(
            {
                "year": year,
                "cases": count,
                "sha256": sha256,
                "written_at": timezone.now().isoformat(),
            },
            indent=2,
        )
    )
    audit_record(
        action=AuditAction.EXPORT,
        object_type="cases.case",
        summary=f"归档{year}年结案的案件 {count} 件：{path.name}",
    )
    return Archive(path=path, manifest=manifest, cases=count, sha256=sha256)


@dataclass
class Purge:
    destroyed: list[str] = field(default_factory=list)
    within_retention: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # another record still points at the case


@system
def closed_year_purge(*, archive: Path, today: dt.date | None = None) -> Purge:
    """Delete from the database the cases of `archive` whose retention has passed. Refuses an
    archive that does not match its manifest; keeps, and names, every case still in retention
    or still referred to by a record that protects it."""
    manifest_path = archive.with_name(archive.name.replace(".jsonl.gz", ".manifest.json"))
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError) as e:
        raise ArchiveError(f"找不到或无法读取归档清单 {manifest_path}：{e}") from e
    if _sha256(archive) != manifest["sha256"]:
        raise ArchiveError(f"归档文件 {archive} 与清单的校验值不符，未删除任何案件。")
    today = today or timezone.localdate()
    result = Purge()
    with gzip.open(archive, "rt", encoding="utf-8") as lines:
        numbers = [json.loads(line)["case"] for line in lines]
    for number in numbers:
        case = Case.objects.filter(number=number).first()
        if case is None:
            continue
        until = case_retention_until(case)
        if until is None or until > today:
            result.within_retention.append(number)
            continue
        try:
            with transaction.atomic():
                case.delete()
        except ProtectedError:
            result.held.append(number)
            continue
        result.destroyed.append(number)
    if result.destroyed:
        audit_record(
            action=AuditAction.PURGE,
            object_type="cases.case",
            summary=f"销毁保存期满的案件 {len(result.destroyed)} 件（归档 {archive.name}）"[:300],
        )
    return result
