from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from conftest import ZHUANTANG
from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.core.webhooks import signed_headers
from jiefen.dispatch.services import incident_receive
from jiefen.geo.models import Village

VILLAGE = "330106010002"  # in 转塘街道
SECRET = "test-secret-110"


@pytest.fixture
def police(make_staff):
    return make_staff(
        Role.POLICE_LIAISON,
        scope_level=ScopeLevel.STREET,
        scope_code=ZHUANTANG,
        department_kind=DepartmentKind.POLICE_OFFICE,
        phone="13805710001",
    )


@pytest.fixture
def inspector(make_staff):
    """The responsible inspector of the test village's grid area."""
    village = Village.objects.select_related("grid_area").get(code=VILLAGE)
    user = make_staff(
        Role.LABOR_INSPECTOR,
        scope_level=ScopeLevel.GRID,
        scope_code=village.grid_area.code,
        department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD,
    )
    village.grid_area.inspector = user
    village.grid_area.save(update_fields=["inspector"])
    return user


def payload(**overrides) -> dict:
    data = {
        "incident_no": "330106202611260001",
        "received_at": "2026-11-26T09:58:00+08:00",
        "caller_name": "张建国",
        "caller_phone": "13905712345",
        "address": "杭州市西湖区转塘街道之江路88号恒远建设项目工地",
        "village_code": VILLAGE,
        "people_involved": 12,
        "category": "wage_arrears",
        "description": "12名务工人员聚集在工地门口讨要3个月工资，情绪激动",
    }
    data.update(overrides)
    return data


@pytest.fixture
def post_signed(client):
    """POST a body to the intake, signed as police110 (timestamp, secret overridable)."""

    def post(data: dict | bytes, *, timestamp: int | None = None, secret: str = SECRET, **kw):
        body = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
        headers = signed_headers(
            sender=kw.pop("sender", "police110"), secret=secret, body=body, timestamp=timestamp
        )
        headers.update(kw.pop("headers", {}))
        return client.post(
            "/api/v1/dispatch/incidents/",
            data=body,
            content_type="application/json",
            headers=headers,
        )

    return post


@pytest.fixture
def make_incident(police, inspector):
    counter = iter(range(1, 10_000))

    def make(**overrides):
        n = next(counter)
        fields = {
            "incident_no": f"T{n:05d}",
            "received_at": timezone.now() - dt.timedelta(minutes=1),
            "caller_name": "李强",
            "caller_phone": "13905710000",
            "address": f"转塘街道之江路{n}号",
            "village_code": VILLAGE,
            "people_involved": 3,
            "category": "wage_arrears",
            "description": "讨要工资",
        }
        fields.update(overrides)
        incident, _created = incident_receive(**fields)
        return incident

    return make
