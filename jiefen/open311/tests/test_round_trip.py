"""An Open311 client's whole journey, in JSON and in XML: discover the services, read a
service's definition, file a request, read it back with its expected_datetime, and follow it to
closed while the centre works the case.

No Open311 client library can play this whole journey here: `open311` 1.1 (2011, the one on
PyPI) fails to import on Python 3.11 (`ImportError: cannot import name 'Open311' from partially
initialized module 'open311'`: Python 2 relative imports), `three` 0.8.0 imports
`itertools.ifilter` (Python 2), and `georeport` 0.3.1 files nothing and sends no api_key (it
drives the discovery half, test_georeport_client.py). So these tests play the client against
the specification's own documents: its URLs, form-encoded POST with attribute[code], and the
element names of its example responses (test_spec_shapes.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jiefen.cases.choices import CaseStatus, Channel, EventKind
from jiefen.cases.clocks import INTAKE_DECIDE, RESOLVE_7
from jiefen.cases.models import Case
from jiefen.cases.services import case_act
from jiefen.open311.models import Request
from jiefen.open311.tests.conftest import parse, request_fields, xml_items

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


def _w3(moment) -> str:
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _services(http, fmt):
    body = parse(http.get(f"{BASE}/services.{fmt}"), fmt)
    if fmt == "xml":
        assert body.tag == "services"
        return xml_items(body)
    return body


def _definition(http, fmt, code):
    body = parse(http.get(f"{BASE}/services/{code}.{fmt}"), fmt)
    if fmt == "xml":
        assert body.tag == "service_definition"
        return [{c.tag: c.text for c in a if c.tag != "values"} for a in body.find("attributes")]
    return body["attributes"]


def _requests(response, fmt):
    body = parse(response, fmt)
    if fmt == "xml":
        assert body.tag == "service_requests"
        return xml_items(body)
    return body


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_client_discovers_files_reads_back_and_follows_a_request_to_closed(
    http, app_key, leader, fmt
):
    services = _services(http, fmt)
    assert {"wage_arrears", "labor_contract", "work_injury"} <= {
        s["service_code"] for s in services
    }
    wage = next(s for s in services if s["service_code"] == "wage_arrears")
    assert wage["service_name"] == "拖欠工资"

    required = {
        a["code"]
        for a in _definition(http, fmt, "wage_arrears")
        if str(a["required"]) == "true" or a["required"] is True
    }
    assert required == {"employer_name", "claim_item"}

    filed = http.post(f"{BASE}/requests.{fmt}", request_fields(api_key=app_key))
    assert filed.status_code == 201
    (answer,) = _requests(filed, fmt)
    request_id = answer["service_request_id"]
    case = Case.objects.get(open311_request__request_id=request_id)
    assert request_id != case.number
    assert case.channel == Channel.OPEN311
    assert case.status == CaseStatus.RECEIVED

    read = http.get(f"{BASE}/requests/{request_id}.{fmt}", {"api_key": app_key})
    (doc,) = _requests(read, fmt)
    assert doc["status"] == "open"
    assert "等待工作人员登记" in doc["status_notes"]
    # At intake the governing clock is the decision on acceptance (5 working days).
    assert doc["expected_datetime"] == _w3(case.clocks.get(kind=INTAKE_DECIDE).due_at)

    case_act(case=case, action="register", actor=leader)
    case_act(case=case, action="accept", actor=leader)
    (doc,) = _requests(http.get(f"{BASE}/requests/{request_id}.{fmt}", {"api_key": app_key}), fmt)
    assert doc["status"] == "open"
    assert doc["status_notes"] == "已受理，正在安排承办人员。"
    assert doc["expected_datetime"] != _w3(case.clocks.get(kind=INTAKE_DECIDE).due_at)
    assert doc["expected_datetime"] >= _w3(case.clocks.get(kind=RESOLVE_7).due_at)

    case_act(case=case, action="start_handling", actor=leader)
    case_act(case=case, action="resolve", actor=leader, note="用人单位当场支付欠薪")
    case_act(case=case, action="close", actor=leader)
    (doc,) = _requests(http.get(f"{BASE}/requests/{request_id}.{fmt}", {"api_key": app_key}), fmt)
    assert doc["status"] == "closed"
    assert doc["status_notes"] == "已结案：纠纷已化解。"
    assert doc["expected_datetime"] in (None, "")
    case.refresh_from_db()
    assert doc["updated_datetime"] == _w3(case.closed_at)

    closed = _requests(
        http.get(f"{BASE}/requests.{fmt}", {"api_key": app_key, "status": "closed"}), fmt
    )
    assert [r["service_request_id"] for r in closed] == [request_id]


def test_filing_goes_through_the_intake_and_leaves_one_note_naming_the_client(http, app_key):
    response = http.post(f"{BASE}/requests.json", request_fields(api_key=app_key))

    request = Request.objects.get(request_id=response.json()[0]["service_request_id"])
    case = request.case
    assert case.claimants.get().name == "王建国"
    assert case.employer.name == "杭州转塘建设有限公司"
    assert case.claims.get().item == "拖欠工资"
    assert {c.kind for c in case.clocks.all()} >= {INTAKE_DECIDE}
    notes = [e.summary for e in case.events.filter(kind=EventKind.NOTE)]
    assert notes == [f"Open311接入：城市大脑APP，诉求号 {request.request_id}"]


def test_the_post_answer_carries_the_notice_of_the_governing_clock(http, app_key):
    response = http.post(f"{BASE}/requests.json", request_fields(api_key=app_key))

    (answer,) = response.json()
    case = Case.objects.get(open311_request__request_id=answer["service_request_id"])
    due = timezone.localtime(case.clocks.get(kind=INTAKE_DECIDE).due_at).strftime("%Y-%m-%d")
    assert due in answer["service_notice"]
    assert set(answer) == {"service_request_id", "service_notice", "account_id"}
