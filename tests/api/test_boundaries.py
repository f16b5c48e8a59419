"""Integer and date boundaries on every operation of the API schema: no answer is a 500.

The schemathesis run (test_schemathesis.py) draws a few examples per operation at random;
this walk sends, for every integer and date parameter and body field of every operation, the
values at and beyond the edges (2**63, -2**63-1, 0001-01-01, 9999-12-31, ...), and a
property-based run draws more from hypothesis's integers and dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from jiefen.accounts.choices import DepartmentKind, Role

pytestmark = pytest.mark.django_db

INT_EDGES = [2**63, 2**63 - 1, -(2**63) - 1, -1, 0, 10**30]
DATE_EDGES = ["0001-01-01", "9999-12-31", "1900-01-01", "2100-12-31", "2026-02-30"]
DATETIME_EDGES = ["0001-01-01T00:00:00", "9999-12-31T23:59:59", "9999-12-31T23:59:59+14:00"]


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _kind(node: dict) -> str | None:
    if node.get("type") == "integer":
        return "int"
    if node.get("format") == "date":
        return "date"
    if node.get("format") == "date-time":
        return "datetime"
    return None


def boundary_targets(schema: dict) -> list[tuple[str, str, str, str, str]]:
    """(method, path, where, name, kind) for every integer/date parameter and body field."""
    out = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for param in op.get("parameters", []):
                kind = _kind(_resolve(schema, param.get("schema", {})))
                if kind and param["in"] in ("query", "path"):
                    out.append((method, path, param["in"], param["name"], kind))
            content = op.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            if body:
                for name, prop in _resolve(schema, body).get("properties", {}).items():
                    kind = _kind(_resolve(schema, prop))
                    if kind:
                        out.append((method, path, "body", name, kind))
    return out


def call(client: APIClient, method: str, path: str, where: str, name: str, value) -> int:
    url = path
    if where == "path":
        url = url.replace("{" + name + "}", str(value))
    url = re.sub(r"\{[^}]+\}", "1", url)
    kwargs: dict = {"format": "json"}
    if where == "query":
        kwargs = (
            {"data": {name: str(value)}}
            if method == "get"
            else {"QUERY_STRING": f"{name}={value}", "format": "json"}
        )
    elif where == "body":
        kwargs["data"] = {name: value}
    return getattr(client, method)(url, **kwargs).status_code


@pytest.fixture
def admin_client(make_staff) -> APIClient:
    user = make_staff(
        Role.ADMINISTRATOR, department_kind=DepartmentKind.GOVERNANCE_SECTION, is_superuser=True
    )
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def schema(client) -> dict:
    return client.get("/api/schema/", {"format": "json"}).json()


def test_every_integer_and_date_field_answers_its_edges_without_a_server_error(
    admin_client, schema
):
    targets = boundary_targets(schema)
    assert len({t[1] for t in targets}) > 10  # the schema types its parameters
    assert ("get", "/api/v1/cases/", "query", "assignee", "int") in targets
    failures = []
    for method, path, where, name, kind in targets:
        values = {"int": INT_EDGES, "date": DATE_EDGES, "datetime": DATETIME_EDGES}[kind]
        for value in values:
            status = call(admin_client, method, path, where, name, value)
            if status >= 500:
                failures.append(f"{method.upper()} {path} {where}:{name}={value!r} -> {status}")
    assert failures == []


def test_drawn_integers_and_dates_in_any_field_never_make_a_server_error(admin_client, schema):
    targets = boundary_targets(schema)
    drawn = {
        "int": st.integers(),
        "date": st.dates().map(dt.date.isoformat),
        "datetime": st.datetimes().map(dt.datetime.isoformat),
    }
    failures = []

    @given(data=st.data())
    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(data):
        method, path, where, name, kind = data.draw(st.sampled_from(targets))
        value = data.draw(drawn[kind])
        status = call(admin_client, method, path, where, name, value)
        if status >= 500:
            failures.append(f"{method.upper()} {path} {where}:{name}={value!r} -> {status}")

    run()
    assert failures == []
