"""`make bench` says of each budgeted figure whether it is met."""

import datetime as dt

from bench.measure import Result, budget_table, budgets


def page(name: str, total_ms: float, query_ms: float, queries: int) -> Result:
    runs = 20
    return Result(
        name,
        total_ms=[total_ms] * runs,
        query_ms=[query_ms] * runs,
        queries=[queries] * runs,
        case_query_ms=[0.0] * runs,
    )


def test_a_case_page_within_its_time_but_over_its_queries_is_met_and_missed():
    rows = {r["what"]: r for r in budgets({"case_page": page("case_page", 25, 15, 13)})}
    assert rows["case page p95 ms"]["met"]
    assert rows["case page own (Python) p50 ms"]["met"]  # 25 - 15 = 10 ms of own time
    assert not rows["case page queries"]["met"]


def test_a_page_not_measured_has_no_verdict():
    rows = budgets({"case_page": page("case_page", 25, 15, 13)})
    assert not any(r["what"].startswith("dashboard") for r in rows)


def test_the_budget_table_dates_a_run_by_the_utc_day():
    # 07:30 in Hangzhou on the 8th is still the 7th in UTC: two runs on "different days" are
    # told apart by one clock, whatever the machine's zone.
    hangzhou = dt.timezone(dt.timedelta(hours=8))
    text = budget_table(
        budgets({"case_page": page("case_page", 25, 15, 11)}),
        measured_at=dt.datetime(2026, 12, 8, 7, 30, tzinfo=hangzhou),
        code="abc1234",
        load=(1.0, 1.0, 1.0),
        reference_ms=30.0,
        django_reference_ms=18.0,
    )
    assert text.splitlines()[0] == (
        "budgets (issue 20), measured 2026-12-07 23:30 UTC on code abc1234"
    )
