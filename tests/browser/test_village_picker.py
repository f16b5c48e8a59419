"""The village picker as a keyboard user meets it: a combobox that opens, moves and closes with
the keys, finds a village by a landmark of its gazetteer, and says what was chosen."""

from jiefen.geo.gazetteer import gazetteer_forget
from jiefen.geo.services import DEMO_GAZETTEER, gazetteer_load
from tests.browser.conftest import nav, screenshot


def test_a_village_is_found_by_a_landmark_and_chosen_with_the_keyboard_alone(
    page, live_server, login, clerk
):
    gazetteer_load(text=DEMO_GAZETTEER.read_text(encoding="utf-8"))
    login(clerk.username)
    nav(page, "案件", "窗口登记")
    box = page.locator("#id_village")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"

    box.fill("象山校区")
    page.locator("#id_village-listbox [role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    page.press("#id_village", "ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.inner_text(f"#{active}").startswith("转塘街道 · 美院社区")
    screenshot(page, "village-picker-open")
    page.press("#id_village", "Enter")

    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "转塘街道 · 美院社区"
    assert page.inner_text("#id_village-chosen") == "已选：转塘街道 · 美院社区"
    gazetteer_forget()


def test_escape_closes_the_list_without_choosing(page, live_server, login, clerk):
    login(clerk.username)
    nav(page, "案件", "窗口登记")

    page.fill("#id_village", "ztsq")
    page.locator("#id_village-listbox [role=option]").first.wait_for()
    page.press("#id_village", "Escape")

    assert page.get_attribute("#id_village", "aria-expanded") == "false"
    assert page.input_value("input[type=hidden][name=village]") == ""
