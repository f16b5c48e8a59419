import hashlib
import io
import json
import sqlite3
import subprocess
import tarfile
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.tests.factories import make_case
from jiefen.core.backup import BackupError, RestoreTarget, backup_create, backup_restore

pytestmark = pytest.mark.django_db(transaction=True)
TABLES = ["cases_case", "cases_caseevent", "cases_claimant", "cases_clock", "parties_worker"]


@pytest.fixture
def installation(settings, tmp_path, xihu, leader):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    for _ in range(3):
        make_case(actor=leader, status=S.ACCEPTED)
    (settings.MEDIA_ROOT / "evidence" / "contract.pdf").write_bytes(b"%PDF-1.4 labour contract")
    (settings.MEDIA_ROOT / "evidence" / "photo.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    )
    return settings.MEDIA_ROOT


def rows(cursor, table):
    cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 - fixed table names
    return cursor.fetchall()


def source_rows():
    with connection.cursor() as cursor:
        return {t: rows(cursor, t) for t in TABLES}


def test_backup_and_restore_keep_every_case_event_and_file(installation, tmp_path):
    archive = backup_create(out_dir=tmp_path / "backups")
    media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        db_path = tmp_path / "restored.sqlite3"
        backup_restore(archive=archive, target=RestoreTarget(media_root=media, sqlite_path=db_path))
        # Read back with the type converters Django's SQLite backend registered.
        restored = sqlite3.connect(
            db_path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
        restored_rows = {t: rows(restored.cursor(), t) for t in TABLES}
        assert restored_rows == source_rows()
    else:
        name = f"jiefen_restore_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
        try:
            backup_restore(
                archive=archive, target=RestoreTarget(media_root=media, postgres_url=url)
            )
            import psycopg

            # Compare PostgreSQL's own text of each row, so both sides use one representation.
            as_json = "SELECT row_to_json(t)::text FROM {} t ORDER BY id"
            with psycopg.connect(url) as restored:
                restored_rows = {t: restored.execute(as_json.format(t)).fetchall() for t in TABLES}
            with connection.cursor() as cursor:
                original = {}
                for t in TABLES:
                    cursor.execute(as_json.format(t))
                    original[t] = cursor.fetchall()
            assert restored_rows == original
        finally:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False)
    assert len(restored_rows["cases_case"]) == 3
    assert (media / "evidence" / "contract.pdf").read_bytes() == b"%PDF-1.4 labour contract"
    assert (media / "evidence" / "photo.png").read_bytes() == (
        installation / "evidence" / "photo.png"
    ).read_bytes()


def test_restore_refuses_a_non_empty_installation(installation, tmp_path):
    archive = backup_create(out_dir=tmp_path / "backups")
    media = tmp_path / "busy-media"
    media.mkdir()
    (media / "existing.txt").write_text("data")
    with pytest.raises(BackupError, match="not empty"):
        backup_restore(
            archive=archive,
            target=RestoreTarget(
                media_root=media,
                sqlite_path=tmp_path / "x.sqlite3",
                postgres_url="postgres://unused",
            ),
        )
    assert (media / "existing.txt").read_text() == "data"


def test_restore_refuses_a_damaged_archive(installation, tmp_path):
    archive = backup_create(out_dir=tmp_path / "backups")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "media/evidence/contract.pdf":
                data = b"%PDF-1.4 forged"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="damaged"):
        backup_restore(
            archive=damaged,
            target=RestoreTarget(
                media_root=tmp_path / "m",
                sqlite_path=tmp_path / "y.sqlite3",
                postgres_url="postgres://unused",
            ),
        )


def test_evidence_files_are_encrypted_in_the_archive_and_restored_readable(installation, tmp_path):
    archive = backup_create(out_dir=tmp_path / "backups")
    with tarfile.open(archive) as tar:
        sealed = tar.extractfile("media/evidence/contract.pdf").read()
    media = tmp_path / "restored-media"

    backup_restore(
        archive=archive,
        target=RestoreTarget(
            media_root=media, sqlite_path=tmp_path / "r.sqlite3", postgres_url=_scratch_pg()
        ),
    )

    assert b"labour contract" not in sealed and b"%PDF" not in sealed
    assert (media / "evidence" / "contract.pdf").read_bytes() == b"%PDF-1.4 labour contract"


