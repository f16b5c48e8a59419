import sqlite3
import subprocess
import uuid

import pytest
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
    import tarfile

    archive = backup_create(out_dir=tmp_path / "backups")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "media/evidence/contract.pdf":
                data = b"%PDF-1.4 forged"
                member.size = len(data)
            import io

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
