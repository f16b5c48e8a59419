import io
import json

import pytest
from django.core.management import CommandError, call_command

from jiefen.geo.models import District, Street, Village
from jiefen.geo.services import XIHU_DIVISIONS, DivisionsFileError, divisions_load, divisions_parse

pytestmark = pytest.mark.django_db


def xihu_data() -> dict:
    return json.loads(XIHU_DIVISIONS.read_text(encoding="utf-8"))


def snapshot() -> list:
    return [
        list(District.objects.values_list("code", "name").order_by("code")),
        list(Street.objects.values_list("code", "name", "kind").order_by("code")),
        list(Village.objects.values_list("code", "name", "kind", "street__code").order_by("code")),
    ]


def test_xihu_file_has_twelve_streets_and_222_villages(xihu):
    assert Street.objects.count() == 12
    assert Village.objects.count() == 222


def test_loading_the_same_file_again_duplicates_nothing(xihu):
    before = snapshot()
    divisions_load(text=XIHU_DIVISIONS.read_text(encoding="utf-8"))
    assert snapshot() == before


def test_malformed_village_code_is_reported_with_its_line():
    data = xihu_data()
    data["streets"][1]["villages"][2]["code"] = "33010600405X"
    text = json.dumps(data, ensure_ascii=False, indent=1)
    expected_line = text.splitlines().index(
        next(line for line in text.splitlines() if "33010600405X" in line)
    )
    with pytest.raises(DivisionsFileError) as exc:
        divisions_parse(text)
    # The error names the line where the offending village object opens (one above its code).
    assert exc.value.line == expected_line
    assert "village" in exc.value.reason


def test_invalid_json_is_reported_with_its_line():
    with pytest.raises(DivisionsFileError) as exc:
        divisions_parse('{\n "district": {"code": "330106",\n "name": "西湖区",}\n}')
    assert exc.value.line == 3


def test_malformed_file_leaves_the_database_exactly_as_it_was(xihu, tmp_path):
    before = snapshot()
    data = xihu_data()
    data["district"]["name"] = "改名区"  # would change the district if anything were written
    data["streets"][0]["name"] = "改名街道"
    data["streets"][-1]["villages"][-1]["kind"] = "hamlet"  # fails only at the very end
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(CommandError, match="'kind' must be village or community"):
        call_command("load_divisions", str(path))
    assert snapshot() == before


def test_another_district_loads_beside_xihu(xihu):
    other = {
        "source": "test",
        "district": {"code": "330105", "name": "拱墅区"},
        "streets": [
            {
                "code": "330105001",
                "name": "米市巷街道",
                "type": "subdistrict",
                "villages": [{"code": "330105001001", "name": "米市巷社区", "kind": "community"}],
            }
        ],
    }
    result = divisions_load(text=json.dumps(other, ensure_ascii=False))
    assert result.villages == 1
    assert Village.objects.get(code="330105001001").street.district.name == "拱墅区"


def test_a_village_code_outside_its_street_is_refused():
    data = xihu_data()
    data["streets"][0]["villages"][0]["code"] = "330106004051"
    with pytest.raises(DivisionsFileError, match="village of street 330106002"):
        divisions_parse(json.dumps(data))


HANGZHOU = XIHU_DIVISIONS.parent / "hangzhou"


def test_the_whole_city_loads_into_one_installation(xihu):
    call_command("load_divisions", str(HANGZHOU), stdout=io.StringIO())

    assert District.objects.count() == 13
    assert Village.objects.count() == 3320


def test_townships_and_zones_load_as_their_own_kinds(xihu):
    call_command(
        "load_divisions",
        str(HANGZHOU / "330109.json"),
        str(HANGZHOU / "330127.json"),
        stdout=io.StringIO(),
    )

    kinds = set(Street.objects.values_list("kind", flat=True))
    assert {Street.Kind.TOWNSHIP, Street.Kind.ZONE} <= kinds
    assert Street.objects.get(name="红山农场").kind == Street.Kind.ZONE
