import io
import random

import pytest

from jiefen.accounts.choices import DepartmentKind, Role
from jiefen.open311 import demo
from jiefen.open311.models import Request
from jiefen.open311.tests.conftest import parse

pytestmark = pytest.mark.django_db


def test_the_demo_key_reads_the_demo_requests_and_one_is_closed(make_staff, http):
    make_staff(Role.LEADER, department_kind=DepartmentKind.GOVERNANCE_SECTION, username="leader")

    demo.seed(out=io.StringIO(), rng=random.Random(2026))

    got = parse(http.get("/open311/v2/requests.json", {"api_key": demo.DEMO_KEY}), "json")
    assert len(got) == Request.objects.count() == len(demo.REQUESTS)
    assert sorted(r["status"] for r in got) == ["closed", "open", "open", "open"]
