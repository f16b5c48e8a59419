"""The developers' address set: each address gives the expected village, or the expected
request to confirm (a road at a boundary, a street name only), including misspelt forms."""

import pytest

from jiefen.geo.gazetteer import address_match, village_resolve

pytestmark = pytest.mark.django_db

# Demo villages (jiefen/geo/data/gazetteer_demo.csv).
SHANHUSHA = "330106010002"  # 珊瑚沙社区
SHENJIANONG = "330106010003"  # 沈家弄社区
MEIYUAN = "330106010026"  # 美院社区
XIANGSHAN = "330106010013"  # 象山社区
ZHUANTANG = "330106010006"  # 转塘社区
ZHUANTANGJIE = "330106010023"  # 转塘街社区
BAOSHI = "330106002052"  # 宝石社区, 北山街道

UNIQUE = [
    ("浙江省杭州市西湖区转塘街道之江九里3幢2单元", SHANHUSHA, "小区：之江九里"),
    ("之江路88号", SHANHUSHA, "路段：之江路1-199号"),
    ("之江路 300号", SHENJIANONG, "路段：之江路200-499号"),
    ("国美象山校区南门", MEIYUAN, "地标：中国美术学院象山校区"),
    ("转塘农贸市场门口", ZHUANTANGJIE, "市场：转塘农贸市场"),
    ("转塘街道转塘街社区", ZHUANTANGJIE, "村社名：转塘街社区"),
    ("宝石山下", BAOSHI, "地标：宝石山"),
]

MISSPELT = [
    # 路 and 号 left out, full-width digits, an ideographic space.
    ("之江８８", SHANHUSHA),
    ("之江路\u3000３００", SHENJIANONG),
    # 村 for 社区, and 村委会 written as 村.
    ("转塘村金色家园", ZHUANTANG),
    ("金色家园小区", ZHUANTANG),
    ("转塘菜场", ZHUANTANGJIE),
]


@pytest.mark.parametrize(("address", "code", "reason"), UNIQUE)
def test_an_unambiguous_address_fills_in_its_village_with_the_reason(
    demo_gazetteer, address, code, reason
):
    result = address_match(address)

    assert result.village is not None and result.village.code == code
    assert reason in result.candidates[0].reason


@pytest.mark.parametrize(("address", "code"), MISSPELT)
def test_a_misspelt_or_shortened_address_still_finds_its_village(demo_gazetteer, address, code):
    result = address_match(address)

    assert result.village is not None and result.village.code == code


def test_a_boundary_road_without_a_house_number_asks_which_village(demo_gazetteer):
    result = address_match("之江路边上的工地")

    assert result.village is None and result.needs_confirmation
    codes = _codes(result)
    assert codes == {SHANHUSHA, SHENJIANONG}
    assert all("跨村界" in c.reason for c in result.candidates)


def test_a_boundary_road_named_with_its_village_is_filled_in(demo_gazetteer):
    result = address_match("美院南街 象山社区")

    assert result.village is not None and result.village.code == XIANGSHAN


def test_a_street_name_only_asks_among_the_villages_of_that_street(demo_gazetteer):
    result = address_match("杭州市西湖区转塘街道")

    assert result.village is None and result.needs_confirmation
    assert result.streets == ["转塘街道"]
    assert len(result.candidates) == 46
    assert all(c.reason == "仅街道：转塘街道" for c in result.candidates)


def test_a_place_in_another_street_than_the_one_named_is_not_filled_in(demo_gazetteer):
    result = address_match("北山街道之江九里")

    assert result.village is None
    assert result.conflict


def test_an_address_with_nothing_known_has_no_candidates(demo_gazetteer):
    result = address_match("某某工地")

    assert result.village is None and result.candidates == []


def test_a_village_name_without_gazetteer_finds_the_village(xihu):
    result = address_match("梅家坞村88号")

    assert result.village is not None and result.village.name == "梅家坞村委会"


def test_resolving_the_official_label_gives_that_village(xihu):
    result = village_resolve("转塘街道 · 转塘社区")

    assert result.village is not None and result.village.code == ZHUANTANG


def test_resolving_within_a_scope_ignores_villages_outside_it(demo_gazetteer):
    from jiefen.geo.models import Village

    only = set(Village.objects.filter(code=SHENJIANONG).values_list("pk", flat=True))
    result = address_match("之江路", village_ids=only)

    assert _codes(result) == {SHENJIANONG}


def _codes(result) -> set[str]:
    from jiefen.geo.models import Village

    ids = [c.village_id for c in result.candidates]
    return set(Village.objects.filter(pk__in=ids).values_list("code", flat=True))


def test_a_village_nickname_from_another_street_does_not_outrank_the_street_named(xihu):
    # "宝石" is 北山街道's 宝石社区 without its 社区; the address names 转塘街道.
    result = address_match("转塘街道宝石路18号")

    assert result.village is None and not result.conflict
    assert {c.street_name for c in result.candidates} == {"转塘街道"}
