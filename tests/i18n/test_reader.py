"""The English-page reader finds Chinese system text and passes names, places and free text."""

from tests.i18n.reader import Known, system_chinese


def _known(*values: str) -> Known:
    known = Known()
    known.add(values)
    return known


def test_a_chinese_label_on_an_english_page_is_found():
    found = system_chinese("<p>Deadline: 7个工作日内化解</p>", _known())

    assert found == ["个工作日内化解 in 'Deadline: 7个工作日内化解'"]


def test_chinese_punctuation_inside_english_is_found():
    found = system_chinese("<dt>Employer：</dt><dd>Track：A、B</dd>", _known())

    assert [f.split(" in ")[0] for f in found] == ["：", "：", "、"]


def test_text_marked_chinese_is_passed():
    html = '<p>Leader in charge: <span lang="zh">王强（包案）</span></p>'

    assert system_chinese(html, _known()) == []


def test_names_and_places_of_the_data_are_passed_even_side_by_side():
    html = "<td>转塘街道珊瑚沙社区</td><td>张三</td><td title='张三'>x</td>"

    assert system_chinese(html, _known("转塘街道", "珊瑚沙社区", "张三")) == []


def test_a_single_character_is_not_passed_for_being_part_of_a_name():
    assert system_chinese("<td>3人</td>", _known("张三人")) == ["人 in '3人'"]


def test_scripts_are_not_read_as_page_text():
    assert system_chinese("<script>const empty = '暂无数据';</script>", _known()) == []


def test_a_stored_value_is_passed_whole_with_its_own_punctuation():
    known = _known("西人社监责〔2025〕1号")

    assert system_chinese("<td>西人社监责〔2025〕1号</td>", known) == []
    assert system_chinese("<td>Order〔2025〕</td>", known) == [
        "〔 in 'Order〔2025〕'",
        "〕 in 'Order〔2025〕'",
    ]


def test_free_text_cut_short_after_a_number_is_passed():
    # "每天要求干12小时" cut at 20 characters: the last run, one character, starts a known one.
    html = "<li>Overdue: 要求干12小…</li>"

    assert system_chinese(html, _known("要求干12小时")) == []
