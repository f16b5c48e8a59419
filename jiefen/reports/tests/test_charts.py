"""Charts anyone can read (issue 22 item 2): every chart on the dashboard has a one-line summary,
a data table with the chart's own numbers, and a keyboard-reachable link per segment; the clock
board counts what each clock's own badge says."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from jiefen.cases.clocks import clock_state
from jiefen.cases.models import Clock
from jiefen.reports import selectors
from jiefen.reports.tests.conftest import NOW


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


class _Panels(HTMLParser):
    """Per chart key: the canvas, the summary's text, the data table's rows, the links."""

    def __init__(self):
        super().__init__()
        self.panels: dict[str, dict] = {}
        self._text_of = None  # (key, "summary" | "caption")
        self._table = None
        self._row = None
        self._cell = None
        self._links = None

    def _panel(self, key):
        return self.panels.setdefault(
            key, {"canvas": False, "summary": "", "caption": "", "rows": [], "links": []}
        )

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-chart" in a:
            self._panel(a["data-chart"])["canvas"] = True
        if "data-chart-summary" in a:
            self._text_of = (a["data-chart-summary"], "summary")
        if tag == "table" and "data-chart-table" in a:
            self._table = self._panel(a["data-chart-table"])
        elif tag == "caption" and self._table is not None:
            self._text_of = ("__table__", "caption")
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""
        if tag == "ul" and "data-chart-links" in a:
            self._links = self._panel(a["data-chart-links"])["links"]
        if tag == "a" and self._links is not None:
            self._links.append(a.get("href"))

    def handle_endtag(self, tag):
        if tag in ("p", "caption"):
            self._text_of = None
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table["rows"].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "ul":
            self._links = None

    def handle_data(self, data):
        if self._text_of is not None:
            key, field = self._text_of
            panel = self._table if key == "__table__" else self._panel(key)
            panel[field] += data
        if self._cell is not None:
            self._cell += data


def _page(client, **params):
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("reports:dashboard"), params)
    html = response.content.decode()
    data = json.loads(
        re.search(
            r'<script id="reports-data" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    parser = _Panels()
    parser.feed(html)
    return data["panels"], parser.panels


def test_every_chart_has_a_summary_and_a_table_with_the_charts_numbers(october, as_leader):
    charts, rendered = _page(as_leader, period="2026-10")

    drawn = [key for key, chart in charts.items() if chart["categories"]]
    assert {"trend", "status", "category", "channel", "street", "village"} <= set(drawn)
    for key in drawn:
        chart, page = charts[key], rendered[key]
        assert page["canvas"], key
        assert page["summary"].strip(), key
        assert page["caption"].strip(), key
        header, *rows = page["rows"]
        assert header[1:] == [
            s["name"] + (f"（{s['unit']}）" if s["unit"] else "") for s in chart["series"]
        ], key
        expected = [
            [name] + ["—" if s["data"][i] is None else str(s["data"][i]) for s in chart["series"]]
            for i, name in enumerate(chart["categories"])
        ]
        assert rows == expected, key


def test_every_bar_of_a_breakdown_has_a_link_to_its_cases(october, as_leader):
    charts, rendered = _page(as_leader, period="2026-10")

    for key in ("status", "category", "channel", "street", "village", "trend"):
        assert rendered[key]["links"] == charts[key]["urls"], key


def test_a_summary_names_the_largest_part_and_the_total(october, as_leader):
    charts, rendered = _page(as_leader, period="2026-10")

    category = charts["category"]
    values = category["series"][0]["data"]
    top = category["categories"][values.index(max(values))]
    summary = rendered["category"]["summary"]
    assert f"共{sum(values)}件" in summary
    assert top in summary


def test_the_clock_board_counts_each_running_clock_in_the_state_its_badge_shows(october, leader):
    with time_machine.travel(NOW, tick=False):
        board = selectors.clock_board(user=leader)
        expected: dict[tuple[str, str], int] = {}
        for clock in Clock.objects.filter(met_at__isnull=True, cancelled=False, paused_at=None):
            key = (clock.kind, clock_state(clock))
            expected[key] = expected.get(key, 0) + 1

    counted = {
        (row["kind"], state): row[state]
        for row in board
        for state in selectors.CLOCK_BOARD_STATES
        if row[state]
    }
    assert counted == expected
    assert any(state == "overdue" for _kind, state in counted)


def test_a_clock_board_segment_links_to_the_cases_it_counts(october, as_leader, leader):
    charts, rendered = _page(as_leader, period="2026-10")

    links = rendered["clocks"]["links"]
    assert links
    with time_machine.travel(NOW, tick=False):
        for url in links:
            kind = re.search(r"clock=([a-z0-9_]+)", url).group(1)
            state = re.search(r"clock_state=([a-z_]+)", url).group(1)
            label = next(
                r["label"] for r in selectors.clock_board(user=leader) if r["kind"] == kind
            )
            at = charts["clocks"]["categories"].index(label)
            series = ["on_time", "due_soon", "overdue"].index(state)
            counted = charts["clocks"]["series"][series]["data"][at]
            listed = as_leader.get(url).context["page"].paginator.count
            assert listed == counted, url


def test_a_rate_with_nothing_counted_in_any_month_says_so_in_its_legend():
    from jiefen.reports.charts import trend_panel

    panel = trend_panel(
        {
            "months": ["2026-09", "2026-10"],
            "received": [3, 4],
            "urls": ["", ""],
            "series": [
                {"key": "resolution_rate", "name": "化解率", "data": [50.0, None]},
                {
                    "key": "arbitration_within_one_month_rate",
                    "name": "仲裁一个月内结案率",
                    "data": [None, None],
                },
            ],
        }
    )

    names = [s.name for s in panel.series]
    assert names == ["接待量", "化解率", "仲裁一个月内结案率（无可计数）"]
