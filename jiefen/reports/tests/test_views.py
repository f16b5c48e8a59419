"""The dashboard, the monthly report page, its exports and background run, the command."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.cases.tests.factories import make_case
from jiefen.reports.models import ReportRun
from jiefen.reports.tests.conftest import NOW, at

SANDUN = "330106109"  # 三墩镇: one of October's cases arose there


class _Tables(HTMLParser):
    """The rows of each table carrying data-testid, as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._current = None
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-testid" in attrs:
            self._current = self.tables.setdefault(attrs["data-testid"], [])
        elif tag == "tr" and self._current is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._current.append(self._row)
            self._row = None
        elif tag == "table":
            self._current = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def test_dashboard_shows_the_months_figures_and_links_them(october, as_leader):
    with time_machine.travel(NOW, tick=False):
        response = as_leader.get(reverse("reports:dashboard"), {"period": "2026-10"})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'data-testid="figure-received">5<', html)
    assert re.search(r'data-testid="figure-resolution_rate">75.0%<', html)
    assert 'href="/cases/?from=2026-10-01&amp;to=2026-10-31"' in html


def test_dashboard_carries_chart_data_as_json_with_a_link_per_bar(october, as_leader):
    with time_machine.travel(NOW, tick=False):
        response = as_leader.get(reverse("reports:dashboard"), {"period": "2026-10"})
    data = json.loads(
        re.search(
            r'<script id="reports-data" type="application/json">(.*?)</script>',
            response.content.decode(),
            re.S,
        ).group(1)
    )
    category = data["panels"]["category"]
    at = category["categories"].index("拖欠工资")
    assert category["series"][0]["data"][at] == 2
    assert category["urls"][at] == "/cases/?from=2026-10-01&to=2026-10-31&category=wage_arrears"
    assert len(data["panels"]["trend"]["categories"]) == 12


def test_dashboard_street_filter_narrows_the_figures(october, as_leader):
    with time_machine.travel(NOW, tick=False):
        response = as_leader.get(
            reverse("reports:dashboard"), {"period": "2026-10", "street": "330106109"}
        )
    assert re.search(r'data-testid="figure-received">1<', response.content.decode())


def test_dashboard_wall_mode_is_dark_without_the_menu(october, as_leader):
    response = as_leader.get(reverse("reports:dashboard"), {"wall": "1"})
    html = response.content.decode()
    assert "reports-wall" in html
    assert 'id="mainnav"' not in html


def test_dashboard_with_a_bad_date_says_so_and_shows_the_current_month(as_leader):
    response = as_leader.get(reverse("reports:dashboard"), {"from": "2026-02-30", "to": "x"})
    assert response.status_code == 200
    assert "日期格式应为 YYYY-MM-DD" in response.content.decode()


def test_dashboard_queries_do_not_grow_with_the_cases(
    october, as_leader, django_assert_max_num_queries
):
    # 30, 3 for the centre's panel (return visits, the major-case register, the board), 2 for
    # the clock board (the working-day calendar, one grouped count) and 1 for the collective
    # disputes in hand, each one aggregate however many rows it counts.
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(37):
        as_leader.get(reverse("reports:dashboard"), {"period": "2026-10"})


@pytest.fixture
def dashboard_cache(settings):
    settings.JIEFEN_DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _received(client, **params) -> str:
    html = client.get(reverse("reports:dashboard"), {"period": "2026-10", **params}).content
    return re.search(r'data-testid="figure-received">(\d+)<', html.decode()).group(1)


def test_dashboard_figures_are_kept_for_a_minute_then_counted_again(
    october, as_leader, leader, dashboard_cache
):
    with time_machine.travel(NOW, tick=False):
        assert _received(as_leader) == "5"
        make_case(actor=leader, received_at=at(2026, 10, 20))

        assert _received(as_leader) == "5"  # as counted a moment ago (the page says when)
    with time_machine.travel(NOW + dt.timedelta(seconds=61), tick=False):
        assert _received(as_leader) == "6"


def test_dashboard_figures_kept_for_one_reader_are_not_shown_to_another(
    october, as_leader, make_staff, dashboard_cache
):
    other = Client()
    other.force_login(make_staff(Role.LEADER, scope_level=ScopeLevel.STREET, scope_code=SANDUN))
    with time_machine.travel(NOW, tick=False):
        assert _received(as_leader) == "5"

        assert _received(other) == "1"


def test_dashboard_figures_kept_for_a_reader_are_not_shown_once_their_scope_is_narrowed(
    october, as_leader, leader, dashboard_cache
):
    with time_machine.travel(NOW, tick=False):
        assert _received(as_leader) == "5"
        leader.scope_level, leader.scope_code = ScopeLevel.STREET, SANDUN
        leader.save(update_fields=["scope_level", "scope_code"])

        assert _received(as_leader) == "1"


