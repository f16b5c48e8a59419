"""GET /api/v1/reports/summary/."""

from __future__ import annotations

import pytest
import time_machine

from jiefen.reports.tests.conftest import NOW

URL = "/api/v1/reports/summary/"


@pytest.fixture
def api(api_as, leader):
    return api_as(leader)


def test_summary_of_a_month_gives_counts_and_rates_in_the_unit_interval(october, api):
    with time_machine.travel(NOW, tick=False):
        response = api.get(URL, {"period": "2026-10"})
    assert response.status_code == 200
    body = response.json()
    assert (body["received"], body["accepted"], body["concluded"], body["resolved"]) == (5, 4, 4, 3)
    assert body["resolution_rate"] == 0.75
    assert body["within_7_workdays_rate"] == pytest.approx(2 / 6)
    assert body["arbitration_within_one_month_rate"] == 0.0
    assert body["police_arrival_within_15_min_rate"] is None
    assert body["inspection_arrival_within_20_min_rate"] is None
    assert body["overdue"] == 1
    assert body["counts"]["resolution_rate"] == {"numerator": 3, "denominator": 4, "value": 0.75}


def test_summary_by_from_and_to(october, api):
    with time_machine.travel(NOW, tick=False):
        response = api.get(URL, {"from": "2026-10-01", "to": "2026-10-01"})
    assert response.json()["received"] == 1  # C, at 00:00:00


def test_summary_stays_within_the_callers_scope(october, api_as, clerk):
    with time_machine.travel(NOW, tick=False):
        response = api_as(clerk).get(URL, {"period": "2026-10"})
    assert response.json()["resolved"] == 2


def test_summary_with_nothing_counted_gives_null_rates(api):
    response = api.get(URL, {"period": "2019-01"})
    assert response.json()["resolution_rate"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "2026-1"}, "period"),
        ({"from": "2026-10-01"}, "to"),
        ({"from": "2026-10-31", "to": "2026-10-01"}, "to"),
        ({"from": "yesterday", "to": "2026-10-01"}, "from"),
        ({"period": "2026-10", "street": "330106"}, "street"),
    ],
)
def test_summary_with_bad_input_names_the_field(api, params, field):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_summary_refuses_a_street_outside_the_scope(api_as, clerk):
    response = api_as(clerk).get(URL, {"period": "2026-10", "street": "330106109"})
    assert response.status_code == 400
    assert "street" in response.json()


def test_summary_needs_authentication(client, xihu):
    assert client.get(URL).status_code in (401, 403)
