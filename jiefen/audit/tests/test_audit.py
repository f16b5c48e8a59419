import datetime as dt
import importlib
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from jiefen.audit.chain import GENESIS, AuditKey, current_key, entry_digest, entry_fields
from jiefen.audit.models import AuditEntry, AuditHead
from jiefen.audit.selectors import audit_chain_verify, audit_checkpoints_read
from jiefen.audit.services import (
    audit_checkpoint_write,
    audit_record,
    checkpoint_file,
    checkpoint_parse,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_a_login_and_a_failed_login_are_recorded_with_the_address(client, clerk):
    client.post(
        "/accounts/login/",
        {"username": clerk.username, "password": "wrong"},
        REMOTE_ADDR="10.1.2.3",
    )
    client.post(
        "/accounts/login/",
        {"username": clerk.username, "password": "Pass-word-123"},
        REMOTE_ADDR="10.1.2.3",
    )
    failed = AuditEntry.objects.get(action="login_failed")
    assert (failed.object_id, failed.ip) == (clerk.username, "10.1.2.3")
    assert AuditEntry.objects.get(action="login").actor == clerk


def test_an_intact_chain_verifies(leader, capsys):
    for i in range(3):
        audit_record(
            action="view", actor=leader, object_type="cases.case", object_id=i, summary="查看"
        )
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_verify_reports_an_entry_altered_directly_in_the_database(leader, capsys):
    for i in range(3):
        audit_record(
            action="view", actor=leader, object_type="cases.case", object_id=i, summary="查看"
        )
    middle = AuditEntry.objects.order_by("id")[1]
    AuditEntry.objects.filter(pk=middle.pk).update(summary="无人查看")
    with pytest.raises(CommandError, match="broken"):
        call_command("audit_verify")
    assert f"entry {middle.pk}: content altered" in capsys.readouterr().out


def test_verify_reports_an_entry_removed_from_the_middle(leader, capsys):
    for i in range(3):
        audit_record(
            action="view", actor=leader, object_type="cases.case", object_id=i, summary="查看"
        )
    entries = list(AuditEntry.objects.order_by("id"))
    entries[1].delete()
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert f"entry {entries[2].pk}: link broken" in capsys.readouterr().out


def test_verify_reports_the_newest_entry_removed(leader, capsys):
    for i in range(2):
        audit_record(
            action="view", actor=leader, object_type="cases.case", object_id=i, summary="查看"
        )
    AuditEntry.objects.order_by("-id").first().delete()
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert "head does not match" in capsys.readouterr().out


def test_the_search_page_is_for_auditors_only(client, clerk, leader):
    audit_record(action="export", actor=clerk, object_type="cases.case", summary="导出案件列表")
    client.force_login(clerk)
    assert client.get("/audit/").status_code == 403
    client.force_login(leader)
    assert "导出案件列表" in client.get("/audit/", {"action": "export"}).content.decode()


def test_a_street_leader_cannot_read_the_district_trail(client, make_staff):
    from jiefen.accounts.choices import Role, ScopeLevel

    street_leader = make_staff(Role.LEADER, scope_level=ScopeLevel.STREET, scope_code="330106010")
    client.force_login(street_leader)
    assert client.get("/audit/").status_code == 403


def test_a_change_to_personal_data_is_recorded_before_and_after_without_the_full_number():
    from jiefen.parties.services import party_set_phone, worker_find_or_create

    worker = worker_find_or_create(name="张三", id_number="11010519491231002X", phone="13812345678")
    party_set_phone(worker, "13900001111")
    worker.address = "西湖区转塘街道"
    worker.save()

    created = AuditEntry.objects.get(
        action="create", object_type="parties.worker", object_id=str(worker.pk)
    )
    changed = AuditEntry.objects.get(
        action="change", object_type="parties.worker", object_id=str(worker.pk)
    )
    assert created.after["id_number_masked"] == "110105********002X"
    assert changed.before == {"address": "", "phone_masked": "138****5678"}
    assert changed.after == {"address": "西湖区转塘街道", "phone_masked": "139****1111"}
    assert "13900001111" not in str(changed.after) and "11010519491231002X" not in str(
        created.after
    )


def test_a_personal_data_change_made_through_a_request_names_who_made_it(api_as, clerk):
    from jiefen.cases.tests.test_api import PAYLOAD

    api_as(clerk).post("/api/v1/cases/", PAYLOAD, format="json", REMOTE_ADDR="10.9.8.7")
    entry = AuditEntry.objects.get(action="create", object_type="parties.worker")
    assert (entry.actor, entry.ip) == (clerk, "10.9.8.7")


# The keyed chain, its encoding and its checkpoints ------------------------------------------


def _views(actor, n):
    return [
        audit_record(action="view", actor=actor, object_type="cases.case", object_id=i)
        for i in range(n)
    ]


def _recompute_forward(key):
    """What an insider who holds the key does after removing entries: re-link and re-hash every
    entry after the gap, and move the head, so the chain itself verifies again."""
    prev, count = GENESIS, 0
    for entry in AuditEntry.objects.order_by("id"):
        entry.prev_hash = prev
        entry.hash = entry_digest(key=key, prev_hash=prev, fields=entry_fields(entry))
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        prev, count = entry.hash, count + 1
    AuditHead.objects.filter(id=1).update(last_hash=prev, count=count)


def test_an_entry_backdated_in_local_time_verifies(leader, capsys):
    # The demo writes its history with timezone.now() patched to a moment in +08:00; SQLite hands
    # it back in UTC. The hash must cover the instant, not the text of its offset.
    moment = dt.datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        audit_record(action="view", actor=leader, object_type="cases.case", object_id=1)
    audit_record(action="view", actor=leader, object_type="cases.case", object_id=2)

    call_command("audit_verify")

    assert "intact" in capsys.readouterr().out


def test_an_entry_is_keyed_with_the_newest_key_and_names_it(leader, settings):
    settings.JIEFEN_AUDIT_KEYS = {"2026b": "new-secret-" * 4, "2026a": "old-secret-" * 4}

    entry = audit_record(action="view", actor=leader, object_type="cases.case", object_id=1)

    assert entry.key_id == "2026b"
    assert entry.hash == entry_digest(
        key=AuditKey("2026b", ("new-secret-" * 4).encode()),
        prev_hash=GENESIS,
        fields=entry_fields(entry),
    )


def test_entries_keyed_before_a_rotation_still_verify_while_their_key_is_listed(
    leader, settings, capsys
):
    settings.JIEFEN_AUDIT_KEYS = {"2026a": "old-secret-" * 4}
    _views(leader, 2)
    settings.JIEFEN_AUDIT_KEYS = {"2026b": "new-secret-" * 4, "2026a": "old-secret-" * 4}
    _views(leader, 2)

    call_command("audit_verify")

    assert list(AuditEntry.objects.order_by("id").values_list("key_id", flat=True)) == [
        "2026a",
        "2026a",
        "2026b",
        "2026b",
    ]
    assert "intact" in capsys.readouterr().out


def test_an_entry_keyed_with_a_key_no_longer_listed_is_reported(leader, settings, capsys):
    settings.JIEFEN_AUDIT_KEYS = {"2026a": "old-secret-" * 4}
    first = _views(leader, 1)[0]
    settings.JIEFEN_AUDIT_KEYS = {"2026b": "new-secret-" * 4}

    with pytest.raises(CommandError):
        call_command("audit_verify")

    assert f"entry {first.pk}: signed with unknown key '2026a'" in capsys.readouterr().out


def test_a_removal_recomputed_without_the_key_is_reported(leader, capsys):
    entries = _views(leader, 4)
    entries[1].delete()
    _recompute_forward(AuditKey("guess", b"not-the-key"))

    with pytest.raises(CommandError):
        call_command("audit_verify")

    assert f"entry {entries[0].pk}: content altered" in capsys.readouterr().out


def test_a_removal_recomputed_forward_with_the_key_is_reported_against_the_checkpoint(
    leader, capsys
):
    entries = _views(leader, 5)
    audit_checkpoint_write()
    _views(leader, 2)
    entries[1].delete()
    entries[2].delete()
    _recompute_forward(current_key())
    assert audit_chain_verify() == []  # the chain alone no longer shows it

    with pytest.raises(CommandError, match="broken"):
        call_command("audit_verify")

    out = capsys.readouterr().out
    assert f"entry {entries[4].pk}: checkpoint of" in out
    assert "removed or rewritten" in out


def test_a_checkpoint_after_the_removal_agrees_with_the_chain_but_the_earlier_one_does_not(
    leader,
):
    entries = _views(leader, 3)
    first = audit_checkpoint_write()
    entries[0].delete()
    _recompute_forward(current_key())
    audit_checkpoint_write()

    problems = audit_chain_verify(checkpoints=audit_checkpoints_read(checkpoint_file()))

    assert [p.entry_id for p in problems] == [first.last_id]


def test_a_checkpoint_line_edited_in_the_file_is_reported_as_forged(leader, capsys):
    _views(leader, 3)
    audit_checkpoint_write()
    path = checkpoint_file()
    path.write_text(path.read_text().replace('"count":3', '"count":2'))

    with pytest.raises(CommandError):
        call_command("audit_verify")

    assert "bad signature (forged or damaged)" in capsys.readouterr().out


def test_checkpoints_are_read_from_a_syslog_servers_file(leader, tmp_path, capsys):
    entries = _views(leader, 3)
    checkpoint = audit_checkpoint_write(path=tmp_path / "ours.jsonl")
    syslog = tmp_path / "auth.log"
    syslog.write_text(
        "Dec  6 08:00:01 app1 sshd[42]: session opened\n"
        f"Dec  6 08:15:00 app1 INFO jiefen.audit.checkpoint: jiefen-audit-checkpoint "
        f"{checkpoint.line()}\n"
    )
    entries[0].delete()
    _recompute_forward(current_key())

    with pytest.raises(CommandError):
        call_command("audit_verify", "--checkpoints", str(syslog))

    assert "checked against 1 checkpoint(s)" in capsys.readouterr().out


def test_the_migration_rechains_entries_written_under_the_old_encoding(leader, capsys):
    from django.apps import apps
    from django.db import connection

    rechain = importlib.import_module("jiefen.audit.migrations.0002_keyed_chain").rechain
    _views(leader, 3)
    # As the unkeyed chain left them: SHA-256 hashes, no key id.
    for entry in AuditEntry.objects.all():
        AuditEntry.objects.filter(pk=entry.pk).update(key_id="", hash=f"{entry.pk:064x}")

    rechain(apps, SimpleNamespace(connection=connection))  # what RunPython hands it

    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_checkpoint_reaches_syslog_when_configured(tmp_path):
    """A real process with JIEFEN_AUDIT_SYSLOG set sends the checkpoint to a UDP syslog server."""
    import socket

    from jiefen.core.tests.processes import django_env, snapshot_database

    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind(("127.0.0.1", 0))
    server.settimeout(60)
    database = snapshot_database(tmp_path / "db.sqlite3")
    env = django_env(
        database=database,
        JIEFEN_AUDIT_SYSLOG=f"127.0.0.1:{server.getsockname()[1]}",
        JIEFEN_AUDIT_CHECKPOINT_FILE=str(tmp_path / "checkpoints.jsonl"),
    )
    code = "from jiefen.audit.services import audit_checkpoint_write; audit_checkpoint_write()"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    message = server.recv(4096).decode()
    server.close()
    assert "jiefen-audit-checkpoint" in message
    assert checkpoint_parse(message).line() in (tmp_path / "checkpoints.jsonl").read_text()


def test_the_checkpoint_is_a_periodic_task():
    from jiefen.core.scheduler import periodic_tasks

    assert "jiefen.audit.tasks.audit_checkpoint_task" in dict(periodic_tasks())


def test_a_fresh_demo_database_verifies_clean(xihu, capsys):
    call_command("seed_demo")
    audit_checkpoint_write()

    call_command("audit_verify")

    assert "audit chain intact" in capsys.readouterr().out


def test_entries_written_in_one_service_block_chain_even_across_a_savepoint_rolled_back(leader):
    """The second entry of a service's transaction chains onto the head it wrote without reading
    it; when a savepoint rolled back took that entry away, it reads the head again."""
    from django.db import transaction

    from jiefen.core.transactions import service_atomic

    with service_atomic():
        audit_record(action="view", actor=leader, object_type="t", object_id=1, summary="one")
        try:
            with transaction.atomic():
                audit_record(action="view", actor=leader, object_type="t", object_id=2)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        third = audit_record(action="view", actor=leader, object_type="t", object_id=3)
        fourth = audit_record(action="view", actor=leader, object_type="t", object_id=4)

    assert fourth.prev_hash == third.hash
    assert list(AuditEntry.objects.order_by("id").values_list("object_id", flat=True)) == [
        "1",
        "3",
        "4",
    ]
    assert audit_chain_verify() == []


def _entry_chained_onto(prev_hash: str, actor) -> AuditEntry:
    entry = AuditEntry(
        at=dt.datetime.now(dt.UTC), actor=actor, action="view", object_type="t", object_id="1"
    )
    entry.prev_hash = prev_hash
    entry.key_id = current_key().id
    entry.hash = entry_digest(key=current_key(), prev_hash=prev_hash, fields=entry_fields(entry))
    return entry


def test_the_database_refuses_an_entry_that_does_not_chain_onto_the_head(leader):
    from jiefen.audit.services import _insert_chained

    audit_record(action="view", actor=leader, object_type="t", object_id=1)
    head = AuditHead.objects.get(id=1)

    assert _insert_chained(_entry_chained_onto(GENESIS, leader)) is False
    assert AuditEntry.objects.count() == 1
    assert AuditHead.objects.get(id=1).last_hash == head.last_hash


def test_an_entry_inserted_onto_the_head_moves_the_head_in_the_same_statement(leader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jiefen.audit.services import _insert_chained

    first = audit_record(action="view", actor=leader, object_type="t", object_id=1)
    entry = _entry_chained_onto(first.hash, leader)
    with CaptureQueriesContext(connection) as ctx:
        assert _insert_chained(entry) is True

    assert len(ctx.captured_queries) == 1
    head = AuditHead.objects.get(id=1)
    assert (head.last_hash, head.count) == (entry.hash, 2)


def test_an_entry_chained_onto_a_head_moved_before_its_insert_is_chained_again(leader):
    """Another writer moved the head between this writer's read and its INSERT: the database
    refused the row, and the entry is chained onto the new head."""
    from jiefen.audit import services

    first = audit_record(action="view", actor=leader, object_type="t", object_id=1)
    # The first read answers the head as it was before `first`, the next ones the database.
    stale_once = mock.Mock(side_effect=[GENESIS, services._head_hash()])
    with mock.patch.object(services, "_head_hash", stale_once):
        second = audit_record(action="view", actor=leader, object_type="t", object_id=2)

    assert second.prev_hash == first.hash
    assert audit_chain_verify() == []


def test_an_entry_whose_head_keeps_moving_is_appended_under_the_heads_lock(leader):
    from jiefen.audit import services

    first = audit_record(action="view", actor=leader, object_type="t", object_id=1)
    with mock.patch.object(services, "_head_hash", return_value=GENESIS):
        second = audit_record(action="view", actor=leader, object_type="t", object_id=2)

    assert second.prev_hash == first.hash
    assert audit_chain_verify() == []


@pytest.mark.django_db(transaction=True)
def test_writers_appending_at_once_leave_one_unbroken_chain(xihu, make_staff):
    """Four connections append at once (PostgreSQL: SQLite lets one writer in at a time)."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    leader = make_staff("leader")
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            start.wait()
            for i in range(10):
                audit_record(action="view", actor=leader, object_type="t", object_id=f"{n}-{i}")
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditHead.objects.get(id=1).count == AuditEntry.objects.count()
    assert AuditEntry.objects.filter(object_type="t").count() == 40
    assert audit_chain_verify() == []


def test_an_entry_given_the_head_read_with_the_views_row_is_one_insert(leader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jiefen.accounts.models import User
    from jiefen.audit.services import audit_head_column

    first = audit_record(action="view", actor=leader, object_type="t", object_id=1)
    row = User.objects.annotate(head=audit_head_column()).get(pk=leader.pk)
    with CaptureQueriesContext(connection) as ctx:
        second = audit_record(
            action="view", actor=leader, object_type="t", object_id=2, head=row.head
        )

    assert len(ctx.captured_queries) == 1
    assert second.prev_hash == first.hash
    assert audit_chain_verify() == []


def test_an_entry_given_a_head_that_moved_since_it_was_read_is_chained_onto_the_new_head(leader):
    from jiefen.accounts.models import User
    from jiefen.audit.services import audit_head_column

    audit_record(action="view", actor=leader, object_type="t", object_id=0)
    row = User.objects.annotate(head=audit_head_column()).get(pk=leader.pk)
    first = audit_record(action="view", actor=leader, object_type="t", object_id=1)

    second = audit_record(action="view", actor=leader, object_type="t", object_id=2, head=row.head)

    assert row.head == first.prev_hash  # a head the INSERT's trigger refuses
    assert second.prev_hash == first.hash
    assert audit_chain_verify() == []


def test_the_first_entry_ever_given_no_head_creates_the_head(leader):
    from jiefen.accounts.models import User
    from jiefen.audit.services import audit_head_column

    assert not AuditHead.objects.exists()
    row = User.objects.annotate(head=audit_head_column()).get(pk=leader.pk)

    entry = audit_record(action="view", actor=leader, object_type="t", object_id=1, head=row.head)

    assert row.head is None
    assert entry.prev_hash == GENESIS
    assert AuditHead.objects.get(id=1).last_hash == entry.hash