def test_dashboard_needs_a_login(client):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _page_figures(client) -> list[list[str]]:
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("reports:monthly"), {"month": "2026-10"})
    assert response.status_code == 200
    return tables(response.content.decode())


@pytest.fixture
def run_report(as_leader, django_capture_on_commit_callbacks):
    def run() -> ReportRun:
        with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
            return _run(as_leader)

    return run


def _run(client) -> ReportRun:
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("reports:run_start"), {"month": "2026-10"})
    run = ReportRun.objects.get()
    assert response["Location"] == reverse("reports:run", args=[run.pk])
    return run


def test_monthly_page_compares_with_the_previous_month_and_the_year_before(october, as_leader):
    page = _page_figures(as_leader)
    rows = {row[0]: row for row in page["figures"][1:]}
    # 指标, 本月, 分子/分母, 上月, 环比, 去年同月, 同比
    assert rows["化解率"][1:3] == ["75.0%", "3/4"]
    assert rows["接待"][1] == "5"
    assert rows["接待"][3] == "3"  # September: A, B, E
    assert rows["接待"][4] == "+2"
    assert rows["接待"][5] == "0"


def test_monthly_page_lists_employers_major_and_late_cases(october, as_leader):
    page = _page_figures(as_leader)
    assert page["employers"][1][1] == "杭州转塘建设有限公司"
    assert [row[0] for row in page["major"][1:]] == [october.cases["C"].number]
    late_numbers = {row[0] for row in page["late"][1:]}
    assert october.cases["E"].number in late_numbers
    assert october.cases["A"].number not in late_numbers


