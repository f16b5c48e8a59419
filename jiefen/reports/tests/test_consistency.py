"""One definition per figure (issue 17 item 4): each figure of the dashboard, the monthly report
and the summary API, computed through all three on the same month, is the same; the monthly
report's count of collective disputes agrees with the collective cases it lists."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from jiefen.reports.definitions import Ratio
from jiefen.reports.formatting import KEY_FIGURES, show
from jiefen.reports.tests.conftest import NOW, _build, at
from jiefen.reports.tests.test_views import tables

MONTH = "2026-10"


@pytest.fixture
def carried_collective(october, leader):
    """A collective dispute of twelve workers accepted in September and still being handled
    through October: in hand in October, but not among October's acceptances."""
    return _build(leader, received=at(2026, 9, 15), accepted=at(2026, 9, 16), claimants=12)


def _dashboard(client) -> dict[str, str]:
    import re

    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("reports:dashboard"), {"period": MONTH}).content.decode()
    return dict(re.findall(r'data-testid="figure-([a-z0-9_]+)">([^<]*)<', html))


def _monthly(client) -> tuple[dict[str, str], list[list[str]]]:
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("reports:monthly"), {"month": MONTH}).content.decode()
    found = tables(html)
    return {row[0]: row[1] for row in found["figures"][1:]}, found["major"][1:]


def _api(api_client) -> dict[str, str]:
    with time_machine.travel(NOW, tick=False):
        body = api_client.get("/api/v1/reports/summary/", {"period": MONTH}).json()
    shown = {}
    for key, f in body["figures"].items():
        if f["numerator"] is not None:
            value = Ratio(f["numerator"], f["denominator"])
        elif f["value"] is None:
            value = None
        elif f["unit"] == "count":
            value = int(f["value"])
        else:
            value = f["value"]
        shown[key] = show(value)
    return shown, body


def test_each_figure_is_the_same_on_the_dashboard_the_monthly_report_and_the_api(
    carried_collective, leader, client, api_as
):
    client.force_login(leader)
    from jiefen.reports.definitions import DEFINITIONS

    dashboard = _dashboard(client)
    monthly, _major = _monthly(client)
    api, _body = _api(api_as(leader))

    for key in KEY_FIGURES:
        name = str(DEFINITIONS[key].name)
        assert dashboard[key] == monthly[name] == api[key], key


def test_the_collective_disputes_counted_are_those_the_report_lists(
    carried_collective, leader, client, api_as
):
    client.force_login(leader)

    monthly, major = _monthly(client)
    _api_shown, body = _api(api_as(leader))

    listed_collective = [row for row in major if row[5]]  # the column 集体 says 是
    assert monthly["在办集体争议"] == str(len(listed_collective)) == "2"
    assert body["collective_in_hand"] == 2
    assert body["collective_in_hand_workers"] == 10 + 12
    # The statistics table keeps the official count: collective among October's acceptances.
    assert body["collective_cases"] == 1
