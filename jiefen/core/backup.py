"""Consistent backups of a running installation, and restoring one into an empty installation.

An archive (tar.gz) holds the database — SQLite through its online backup API, which copies a
consistent snapshot while the site keeps serving; PostgreSQL through `pg_dump -Fc`, which reads
one snapshot transaction — the uploaded files under MEDIA_ROOT, each encrypted with the newest
data key (`JIEFEN_DATA_KEYS`: evidence scans hold identity cards and pay slips), and a manifest
with the SHA-256 of every member, checked before anything is restored.

Restoring trusts nothing in the archive: every member must be a regular file the manifest lists,
under a relative path that stays inside the extraction directory (no `..`, no absolute path, no
link or device), and the extraction itself runs with tarfile's `filter="data"`."""

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
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.utils import timezone

from jiefen.core.crypto import data_key_fingerprint, data_keys, decrypt_bytes, encrypt_bytes

# 1: media files in the clear; 2: media files encrypted with the data key.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"


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
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(workdir / db_member, arcname=db_member)
            for path in media_files:
                name = "media/" + path.relative_to(media_root).as_posix()
                sealed = encrypt_bytes(path.read_bytes())
                files[name] = hashlib.sha256(sealed).hexdigest()
                _add_bytes(tar, name, sealed)
            manifest = {
                "format": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "database": db_member,
                "media_encrypted": True,
                "data_key": data_key_fingerprint(),
                "files": files,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
    return archive


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _refuse_unsafe(member: tarfile.TarInfo, dest: Path, listed: set[str]) -> None:
    """Raise BackupError unless restore may write this member."""
    path = PurePosixPath(member.name)
    if path.is_absolute() or member.name.startswith("\\") or ".." in path.parts:
        raise BackupError(f"unsafe path in archive: {member.name}")
    if not member.isreg():
        raise BackupError(f"unsafe member in archive (link, device or directory): {member.name}")
    try:
        tarfile.data_filter(member, str(dest))
    except tarfile.FilterError as e:
        raise BackupError(f"unsafe member in archive: {member.name} ({e})") from e
    if member.name not in listed:
        raise BackupError(f"{member.name} is in the archive but not in its manifest")


def _safe_extract(tar: tarfile.TarFile, dest: Path) -> dict:
    """Read the manifest, check every member, then extract them (tarfile's "data" filter)."""
    try:
        manifest_member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError("not a jiefen backup: the archive has no manifest") from None
    if not manifest_member.isreg():
        raise BackupError(f"unsafe member in archive (link, device or directory): {MANIFEST}")
    try:
        manifest_file = tar.extractfile(manifest_member)
        if manifest_file is None:
            raise BackupError(f"unreadable member in archive: {MANIFEST}")
        manifest = json.loads(manifest_file.read())
        listed = {MANIFEST, *manifest["files"]}
    except (ValueError, KeyError, TypeError) as e:
        raise BackupError(f"the archive's manifest is unreadable: {e}") from e
    if manifest.get("format") not in (1, FORMAT_VERSION):
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    if manifest.get("database") not in manifest["files"]:
        raise BackupError("the archive's manifest names no database among its files")
    members = tar.getmembers()
    for member in members:
        _refuse_unsafe(member, dest, listed)
    missing = listed - {m.name for m in members}
    if missing:
        raise BackupError(f"{sorted(missing)[0]} is in the manifest but not in the archive")
    tar.extractall(dest, members=members, filter="data")
    return manifest


def _media_unseal(manifest: dict, workdir: Path) -> Path | None:
    """Decrypt the archived media beside them before anything is restored, so that a backup
    made under other data keys is refused whole."""
    src = workdir / "media"
    if not src.exists():
        return None
    if not manifest.get("media_encrypted"):
        return src  # format 1
    plain = workdir / "media-plain"
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        try:
            data = decrypt_bytes(path.read_bytes())
        except ValueError:
            configured = ", ".join(data_key_fingerprint(k) for k in data_keys())
            raise BackupError(
                f"media/{path.relative_to(src).as_posix()} cannot be decrypted: the backup was "
                f"made under the data key {manifest.get('data_key', '?')}, this installation has "
                f"{configured}; restore with that key in JIEFEN_DATA_KEYS"
            ) from None
        target = plain / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return plain


def backup_restore(*, archive: Path, target: RestoreTarget) -> dict:
    """Restore an archive into an empty installation; refuses to overwrite existing data."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                manifest = _safe_extract(tar, workdir)
        except (tarfile.TarError, OSError, EOFError) as e:
            raise BackupError(f"{archive} is not a readable backup archive: {e}") from e
        for name, digest in manifest["files"].items():
            if _sha256(workdir / name) != digest:
                raise BackupError(f"{name} is damaged: its checksum does not match the manifest")
        media_src = _media_unseal(manifest, workdir)
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
        if media_src is not None:
            shutil.copytree(media_src, target.media_root, dirs_exist_ok=True)
        return manifest
