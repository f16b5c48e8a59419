import json

import pytest

from jiefen.geo.services import XIHU_DIVISIONS

pytestmark = pytest.mark.django_db


def test_villages_of_zhuantang_are_exactly_those_in_the_data_file(api_as, clerk):
    data = json.loads(XIHU_DIVISIONS.read_text(encoding="utf-8"))
    street = next(s for s in data["streets"] if s["name"] == "转塘街道")
    expected = {(v["code"], v["name"], v["kind"]) for v in street["villages"]}

    response = api_as(clerk).get("/api/v1/geo/villages/", {"street": street["code"]})

    assert response.status_code == 200
    assert {(v["code"], v["name"], v["kind"]) for v in response.json()} == expected
    assert {v["street_code"] for v in response.json()} == {street["code"]}


def test_village_entries_carry_their_grid_area(api_as, clerk):
    response = api_as(clerk).get("/api/v1/geo/villages/", {"street": "330106010"})
    assert all(v["grid_area"].startswith("330106010G") for v in response.json())


def test_streets_list_all_twelve_with_kind(api_as, clerk):
    response = api_as(clerk).get("/api/v1/geo/streets/")
    kinds = {s["name"]: s["kind"] for s in response.json()}
    assert len(kinds) == 12
    assert kinds["三墩镇"] == "town" and kinds["转塘街道"] == "subdistrict"


def test_geo_api_needs_authentication(api_client):
    assert api_client.get("/api/v1/geo/streets/").status_code == 401
