import pytest
from django.db import connection

from jiefen.audit.models import AuditEntry
from jiefen.core.policy import Forbidden
from jiefen.parties.models import Employer, Worker
from jiefen.parties.services import (
    employer_find_or_create,
    party_contact,
    party_reveal,
    worker_find_or_create,
)

pytestmark = pytest.mark.django_db
NUMBER = "11010519491231002X"


def crypto_plain(cipher: str) -> str:
    from jiefen.core import crypto

    return crypto.decrypt(cipher)


def test_identity_number_and_phone_are_masked_for_display():
    worker = worker_find_or_create(name="张三", id_number=NUMBER, phone="13812345678")
    assert worker.id_number_masked == "110105********002X"
    assert worker.phone_masked == "138****5678"


def test_identity_number_is_not_stored_in_clear():
    worker = worker_find_or_create(name="张三", id_number=NUMBER, phone="13812345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM parties_worker WHERE id = %s", [worker.pk])
        row = " ".join(str(v) for v in cursor.fetchone())
    assert NUMBER not in row and "13812345678" not in row


def test_a_worker_is_found_again_by_identity_number():
    first = worker_find_or_create(name="张三", id_number=NUMBER)
    again = worker_find_or_create(name="张三", id_number=NUMBER.lower())
    assert again.pk == first.pk
    assert Worker.objects.count() == 1


def test_a_match_by_identity_number_changes_neither_name_nor_phone():
    worker_find_or_create(name="张三", id_number=NUMBER, phone="13812345678")
    again = worker_find_or_create(name="王五", id_number=NUMBER, phone="13900000000")
    again.refresh_from_db()
    assert (again.name, again.phone_masked) == ("张三", "138****5678")


def test_an_employer_is_found_again_by_credit_code():
    first = employer_find_or_create(name="北京某公司", credit_code="91110000802100433B")
    again = employer_find_or_create(name="北京某公司（简称）", credit_code="91110000802100433b")
    assert again.pk == first.pk
    assert Employer.objects.count() == 1


def _worker_on_a_case(actor, **kwargs):
    from jiefen.cases.tests.factories import make_case

    return make_case(actor=actor, **kwargs).claimants.get().worker


def test_reveal_returns_the_full_number_and_records_who_saw_it(leader):
    worker = _worker_on_a_case(leader)
    value = party_reveal(party=worker, field="id_number", actor=leader, reason="制作调解协议书")
    assert value == crypto_plain(worker.id_number_cipher)
    entry = AuditEntry.objects.get(action="reveal")
    assert entry.actor == leader
    assert entry.object_id == str(worker.pk)
    assert "制作调解协议书" in entry.summary


def test_reveal_without_a_reason_is_refused_and_not_recorded(leader):
    from django.core.exceptions import ValidationError

    worker = _worker_on_a_case(leader)
    with pytest.raises(ValidationError):
        party_reveal(party=worker, field="id_number", actor=leader, reason=" ")
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_reveal_view_shows_the_number_to_staff_in_scope(client, leader):
    from jiefen.cases.tests.factories import make_case

    case = make_case(actor=leader)
    worker = case.claimants.get().worker
    client.force_login(leader)
    response = client.post(f"/parties/worker/{worker.pk}/reveal/id_number/", {"reason": "核对身份"})
    assert response.status_code == 200
    assert worker.id_number_masked[:6] in response.content.decode()
    assert "*" not in response.content.decode()


def test_reveal_view_is_404_outside_the_scope(client, leader, clerk_elsewhere):
    from jiefen.cases.tests.factories import make_case

    case = make_case(actor=leader, village_code="330106010002")
    worker = case.claimants.get().worker
    client.force_login(clerk_elsewhere)
    response = client.post(f"/parties/worker/{worker.pk}/reveal/id_number/", {"reason": "好奇"})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_a_police_liaison_may_not_reveal_an_identity_number(make_staff, leader):
    from jiefen.accounts.choices import Role

    worker = _worker_on_a_case(leader)
    with pytest.raises(Forbidden):
        party_reveal(
            party=worker, field="id_number", actor=make_staff(Role.POLICE_LIAISON), reason="核对"
        )
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_the_reveal_page_refuses_a_police_liaison(client, make_staff, leader):
    from jiefen.accounts.choices import Role

    worker = _worker_on_a_case(leader)
    client.force_login(make_staff(Role.POLICE_LIAISON))
    response = client.post(f"/parties/worker/{worker.pk}/reveal/id_number/", {"reason": "核对"})
    assert response.status_code == 403


def test_reveal_is_refused_for_a_party_outside_the_scope(leader, clerk_elsewhere):
    worker = _worker_on_a_case(leader, village_code="330106010002")
    with pytest.raises(Forbidden):
        party_reveal(party=worker, field="phone", actor=clerk_elsewhere, reason="好奇")


def test_reveal_needs_a_person(leader):
    worker = _worker_on_a_case(leader)
    with pytest.raises(Forbidden):
        party_reveal(party=worker, field="phone", actor=None, reason="短信")


def test_contact_hands_the_phone_to_code_and_records_it():
    worker = worker_find_or_create(name="张三", id_number=NUMBER, phone="13812345678")
    assert party_contact(party=worker, reason="短信告知") == "13812345678"
    entry = AuditEntry.objects.get(action="reveal")
    assert entry.object_id == str(worker.pk)
    assert "短信告知" in entry.summary


def test_contact_without_a_phone_on_file_records_nothing():
    worker = worker_find_or_create(name="张三", id_number=NUMBER)
    assert party_contact(party=worker, reason="短信告知") == ""
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_the_case_page_offers_the_reveal_only_to_roles_granted_it(client, make_staff, leader):
    from jiefen.accounts.choices import Role
    from jiefen.cases.tests.factories import make_case

    case = make_case(actor=leader)
    reveal = f"/parties/worker/{case.claimants.get().worker.pk}/reveal/"
    client.force_login(leader)
    assert reveal in client.get(case.get_absolute_url()).content.decode()

    client.force_login(make_staff(Role.POLICE_LIAISON))
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    assert reveal not in page.content.decode()


def test_two_workers_without_an_identity_number_are_two_people():
    first = worker_find_or_create(name="张三", phone="13812345678")
    second = worker_find_or_create(name="张三", phone="13812345678")
    assert first.pk != second.pk


def test_a_registration_racing_on_the_same_identity_number_takes_the_row_written_first():
    """The other clerk's INSERT lands between our look-up and ours: ours fails on the unique
    key inside its savepoint, and the row already there is the person."""
    from unittest import mock

    from jiefen.parties.models import Worker

    theirs = worker_find_or_create(name="张三", id_number=NUMBER)
    with mock.patch.object(Worker.objects, "filter", return_value=Worker.objects.none()):
        ours = worker_find_or_create(name="张三", id_number=NUMBER)
    assert ours.pk == theirs.pk