def test_an_archive_made_under_another_data_key_is_refused_before_anything_is_restored(
    installation, tmp_path, settings
):
    archive = backup_create(out_dir=tmp_path / "backups")
    settings.JIEFEN_DATA_KEYS = [Fernet.generate_key().decode()]
    db_path = tmp_path / "r.sqlite3"

    with pytest.raises(BackupError, match="cannot be decrypted: the backup was made under"):
        backup_restore(
            archive=archive,
            target=RestoreTarget(
                media_root=tmp_path / "m", sqlite_path=db_path, postgres_url="postgres://unused"
            ),
        )
    assert not db_path.exists()
    assert not (tmp_path / "m").exists()


def _member(name: str, *, data: bytes = b"", kind: bytes = tarfile.REGTYPE, link: str = ""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    return info, io.BytesIO(data)


CRAFTED = {
    "parent directory": _member("../escaped.txt", data=b"owned"),
    "nested parent directory": _member("media/../../escaped.txt", data=b"owned"),
    "absolute path": _member("/tmp/jiefen-escaped.txt", data=b"owned"),
    "symlink out": _member("media/evidence/link", kind=tarfile.SYMTYPE, link="/etc/passwd"),
    "symlink in": _member("media/evidence/alias", kind=tarfile.SYMTYPE, link="contract.pdf"),
    "hard link": _member("media/evidence/hard", kind=tarfile.LNKTYPE, link="/etc/passwd"),
    "device": _member("media/evidence/dev", kind=tarfile.CHRTYPE),
}


@pytest.mark.parametrize("kind", CRAFTED)
def test_restore_refuses_an_archive_with_a_crafted_member(installation, tmp_path, kind):
    archive = backup_create(out_dir=tmp_path / "backups")
    crafted = tmp_path / "crafted.tar.gz"
    info, data = CRAFTED[kind]
    with tarfile.open(archive) as src, tarfile.open(crafted, "w:gz") as dst:
        manifest = json.loads(src.extractfile("manifest.json").read())
        # Listed in the manifest with its checksum, so only the path itself can refuse it.
        manifest["files"][info.name] = hashlib.sha256(data.getvalue()).hexdigest()
        dst.addfile(info, data)
        for member in src.getmembers():
            if member.name != "manifest.json":
                dst.addfile(member, src.extractfile(member))
        body = json.dumps(manifest).encode()
        dst.addfile(_member("manifest.json", data=body)[0], io.BytesIO(body))
    db_path = tmp_path / "work" / "r.sqlite3"

    with pytest.raises(BackupError, match="unsafe"):
        backup_restore(
            archive=crafted,
            target=RestoreTarget(
                media_root=tmp_path / "work" / "media",
                sqlite_path=db_path,
                postgres_url="postgres://unused",
            ),
        )
    assert not (tmp_path / "escaped.txt").exists()
    assert not Path("/tmp/jiefen-escaped.txt").exists()
    assert not (tmp_path / "work").exists()


def test_restore_refuses_a_member_the_manifest_does_not_list(installation, tmp_path):
    archive = backup_create(out_dir=tmp_path / "backups")
    extra = tmp_path / "extra.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(extra, "w:gz") as dst:
        for member in src.getmembers():
            dst.addfile(member, src.extractfile(member))
        dst.addfile(*_member("media/evidence/planted.pdf", data=b"planted"))

    with pytest.raises(BackupError, match="planted.pdf is in the archive but not in its manifest"):
        backup_restore(
            archive=extra,
            target=RestoreTarget(
                media_root=tmp_path / "m",
                sqlite_path=tmp_path / "r.sqlite3",
                postgres_url="postgres://unused",
            ),
        )


def _scratch_pg() -> str | None:
    """A fresh PostgreSQL database to restore into when the suite runs on PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    name = f"jiefen_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    _SCRATCH.append(name)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


_SCRATCH: list[str] = []


@pytest.fixture(autouse=True)
def _drop_scratch_databases():
    yield
    while _SCRATCH:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", _SCRATCH.pop()], check=False)
