from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
from django.test import Client as HttpClient

from jiefen.open311.services import open311_client_issue

VILLAGE = "330106010002"  # a community of 转塘街道


@pytest.fixture
def issue(xihu):
    """Issue a client key the way the management command does (no person acting); the
    district's villages loaded (a transactional test before may have flushed them)."""

    def make(name: str = "城市大脑APP", **options):
        return open311_client_issue(actor=None, name=name, **options)

    return make


@pytest.fixture
def app_key(issue) -> str:
    return issue()[1]


@pytest.fixture
def http() -> HttpClient:
    return HttpClient()


def request_fields(**overrides) -> dict[str, str]:
    """A POST requests body as a city app sends it (the spec's form-encoded arguments)."""
    fields = {
        "jurisdiction_id": "xihu.hangzhou.gov.cn",
        "service_code": "wage_arrears",
        "address_id": VILLAGE,
        "address_string": "转塘街道某工地",
        "lat": "30.150120",
        "long": "120.080450",
        "first_name": "建国",
        "last_name": "王",
        "phone": "13812345678",
        "description": "在工地做了三个月木工，老板拖欠工资两万八千元至今未付。",
        "attribute[employer_name]": "杭州转塘建设有限公司",
        "attribute[claim_item]": "unpaid_wages",
        "attribute[claim_amount]": "28000",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def parse(response, fmt: str):
    """The body as plain data: JSON as is; XML through ElementTree (it must be well-formed)."""
    if fmt == "json":
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return json.loads(response.content)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def xml_items(root: ET.Element) -> list[dict[str, str | None]]:
    """<service_requests><request><a>1</a></request></service_requests> → [{"a": "1"}]."""
    return [{child.tag: child.text for child in item} for item in root]
