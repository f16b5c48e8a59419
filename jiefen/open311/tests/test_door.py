"""The door's rules: keys, scopes, jurisdiction, limits, required fields, masking, filters."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiefen.cases.models import Case
from jiefen.open311.choices import ClientScope
from jiefen.open311.models import Client
from jiefen.open311.services import open311_client_revoke
from jiefen.open311.tests.conftest import request_fields

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


def _file(http, key, **overrides) -> str:
    response = http.post(f"{BASE}/requests.json", request_fields(api_key=key, **overrides))
    assert response.status_code == 201, response.content.decode()
    return response.json()[0]["service_request_id"]


# ---------------------------------------------------------------- keys


@pytest.mark.parametrize("key", ["", "o311_wrong"])
def test_a_missing_or_wrong_key_is_refused_403_and_files_nothing(http, key):
    response = http.post(f"{BASE}/requests.json", request_fields(api_key=key))

    assert response.status_code == 403
    (error,) = response.json()
    assert error["code"] == 403
    assert "api_key" in error["description"]
    assert Case.objects.count() == 0


def test_a_revoked_key_is_refused(http, issue):
    client, key = issue()
    open311_client_revoke(actor=None, client=client)

    response = http.get(f"{BASE}/requests.xml", {"api_key": key})

    assert response.status_code == 403
    assert b"<code>403</code>" in response.content


def test_the_key_is_kept_only_as_a_hash(issue):
    client, key = issue()

    stored = Client.objects.filter(pk=client.pk).values().get()
    assert key not in {str(v) for v in stored.values()}
    assert key.startswith(client.key_prefix)


def test_the_management_command_issues_a_key_that_opens_the_door(http):
    out = io.StringIO()
    call_command("open311_key", "issue", "区人社局热线", "--scope", "open311", stdout=out)

    key = next(line for line in out.getvalue().splitlines() if line.startswith("api_key: "))[9:]
    assert Client.objects.get(name="区人社局热线").scope == ClientScope.OPEN311
    assert http.get(f"{BASE}/requests.json", {"api_key": key}).status_code == 200


def test_a_read_only_client_may_not_file(http, issue):
    _client, key = issue("统计看板", can_file=False)

    response = http.post(f"{BASE}/requests.json", request_fields(api_key=key))

    assert response.status_code == 403
    assert "无权提交" in response.json()[0]["description"]


def test_services_need_no_key(http):
    assert http.get(f"{BASE}/services.json").status_code == 200


# ---------------------------------------------------------------- scope


def test_another_clients_request_is_not_visible(http, issue):
    _a, key_a = issue("甲APP")
    _b, key_b = issue("乙APP")
    request_id = _file(http, key_a)

    one = http.get(f"{BASE}/requests/{request_id}.json", {"api_key": key_b})
    listed = http.get(f"{BASE}/requests.json", {"api_key": key_b, "service_request_id": request_id})

    assert one.status_code == 404
    assert one.json()[0]["code"] == 404
    assert listed.json() == []


def test_a_client_granted_every_open311_request_sees_them_without_the_filers_point(http, issue):
    _a, key_a = issue("甲APP")
    _hotline, key_hotline = issue("市民热线", scope=ClientScope.OPEN311)
    request_id = _file(http, key_a)

    (doc,) = http.get(f"{BASE}/requests/{request_id}.json", {"api_key": key_hotline}).json()
    (own,) = http.get(f"{BASE}/requests/{request_id}.json", {"api_key": key_a}).json()

    assert doc["service_request_id"] == request_id
    assert (doc["lat"], doc["long"]) == (None, None)
    assert own["lat"] == 30.15012


# ---------------------------------------------------------------- personal data


def test_identity_numbers_and_phones_are_masked_in_what_get_answers(http, app_key):
    description = "本人身份证330106199001011234，电话13987654321，老板拖欠工资。"
    request_id = _file(
        http, app_key, description=description, **{"attribute[id_number]": "33010619900101123X"}
    )

    body = http.get(f"{BASE}/requests/{request_id}.json", {"api_key": app_key}).content.decode()

    assert "330106199001011234" not in body
    assert "33010619900101123X" not in body
    assert "13987654321" not in body
    assert "139****4321" in body
    assert "13812345678" not in body  # the filer's own phone is never sent back
    case = Case.objects.get(open311_request__request_id=request_id)
    assert case.summary == description  # kept whole for the staff, masked only on the way out


# ---------------------------------------------------------------- required fields


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("attribute[employer_name]", "attribute[employer_name]"),
        ("attribute[claim_item]", "attribute[claim_item]"),
        ("description", "description"),
        ("phone", "phone"),
        ("first_name", "first_name"),
    ],
)
def test_a_missing_required_field_is_refused_400_naming_it(http, app_key, missing, named):
    fields = request_fields(api_key=app_key)
    fields.pop(missing)
    if missing == "first_name":
        fields.pop("last_name")

    response = http.post(f"{BASE}/requests.json", fields)

    assert response.status_code == 400
    descriptions = [e["description"] for e in response.json()]
    assert any(d.startswith(f"{named}：") for d in descriptions), descriptions
    assert Case.objects.count() == 0


def test_a_request_without_any_location_names_the_location_fields(http, app_key):
    fields = request_fields(api_key=app_key, address_id=None, address_string=None)
    fields.pop("lat"), fields.pop("long")

    response = http.post(f"{BASE}/requests.xml", fields)

    assert response.status_code == 400
    assert "address_id" in response.content.decode()


def test_an_address_string_naming_one_village_is_enough(http, app_key):
    from jiefen.geo.models import Village

    village = Village.objects.get(code="330106010002")
    request_id = _file(
        http, app_key, address_id="", address_string=f"西湖区转塘街道{village.name}某工地"
    )

    assert Case.objects.get(open311_request__request_id=request_id).village == village


def test_an_unknown_service_code_is_404(http, app_key):
    response = http.post(
        f"{BASE}/requests.json", request_fields(api_key=app_key, service_code="pothole")
    )

    assert response.status_code == 404
    assert "pothole" in response.json()[0]["description"]


def test_a_claim_item_outside_the_list_is_refused(http, app_key):
    response = http.post(
        f"{BASE}/requests.json",
        request_fields(api_key=app_key, **{"attribute[claim_item]": "bonus"}),
    )

    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("attribute[claim_item]：")


# ---------------------------------------------------------------- jurisdiction, format, limits


def test_another_jurisdiction_is_404(http, app_key):
    response = http.get(f"{BASE}/services.json", {"jurisdiction_id": "sfgov.org"})

    assert response.status_code == 404
    assert "xihu.hangzhou.gov.cn" in response.json()[0]["description"]


def test_an_unknown_format_is_404_in_json(http):
    response = http.get(f"{BASE}/services.csv")

    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


def test_a_client_over_its_limit_is_refused_429_until_the_next_minute(http, issue):
    _client, key = issue(per_minute=2)
    assert http.get(f"{BASE}/requests.json", {"api_key": key}).status_code == 200
    assert http.get(f"{BASE}/requests.json", {"api_key": key}).status_code == 200

    refused = http.get(f"{BASE}/requests.json", {"api_key": key})

    assert refused.status_code == 429
    assert "每分钟最多2次" in refused.json()[0]["description"]


def test_one_clients_limit_does_not_touch_anothers(http, issue):
    _a, key_a = issue("甲APP", per_minute=1)
    _b, key_b = issue("乙APP", per_minute=1)
    http.get(f"{BASE}/requests.json", {"api_key": key_a})

    assert http.get(f"{BASE}/requests.json", {"api_key": key_b}).status_code == 200


# ---------------------------------------------------------------- GET requests filters


def test_get_requests_filters_by_status_and_service(http, app_key, leader):
    wage = _file(http, app_key)
    contract = _file(http, app_key, service_code="labor_contract")
    case = Case.objects.get(open311_request__request_id=contract)
    from jiefen.cases.services import case_act

    case_act(case=case, action="register", actor=leader)
    case_act(case=case, action="answer", actor=leader, note="已告知签订书面合同的规定")

    def ids(**params):
        got = http.get(f"{BASE}/requests.json", {"api_key": app_key, **params}).json()
        return {r["service_request_id"] for r in got}

    assert ids(status="open") == {wage}
    assert ids(status="closed") == {contract}
    assert ids(status="open,closed") == {wage, contract}
    assert ids(service_code="labor_contract") == {contract}
    assert ids(service_request_id=f"{wage},{contract}", status="open") == {wage, contract}


def test_get_requests_reads_a_date_range_and_refuses_more_than_90_days(http, app_key):
    request_id = _file(http, app_key)
    now = timezone.localtime()
    day = dt.timedelta(days=1)

    inside = http.get(
        f"{BASE}/requests.json",
        {
            "api_key": app_key,
            "start_date": (now - day).isoformat(),
            "end_date": (now + day).isoformat(),
        },
    )
    before = http.get(
        f"{BASE}/requests.json",
        {"api_key": app_key, "end_date": (now - day).isoformat()},
    )
    too_long = http.get(
        f"{BASE}/requests.json",
        {
            "api_key": app_key,
            "start_date": (now - 100 * day).isoformat(),
            "end_date": now.isoformat(),
        },
    )

    assert [r["service_request_id"] for r in inside.json()] == [request_id]
    assert before.json() == []
    assert too_long.status_code == 400
    assert "90" in too_long.json()[0]["description"]


def test_a_date_without_a_time_zone_is_refused_naming_the_field(http, app_key):
    response = http.get(
        f"{BASE}/requests.json", {"api_key": app_key, "start_date": "2026-12-01T00:00:00"}
    )

    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("start_date")


# ---------------------------------------------------------------- batch


def test_a_batch_client_gets_a_token_that_leads_to_the_request(http, issue):
    _client, key = issue("市民热线", batch=True)

    (posted,) = http.post(f"{BASE}/requests.json", request_fields(api_key=key)).json()
    (answer,) = http.get(f"{BASE}/tokens/{posted['token']}.json", {"api_key": key}).json()

    assert "service_request_id" not in posted
    assert Case.objects.filter(open311_request__request_id=answer["service_request_id"]).exists()
    assert http.get(f"{BASE}/services.json", {"api_key": key}).json()[0]["type"] == "batch"


def test_another_clients_token_is_404(http, issue):
    _a, key_a = issue("甲APP", batch=True)
    _b, key_b = issue("乙APP")
    (posted,) = http.post(f"{BASE}/requests.json", request_fields(api_key=key_a)).json()

    response = http.get(f"{BASE}/tokens/{posted['token']}.json", {"api_key": key_b})

    assert response.status_code == 404


def test_listing_requests_takes_the_same_queries_for_one_or_many(
    http, app_key, django_assert_max_num_queries
):
    for _i in range(4):
        _file(http, app_key)

    # key, limits (two windows, last use, pruning), requests, their clocks: none per request.
    with django_assert_max_num_queries(11):
        got = http.get(f"{BASE}/requests.json", {"api_key": app_key}).json()
    assert len(got) == 4
