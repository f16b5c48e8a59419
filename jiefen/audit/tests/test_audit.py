import pytest
from django.core.management import CommandError, call_command

from jiefen.audit.models import AuditEntry
from jiefen.audit.services import audit_record

pytestmark = pytest.mark.django_db


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
