"""Consistent backups of a running installation, and restoring one into an empty installation.

An archive (tar.gz) holds the database — SQLite through its online backup API, which copies a
consistent snapshot while the site keeps serving; PostgreSQL through `pg_dump -Fc`, which reads
one snapshot transaction — the uploaded files under MEDIA_ROOT, and a manifest with the SHA-256
of every member, checked before anything is restored."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class RestoreTarget:
    """Where to restore: a SQLite file path, or a PostgreSQL URL; and the media directory."""

    media_root: Path
    sqlite_path: Path | None = None
    postgres_url: str | None = None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or "127.0.0.1"),
            "PGPORT": str(db.get("PORT") or 5432),
            "PGUSER": str(db.get("USER") or "postgres"),
            "PGDATABASE": str(db["NAME"]),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _dump_database(workdir: Path) -> str:
    if connection.vendor == "sqlite":
        target = workdir / "db.sqlite3"
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        with dest:
            connection.connection.backup(dest)
        dest.close()
        return target.name
    if connection.vendor == "postgresql":
        target = workdir / "db.dump"
        result = subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", "-f", str(target)],
            env=_pg_env(),
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target.name
    raise BackupError(f"backups of {connection.vendor} are not supported")


def backup_create(*, out_dir: Path) -> Path:
    """Write a backup archive into `out_dir`; returns its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = out_dir / f"jiefen-backup-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        db_member = _dump_database(workdir)
        files = {db_member: _sha256(workdir / db_member)}
        media_files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        )
        for path in media_files:
            files["media/" + path.relative_to(media_root).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": db_member,
            "files": files,
        }
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(workdir / db_member, arcname=db_member)
            for path in media_files:
                tar.add(path, arcname="media/" + path.relative_to(media_root).as_posix())
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return archive


def _safe_extract(tar: tarfile.TarFile, dest: Path) -> None:
    for member in tar.getmembers():
        target = (dest / member.name).resolve()
        if not str(target).startswith(str(dest.resolve())) or member.issym() or member.islnk():
            raise BackupError(f"unsafe path in archive: {member.name}")
    tar.extractall(dest)  # noqa: S202 - members checked above


def backup_restore(*, archive: Path, target: RestoreTarget) -> dict:
    """Restore an archive into an empty installation; refuses to overwrite existing data."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            _safe_extract(tar, workdir)
        manifest = json.loads((workdir / "manifest.json").read_text())
        for name, digest in manifest["files"].items():
            if _sha256(workdir / name) != digest:
                raise BackupError(f"{name} is damaged: its checksum does not match the manifest")
        if target.media_root.exists() and any(target.media_root.iterdir()):
            raise BackupError(
                f"{target.media_root} is not empty: restore only into an empty installation"
            )
        db_member = manifest["database"]
        if manifest["engine"] == "sqlite":
            if target.sqlite_path is None:
                raise BackupError(
                    "this archive holds a SQLite database: restore it into a SQLite installation"
                )
            if target.sqlite_path.exists() and target.sqlite_path.stat().st_size > 0:
                raise BackupError(
                    f"{target.sqlite_path} exists: restore only into an empty installation"
                )
            target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(workdir / db_member, target.sqlite_path)
        else:
            if target.postgres_url is None:
                raise BackupError(
                    "this archive holds a PostgreSQL dump: restore it into a PostgreSQL installation"
                )
            result = subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    "-d",
                    target.postgres_url,
                    str(workdir / db_member),
                ],
                capture_output=True,
                text=True,
                timeout=3600,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        media_src = workdir / "media"
        if media_src.exists():
            shutil.copytree(media_src, target.media_root, dirs_exist_ok=True)
        return manifest
