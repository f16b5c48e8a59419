import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from jiefen.core import crypto
from jiefen.parties.models import Worker
from jiefen.parties.services import worker_find, worker_find_or_create

pytestmark = pytest.mark.django_db
NUMBER = "11010519491231002X"


def test_after_rotation_data_reads_with_the_new_key_alone(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.JIEFEN_DATA_KEYS = [old]
    worker = worker_find_or_create(name="张三", id_number=NUMBER, phone="13812345678")

    settings.JIEFEN_DATA_KEYS = [new, old]
    call_command("rotate_data_keys")
    settings.JIEFEN_DATA_KEYS = [new]

    worker.refresh_from_db()
    assert crypto.decrypt(worker.id_number_cipher) == NUMBER
    assert crypto.decrypt(worker.phone_cipher) == "13812345678"


def test_without_rotation_removing_the_old_key_makes_data_unreadable(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.JIEFEN_DATA_KEYS = [old]
    worker = worker_find_or_create(name="张三", id_number=NUMBER)
    settings.JIEFEN_DATA_KEYS = [new]
    with pytest.raises(ValueError, match="cannot be decrypted"):
        crypto.decrypt(Worker.objects.get(pk=worker.pk).id_number_cipher)


def test_rehash_keeps_lookup_working_after_the_lookup_key_changes(settings):
    settings.JIEFEN_LOOKUP_KEY = "lookup-key-one"
    worker = worker_find_or_create(name="张三", id_number=NUMBER)
    settings.JIEFEN_LOOKUP_KEY = "lookup-key-two"
    assert worker_find(id_number=NUMBER) is None
    call_command("rotate_data_keys", "--rehash")
    assert worker_find(id_number=NUMBER).pk == worker.pk
