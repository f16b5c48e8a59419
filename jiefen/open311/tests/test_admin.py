import re

import pytest
from django.contrib.messages import get_messages

from jiefen.open311.models import Client
from jiefen.open311.selectors import client_for_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_http(administrator, client):
    administrator.is_superuser = True
    administrator.save(update_fields=["is_superuser"])
    client.force_login(administrator)
    return client


def test_adding_a_client_in_the_admin_shows_its_key_once_and_keeps_only_the_hash(admin_http):
    response = admin_http.post(
        "/admin/open311/client/add/",
        {
            "name": "杭州城市大脑APP",
            "contact": "张工",
            "scope": "own",
            "can_file": "on",
            "per_minute": "60",
            "per_day": "5000",
        },
    )

    assert response.status_code == 302
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    key = re.search(r"o311_[\w-]+", text).group(0)
    client = Client.objects.get(name="杭州城市大脑APP")
    assert client_for_key(key) == client
    assert client.created_by is not None
    assert key not in {str(v) for v in Client.objects.filter(pk=client.pk).values().get().values()}


def test_the_revoke_action_closes_the_door_to_the_key(admin_http, issue):
    client, key = issue()

    admin_http.post(
        "/admin/open311/client/",
        {"action": "revoke", "_selected_action": [client.pk]},
    )

    assert client_for_key(key) is None
    client.refresh_from_db()
    assert client.revoked_at is not None


def test_changing_a_clients_scope_in_the_admin_is_recorded_in_the_audit_trail(admin_http, issue):
    from jiefen.audit.models import AuditEntry

    client, _key = issue()

    admin_http.post(
        f"/admin/open311/client/{client.pk}/change/",
        {
            "name": client.name,
            "contact": "",
            "scope": "open311",
            "can_file": "on",
            "per_minute": "60",
            "per_day": "5000",
        },
    )

    client.refresh_from_db()
    assert client.scope == "open311"
    entry = AuditEntry.objects.filter(summary__startswith="修改Open311客户端").get()
    assert entry.after == {"scope": "open311"}
