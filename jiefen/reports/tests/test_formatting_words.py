"""A change of a rate is said in percentage points, in words (issue 17 item 2)."""

from jiefen.reports.definitions import Ratio
from jiefen.reports.formatting import change


def test_a_fall_in_a_rate_reads_as_percentage_points_down():
    assert change(Ratio(2, 3), Ratio(4, 5)) == "下降13.3个百分点"


def test_a_rise_in_a_rate_reads_as_percentage_points_up():
    assert change(Ratio(3, 4), Ratio(1, 2)) == "上升25.0个百分点"


def test_an_unchanged_rate_reads_as_level():
    assert change(Ratio(1, 2), Ratio(2, 4)) == "持平"
