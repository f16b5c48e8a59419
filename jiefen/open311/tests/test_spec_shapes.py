"""What a GeoReport v2 client parses: the element names and nesting of the specification's
example responses (wiki.open311.org/GeoReport_v2, "Example response" of each method), in XML
(well-formed, UTF-8 declaration, no namespace) and the JSON that maps from it."""

from __future__ import annotations

import pytest

from jiefen.open311.tests.conftest import parse, request_fields

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"

# The children of each element in the specification's examples, in its order.
SPEC_SERVICE = [
    "service_code", "service_name", "description", "metadata", "type", "keywords", "group",
]  # fmt: skip
SPEC_ATTRIBUTE = [
    "variable", "code", "datatype", "required", "datatype_description", "order", "description",
]  # fmt: skip
SPEC_VALUE = ["key", "name"]
SPEC_REQUEST = [
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long",
    "media_url",
]  # fmt: skip
SPEC_POST_ANSWER = ["service_request_id", "service_notice", "account_id"]
SPEC_TOKEN_ANSWER = ["service_request_id", "token"]
SPEC_ERROR = ["code", "description"]


def _children(element) -> list[str]:
    return [c.tag for c in element]


def test_services_xml_has_the_specs_elements(http):
    root = parse(http.get(f"{BASE}/services.xml"), "xml")

    assert root.tag == "services"
    assert {c.tag for c in root} == {"service"}
    for service in root:
        assert _children(service) == SPEC_SERVICE
        assert service.findtext("metadata") == "true"
        assert service.findtext("type") == "realtime"


def test_service_definition_xml_has_the_specs_elements(http):
    root = parse(http.get(f"{BASE}/services/wage_arrears.xml"), "xml")

    assert root.tag == "service_definition"
    assert _children(root) == ["service_code", "attributes"]
    attributes = root.find("attributes")
    assert {c.tag for c in attributes} == {"attribute"}
    listed = [a for a in attributes if a.findtext("datatype") == "singlevaluelist"]
    assert listed, "the claim item is a singlevaluelist"
    for attribute in attributes:
        names = _children(attribute)
        assert names[: len(SPEC_ATTRIBUTE)] == SPEC_ATTRIBUTE
        assert names[len(SPEC_ATTRIBUTE) :] in ([], ["values"])
    for value in listed[0].find("values"):
        assert value.tag == "value"
        assert _children(value) == SPEC_VALUE
    orders = [int(a.findtext("order")) for a in attributes]
    assert orders == sorted(set(orders)) and orders[0] == 1


def test_service_definition_json_is_an_object_with_attribute_values(http):
    body = parse(http.get(f"{BASE}/services/wage_arrears.json"), "json")

    assert list(body) == ["service_code", "attributes"]
    claim = next(a for a in body["attributes"] if a["code"] == "claim_item")
    assert claim["required"] is True
    assert {"key": "unpaid_wages", "name": "拖欠工资"} in claim["values"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_and_get_requests_answer_with_the_specs_request_elements(http, app_key, fmt):
    posted = parse(http.post(f"{BASE}/requests.{fmt}", request_fields(api_key=app_key)), fmt)
    if fmt == "xml":
        assert posted.tag == "service_requests"
        (answer,) = posted
        assert answer.tag == "request"
        assert _children(answer) == SPEC_POST_ANSWER
        request_id = answer.findtext("service_request_id")
    else:
        (answer,) = posted
        assert list(answer) == SPEC_POST_ANSWER
        request_id = answer["service_request_id"]

    got = parse(http.get(f"{BASE}/requests/{request_id}.{fmt}", {"api_key": app_key}), fmt)
    if fmt == "xml":
        assert got.tag == "service_requests"
        (request,) = got
        assert request.tag == "request"
        assert _children(request) == SPEC_REQUEST
    else:
        (request,) = got
        assert list(request) == SPEC_REQUEST
        assert request["zipcode"] is None


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors_are_the_specs_error_list(http, fmt):
    response = http.get(f"{BASE}/requests.{fmt}", {"api_key": "o311_not-a-key"})

    assert response.status_code == 403
    body = parse(response, fmt)
    if fmt == "xml":
        assert body.tag == "errors"
        (error,) = body
        assert error.tag == "error"
        assert _children(error) == SPEC_ERROR
        assert error.findtext("code") == "403"
    else:
        (error,) = body
        assert list(error) == SPEC_ERROR
        assert error["code"] == 403


def test_a_token_answer_has_the_specs_elements(http, issue):
    _client, key = issue("市民热线", batch=True)
    (posted,) = parse(http.post(f"{BASE}/requests.xml", request_fields(api_key=key)), "xml")
    assert _children(posted) == ["token"]

    root = parse(http.get(f"{BASE}/tokens/{posted.findtext('token')}.xml", {"api_key": key}), "xml")
    (answer,) = root
    assert _children(answer) == SPEC_TOKEN_ANSWER


def test_discovery_lists_the_endpoint_and_both_formats(http):
    body = parse(http.get(f"{BASE}/discovery.json"), "json")

    (endpoint,) = body["endpoints"]
    assert endpoint["url"].endswith("/open311/v2/")
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["application/json", "text/xml"]
