"""Bounded requests: parameters out of range, overlong lists and bodies are refused with a
400 in Chinese (or left out with a message), never a 500; an optional field may be absent."""

from __future__ import annotations

import json

import pytest

from jiefen.cases.tests.factories import make_case
from jiefen.core.webhooks import signed_headers
from jiefen.dispatch.models import Incident

pytestmark = pytest.mark.django_db

CASE = {
    "received_at": "2026-11-20T09:30:00+08:00",
    "village_code": "330106010002",
    "category": "wage_arrears",
    "channel": "walk_in",
    "summary": "工地拖欠两个月工资",
    "claims": [{"item": "工资", "amount": "16000.00"}],
    "claimants": [{"name": "张三", "id_number": "11010519491231002X", "phone": "13812345678"}],
}
INCIDENT = {
    "incident_no": "330106202611260099",
    "received_at": "2026-11-26T09:58:00+08:00",
    "caller_name": "张建国",
    "address": "杭州市西湖区转塘街道之江路88号",
    "village_code": "330106010002",
    "people_involved": 3,
    "category": "wage_arrears",
    "description": "3名务工人员讨要工资",
}


def post_signed(client, path: str, data: dict, *, sender: str, secret: str):
    body = json.dumps(data, ensure_ascii=False).encode()
    return client.post(
        path,
        data=body,
        content_type="application/json",
        headers=signed_headers(sender=sender, secret=secret, body=body),
    )


@pytest.mark.parametrize(
    "query",
    [
        {"assignee": "9223372036854775808"},
        {"assignee": "-1"},
        {"to": "9999-12-31"},
        {"from": "0001-01-01"},
        {"accepted_to": "9999-12-31"},
        {"pending_on": "0001-01-01"},
    ],
)
def test_the_case_api_refuses_out_of_range_filters_with_a_400(api_as, clerk, query):
    response = api_as(clerk).get("/api/v1/cases/", query)
    assert response.status_code == 400
    assert set(response.json()) <= {"assignee", "date_from", "date_to", *query}


def test_the_case_list_page_leaves_a_bad_filter_out_and_says_so(client, clerk):
    case = make_case(actor=clerk)
    client.force_login(clerk)
    response = client.get("/cases/", {"to": "9999-12-31", "assignee": "9223372036854775808"})
    assert response.status_code == 200
    html = response.content.decode()
    assert case.number in html
    assert "1900-01-01 至 2100-12-31" in html


def test_the_case_export_refuses_a_bad_filter_rather_than_export_everything(client, clerk):
    make_case(actor=clerk)
    client.force_login(clerk)
    response = client.get("/cases/", {"export": "xlsx", "from": "0001-01-01"})
    assert response.status_code == 400
    assert "未导出" in response.content.decode()


def test_people_gathered_beyond_any_count_is_a_400(api_as, clerk):
    response = api_as(clerk).post(
        "/api/v1/cases/", {**CASE, "people_gathered": 2**63}, format="json"
    )
    assert response.status_code == 400
    assert "people_gathered" in response.json()


def test_a_received_at_in_year_9999_is_a_400(api_as, clerk):
    response = api_as(clerk).post(
        "/api/v1/cases/", {**CASE, "received_at": "9999-12-31T23:59:59+08:00"}, format="json"
    )
    assert response.status_code == 400
    assert "1900-01-01" in response.json()["received_at"][0]


def test_a_case_with_more_claimants_than_the_limit_is_refused_in_chinese(api_as, clerk):
    many = [{"name": f"工人{i}"} for i in range(1001)]
    response = api_as(clerk).post("/api/v1/cases/", {**CASE, "claimants": many}, format="json")
    assert response.status_code == 400
    assert response.json()["claimants"]["non_field_errors"] == ["最多 1000 项。"]


def test_a_case_with_more_claims_than_the_limit_is_refused(api_as, clerk):
    claims = [{"item": f"事项{i}", "amount": "1.00"} for i in range(31)]
    response = api_as(clerk).post("/api/v1/cases/", {**CASE, "claims": claims}, format="json")
    assert response.status_code == 400
    assert response.json()["claims"]["non_field_errors"] == ["最多 30 项。"]


def test_a_json_body_over_the_limit_is_refused_before_it_is_read(api_as, clerk, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = api_as(clerk).post(
        "/api/v1/cases/", {**CASE, "summary": "长" * 600_000}, format="json"
    )
    assert response.status_code == 400
    assert "请求内容过大" in response.json()["detail"]


def test_a_huge_integer_that_reaches_the_database_is_a_400_not_a_500(api_as, clerk):
    # The safety net behind the edge: a view that forgot to bound a number.
    response = api_as(clerk).get("/api/v1/cases/99999999999999999999999/")
    assert response.status_code in (400, 404)


def test_a_signed_110_incident_without_the_optional_caller_phone_is_stored(client):
    response = post_signed(
        client,
        "/api/v1/dispatch/incidents/",
        INCIDENT,
        sender="police110",
        secret="test-secret-110",
    )
    assert response.status_code == 201, response.content
    assert Incident.objects.get(incident_no=INCIDENT["incident_no"]).caller_phone_masked == ""


def test_the_110_platforms_secret_does_not_open_the_provincial_endpoint(client):
    response = post_signed(
        client,
        "/api/v1/exchange/cases/",
        {"message_id": "x"},
        sender="police110",
        secret="test-secret-110",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "该发送方无权调用此接口。"


def test_the_provinces_secret_does_not_open_the_110_endpoint(client):
    response = post_signed(
        client,
        "/api/v1/dispatch/incidents/",
        INCIDENT,
        sender="zj-province",
        secret="test-secret-prov",
    )
    assert response.status_code == 403
    assert not Incident.objects.exists()


PAGES_WITH_PARAMETERS = [
    "/cases/",
    "/audit/",
    "/reports/",
    "/reports/monthly/",
    "/inspection/near-limit/",
]
EDGE_QUERIES = [
    {"from": "0001-01-01", "to": "9999-12-31"},
    {"to": "9999-12-31"},
    {"from": "0001-01-01"},
    {"assignee": str(2**63), "days": str(2**63), "month": "9999-12", "page": str(2**63)},
    {"month": "0001-01", "period": "custom", "from": "0001-01-01", "to": "0001-01-02"},
]


@pytest.mark.parametrize("path", PAGES_WITH_PARAMETERS)
def test_staff_pages_answer_edge_dates_and_numbers_without_a_server_error(client, path, make_staff):
    from jiefen.accounts.choices import DepartmentKind, Role

    admin = make_staff(
        Role.ADMINISTRATOR, department_kind=DepartmentKind.GOVERNANCE_SECTION, is_superuser=True
    )
    client.force_login(admin)
    statuses = {str(q): client.get(path, q).status_code for q in EDGE_QUERIES}
    assert all(code < 500 for code in statuses.values()), statuses