def test_background_run_produces_the_files_and_shows_progress(october, as_leader, run_report):
    run = run_report()
    run.refresh_from_db()
    assert (run.status, run.progress) == (ReportRun.Status.DONE, 100)
    progress = as_leader.get(reverse("reports:run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert 'data-status="done"' in progress.content.decode()
    assert "hx-trigger" not in progress.content.decode()


def test_running_report_page_polls_until_done(as_leader, leader):
    run = ReportRun.objects.create(requested_by=leader, month="2026-10", progress=40)
    response = as_leader.get(reverse("reports:run", args=[run.pk]))
    assert 'hx-trigger="every 1s"' in response.content.decode()


def test_exported_xlsx_holds_the_same_figures_as_the_page(october, as_leader, run_report):
    page = _page_figures(as_leader)
    run = run_report()
    response = as_leader.get(reverse("reports:run_download", args=[run.pk, "xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    sheet = wb["主要指标"]
    rows = [
        [str(c) if c is not None else "" for c in row]
        for row in sheet.iter_rows(min_row=3, values_only=True)
    ]
    assert rows == page["figures"]
    table = [
        [str(c).strip() for c in row]
        for row in wb["劳动人事争议处理情况"].iter_rows(min_row=4, values_only=True)
    ]
    assert table == page["dispute-table"]


def test_exported_docx_holds_the_same_figures_as_the_page(october, as_leader, run_report):
    page = _page_figures(as_leader)
    run = run_report()
    response = as_leader.get(reverse("reports:run_download", args=[run.pk, "docx"]))
    doc = Document(io.BytesIO(response.content))
    figures = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    assert figures == page["figures"]
    late = [[cell.text for cell in row.cells] for row in doc.tables[4].rows]
    assert late == page["late"]


def test_another_user_cannot_download_the_run(october, as_leader, run_report, client, clerk):
    run = run_report()
    client.force_login(clerk)
    response = client.get(reverse("reports:run_download", args=[run.pk, "xlsx"]))
    assert response.status_code == 404


def test_run_with_a_bad_month_is_refused(as_leader):
    response = as_leader.post(reverse("reports:run_start"), {"month": "2026-13"}, follow=True)
    assert "月份格式应为 YYYY-MM" in response.content.decode()
    assert not ReportRun.objects.exists()


def test_command_writes_xlsx_and_docx(october, tmp_path):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("monthly_report", "--month", "2026-10", "--out", str(tmp_path), stdout=out)
    wb = load_workbook(tmp_path / "monthly-report-2026-10.xlsx")
    rows = {r[0]: r for r in wb["主要指标"].iter_rows(min_row=4, values_only=True)}
    assert rows["化解率"][1] == "75.0%"
    assert (tmp_path / "monthly-report-2026-10.docx").stat().st_size > 0
    assert "100%" in out.getvalue() or "wrote" in out.getvalue()


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        ("received", 5),
        ("accepted", 4),
        ("carried_over", 2),
        ("concluded", 4),
        ("resolved", 3),
        ("backlog", 2),
        ("overdue", 1),
        ("collective", 1),
    ],
)
def test_a_figures_link_lists_as_many_cases_as_it_counts(october, as_leader, figure, expected):
    from jiefen.reports import links
    from jiefen.reports.selectors import Period

    url = links.FigureLinks(Period.month(2026, 10)).figures()[figure]
    with time_machine.travel(NOW, tick=False):
        response = as_leader.get(url)
    assert response.context["page"].paginator.count == expected


@pytest.mark.parametrize(
    ("figure", "on_time", "decided"),
    [
        ("within_7_workdays_rate", 2, 6),
        ("arbitration_within_one_month_rate", 0, 1),
        ("arbitration_within_45_days_rate", 1, 1),
    ],
)
def test_a_clock_rates_link_lists_the_cases_it_counted(
    october, as_leader, figure, on_time, decided
):
    from jiefen.reports import links
    from jiefen.reports.selectors import Period

    url = links.FigureLinks(Period.month(2026, 10)).figures()[figure]
    with time_machine.travel(NOW, tick=False):
        listed = as_leader.get(url).context["page"].paginator.count
        listed_on_time = as_leader.get(url + "&clock_result=on_time")
    assert (listed_on_time.context["page"].paginator.count, listed) == (on_time, decided)


def test_every_case_figures_link_agrees_with_the_figure_on_the_page(october, as_leader, leader):
    from jiefen.reports import links
    from jiefen.reports.selectors import Period, summary

    period = Period.month(2026, 10)
    urls = links.FigureLinks(period).figures()
    with time_machine.travel(NOW, tick=False):
        figures = summary(user=leader, period=period, now=NOW)
        for key, counted in [
            ("received", figures["received"]),
            ("accepted", figures["accepted"]),
            ("carried_over", figures["carried_over"]),
            ("concluded", figures["concluded"]),
            ("resolved", figures["resolved"]),
            ("backlog", figures["backlog"]),
            ("collective", figures["collective_in_hand"]),
            ("within_7_workdays_rate", figures["within_7_workdays_rate"].denominator),
        ]:
            listed = as_leader.get(urls[key]).context["page"].paginator.count
            assert listed == counted, key


def test_a_street_readers_figure_links_leave_out_cases_assigned_to_them_elsewhere(
    october, client, make_staff
):
    from jiefen.accounts.choices import Role, ScopeLevel
    from jiefen.cases.models import Assignment

    sandun_leader = make_staff(Role.LEADER, scope_level=ScopeLevel.STREET, scope_code="330106109")
    # A Zhuantang case of October assigned to the Sandun leader: on their case list, not in
    # their street's figures.
    Assignment.objects.create(case=october.cases["C"], user=sandun_leader, duty="lead")
    client.force_login(sandun_leader)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("reports:dashboard"), {"period": "2026-10"})
        card = next(c for c in page.context["cards"] if c["row"].key == "received")
        listed = client.get(card["url"])
        everything = client.get(reverse("cases:list"), {"from": "2026-10-01", "to": "2026-10-31"})

    assert listed.context["page"].paginator.count == page.context["figures"]["received"] == 1
    assert everything.context["page"].paginator.count == 2
    assert "仅本辖区的案件" in listed.content.decode()


def test_a_category_bar_lists_as_many_cases_as_it_counts(october, as_leader):
    with time_machine.travel(NOW, tick=False):
        page = as_leader.get(reverse("reports:dashboard"), {"period": "2026-10"})
        data = json.loads(
            re.search(
                r'<script id="reports-data" type="application/json">(.*?)</script>',
                page.content.decode(),
                re.S,
            ).group(1)
        )
        for key in ("category", "street", "status", "channel"):
            panel = data["panels"][key]
            for url, value in zip(panel["urls"], panel["series"][0]["data"], strict=True):
                listed = as_leader.get(url).context["page"].paginator.count
                assert listed == value, (key, url)


def test_command_for_one_street_covers_that_street(october, tmp_path):
    with time_machine.travel(NOW, tick=False):
        call_command(
            "monthly_report",
            "--month",
            "2026-10",
            "--street",
            "330106109",
            "--out",
            str(tmp_path),
            stdout=io.StringIO(),
        )
    wb = load_workbook(tmp_path / "monthly-report-2026-10-330106109.xlsx")
    rows = {r[0]: r for r in wb["主要指标"].iter_rows(min_row=4, values_only=True)}
    assert rows["接待"][1] == "1"  # G only


def test_the_monthly_report_button_is_offered_only_to_those_who_compile_it(as_leader, make_staff):
    from django.test import Client

    from jiefen.accounts.choices import Role

    mediator = Client()
    mediator.force_login(make_staff(Role.MEDIATOR))
    mediator_page = mediator.get(reverse("reports:dashboard")).content.decode()
    leader_page = as_leader.get(reverse("reports:dashboard")).content.decode()

    assert 'data-testid="monthly-link"' not in mediator_page
    assert 'data-testid="monthly-link"' in leader_page
