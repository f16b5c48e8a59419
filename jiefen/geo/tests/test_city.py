"""A city on one installation: the loader puts each district under its city and province and
gives it its own case-number prefix and bodies; the city demo shows the city view."""

import io
import random

import pytest
from django.core.management import call_command

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.accounts.models import Department, User
from jiefen.accounts.services import departments_ensure
from jiefen.cases.selectors import case_list_for_user
from jiefen.geo.models import City, District, Province
from jiefen.geo.selectors import street_list
from jiefen.geo.services import HANGZHOU_DIVISIONS

pytestmark = pytest.mark.django_db


def test_the_city_loads_under_hangzhou_and_zhejiang_each_district_with_its_prefix(xihu):
    call_command("load_divisions", str(HANGZHOU_DIVISIONS), stdout=io.StringIO())

    hangzhou = City.objects.get(code="3301")
    assert hangzhou.name == "杭州市"
    assert hangzhou.province == Province.objects.get(code="33", name="浙江省")
    assert hangzhou.districts.count() == 13
    prefixes = list(District.objects.values_list("case_prefix", flat=True))
    assert len(set(prefixes)) == 13
    assert District.objects.get(code="330106").case_prefix == "XH"
    assert District.objects.get(code="330109").case_prefix == "XS"


def test_every_district_gets_its_own_seven_bodies(xihu):
    call_command("load_divisions", str(HANGZHOU_DIVISIONS / "330102.json"), stdout=io.StringIO())
    departments_ensure()

    for code in ("330106", "330102"):
        bodies = Department.objects.filter(district__code=code, street=None)
        assert bodies.count() == 7


def test_the_home_district_takes_the_prefix_of_the_setting(settings, xihu):
    settings.JIEFEN_DISTRICT_CODE = "330102"
    settings.JIEFEN_CASE_PREFIX = "SCQ"
    call_command("load_divisions", str(HANGZHOU_DIVISIONS / "330102.json"), stdout=io.StringIO())

    assert District.objects.get(code="330102").case_prefix == "SCQ"


def test_a_city_scope_is_provisioned_without_a_district_body(api_as, administrator, xihu):
    call_command("load_divisions", str(HANGZHOU_DIVISIONS / "330102.json"), stdout=io.StringIO())
    staff = {
        "username": "qian_city",
        "password": "Strong-pass-2026",
        "full_name": "钱市长",
        "role": "leader",
        "department_kind": "governance_section",
        "scope_level": "city",
        "scope_code": "3301",
    }

    response = api_as(administrator).post("/api/v1/staff/", staff, format="json")

    assert response.status_code == 201, response.json()
    user = User.objects.get(username="qian_city")
    assert (user.scope_level, user.department) == (ScopeLevel.CITY, None)


def test_a_district_person_finds_only_their_districts_streets(make_staff, xihu):
    call_command("load_divisions", str(HANGZHOU_DIVISIONS / "330102.json"), stdout=io.StringIO())
    clerk = make_staff(Role.RECEPTION_CLERK, scope_level=ScopeLevel.STREET, scope_code="330106010")

    districts = set(street_list(user=clerk).values_list("district__code", flat=True))

    assert districts == {"330106"}


def test_the_city_demo_shows_the_city_view(xihu):
    from jiefen.geo.demo import SECOND_DISTRICT, seed_city

    seed_city(out=io.StringIO(), rng=random.Random(7))
    seed_city(out=io.StringIO(), rng=random.Random(7))  # again: adds nothing

    city_leader = User.objects.get(username="city_leader")
    sc_clerk = User.objects.get(username="sc_clerk")
    assert District.objects.count() == 13
    seen = set(
        case_list_for_user(user=city_leader).values_list("village__street__district", flat=True)
    )
    assert District.objects.get(code=SECOND_DISTRICT).pk in seen
    sc_cases = case_list_for_user(user=sc_clerk)
    assert sc_cases.count() == 12
    assert all(n.startswith("SC") for n in sc_cases.values_list("number", flat=True))
