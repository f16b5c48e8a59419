"""`make bench` says of each budgeted figure whether it is met."""

from bench.measure import Result, budgets


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
