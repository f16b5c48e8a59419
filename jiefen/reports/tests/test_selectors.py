"""Every figure of October 2026 against its written definition (see conftest.october)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from conftest import SANDUN
from jiefen.cases.choices import LinkKind
from jiefen.cases.clocks import RESOLVE_7
from jiefen.cases.models import CaseLink, Clock
from jiefen.cases.services import case_merge
from jiefen.reports import selectors
from jiefen.reports.definitions import DEFINITIONS, Ratio
from jiefen.reports.selectors import Period
from jiefen.reports.tests.conftest import NOW, _build, at

OCT = Period.month(2026, 10)


@pytest.fixture
def figures(october, leader):
    return selectors.summary(user=leader, period=OCT, now=october.now)


def test_received_counts_the_first_and_last_second_of_the_month_only(figures):
    # C (1 Oct 00:00:00), D (31 Oct 23:59:59), G, H, I; not E (30 Sep 23:59:59) nor F (1 Nov).
    assert figures["received"] == 5


def test_accepted_counts_cases_accepted_in_the_month(figures):
    assert figures["accepted"] == 4  # C, E, G, H


def test_carried_over_counts_cases_accepted_before_and_pending_at_the_start(figures):
    assert figures["carried_over"] == 2  # A, B


def test_concluded_counts_resolved_and_unresolved_but_not_answered(figures):
    # A, B, C (closed since: outcome from the timeline), G (31 Oct 23:59:59); not H (1 Nov), I.
    assert (figures["concluded"], figures["resolved"], figures["unresolved"]) == (4, 3, 1)


def test_resolution_rate_is_resolved_over_concluded(figures):
    assert figures["resolution_rate"] == Ratio(3, 4)
    assert figures["resolution_rate"].value == 0.75


def test_backlog_counts_cases_pending_at_the_last_moment_of_the_month(figures):
    assert figures["backlog"] == 2  # E (open), H (concluded at 1 Nov 00:00:00)


def test_seven_workday_rate_counts_each_clock_once_in_the_month_it_was_decided(figures):
    # On time: A (due 14 Oct across the holiday, met that evening), C. Late: B (met 15 Oct),
    # E (due 16 Oct, unmet), G (due 20 Oct, met 31 Oct), H (due 29 Oct, met 1 Nov).
    assert figures["within_7_workdays_rate"] == Ratio(2, 6)


def test_seven_workday_clock_runs_past_the_national_day_holiday(october):
    clock = Clock.objects.get(case=october.cases["A"], kind=RESOLVE_7)
    assert timezone.localtime(clock.due_at).date() == dt.date(2026, 10, 14)


def test_seven_workday_rate_leaves_a_clock_out_until_it_is_decided(october, leader):
    # At noon on 16 Oct, E's clock (due that midnight) still runs, and so do G's and H's:
    # decided are A and C (on time) and B (due 14 Oct, unmet by then).
    early = at(2026, 10, 16, 12)
    figures = selectors.summary(user=leader, period=OCT, now=early)
    assert figures["within_7_workdays_rate"] == Ratio(2, 3)


def test_arbitration_one_month_rate_counts_the_award_after_the_target_as_late(figures):
    assert figures["arbitration_within_one_month_rate"] == Ratio(0, 1)


def test_arbitration_45_day_rate_counts_awards_within_the_statutory_period(figures):
    assert figures["arbitration_within_45_days_rate"] == Ratio(1, 1)


def test_arbitration_closure_rate_is_closed_over_accepted_plus_carried_over(figures):
    # Accepted in October: G; carried over: B (accepted 20 Sep, open on 1 Oct); closed: B;
    # not A (closed in September).
    assert figures["arbitration_closure_rate"] == Ratio(1, 2)


def test_arbitration_closed_by_method_follows_the_statistics_table(figures):
    assert (
        figures["arbitration_closed_award"],
        figures["arbitration_closed_mediated"],
        figures["arbitration_closed_other"],
        figures["arbitration_pending"],
    ) == (1, 0, 0, 1)


def test_mediation_success_rate_is_agreements_over_mediations_ended(figures):
    assert figures["mediation_success_rate"] == Ratio(2, 3)  # A, G of A, B, G; H still open


def test_overdue_counts_cases_with_a_clock_past_due_now(figures):
    assert figures["overdue"] == 1  # E


def test_collective_cases_and_workers_follow_the_statistics_table(figures):
    assert (figures["collective_cases"], figures["collective_workers"]) == (1, 10)
    assert figures["workers"] == 13  # C 10, E, G, H


def test_handling_time_average_and_median_in_days(october, figures):
    c = october.cases
    days = sorted((c[k].concluded_at - c[k].accepted_at).total_seconds() / 86400 for k in "ABCG")
    assert figures["handling_days_avg"] == round(sum(days) / 4, 2)
    assert figures["handling_days_median"] == round((days[1] + days[2]) / 2, 2)


def test_figures_stay_within_the_readers_scope(october, clerk):
    figures = selectors.summary(user=clerk, period=OCT, now=october.now)
    assert (figures["received"], figures["concluded"], figures["resolved"]) == (4, 3, 2)


def test_street_filter_keeps_one_street(october, leader):
    figures = selectors.summary(user=leader, period=OCT, street=SANDUN, now=october.now)
    assert (figures["received"], figures["resolved"]) == (1, 1)


def test_rates_without_anything_counted_are_none(leader, xihu):
    figures = selectors.summary(user=leader, period=Period.month(2020, 1))
    assert figures["resolution_rate"].value is None
    assert figures["police_arrival_within_15_min_rate"].value is None


def test_a_duplicate_merged_into_another_case_is_not_counted_as_a_dispute_of_its_own(leader):
    first = _build(leader, received=at(2026, 10, 12), accepted=at(2026, 10, 12, 10))
    second = _build(
        leader,
        received=at(2026, 10, 13),
        accepted=at(2026, 10, 13, 10),
        employer_name="杭州之江建材有限公司",  # no link of the same employer beside the duplicate
    )
    link = CaseLink.objects.create(
        case=second, other=first, kind=LinkKind.DUPLICATE, reason="同一劳动者", found_at=NOW
    )
    case_merge(link=link, actor=leader)

    figures = selectors.summary(user=leader, period=OCT, now=NOW)

    assert (figures["received"], figures["accepted"], figures["backlog"]) == (1, 1, 1)


def test_breakdowns_count_cases_received_in_the_month(october, leader):
    parts = selectors.breakdowns(user=leader, period=OCT)
    category = {row["key"]: row["count"] for row in parts["category"]}
    assert category == {"wage_arrears": 2, "social_insurance": 1, "labor_contract": 1, "other": 1}
    street = {row["key"]: row["count"] for row in parts["street"]}
    assert street == {"330106010": 4, SANDUN: 1}
    channel = {row["key"]: row["count"] for row in parts["channel"]}
    assert channel == {"walk_in": 3, "police_110": 1, "phone": 1}


def test_trend_gives_twelve_months_with_october_last(october, leader):
    rows = selectors.trend(user=leader, period=OCT, now=october.now)
    assert [r["month"] for r in rows][0] == "2025-11"
    assert rows[-1]["month"] == "2026-10"
    assert rows[-1]["resolution_rate"] == Ratio(3, 4)
    assert rows[-1]["within_7_workdays_rate"] == Ratio(2, 6)
    assert rows[-2]["received"] == 3  # September: A, B, E


def test_overdue_list_names_the_clock_and_its_case(october, leader):
    clocks = selectors.overdue_list(user=leader, now=october.now)
    assert {c.case.number for c in clocks} == {october.cases["E"].number}


def test_late_clocks_of_the_month_are_listed_with_their_cases(october, leader):
    late = selectors.late_clocks(user=leader, period=OCT, now=october.now)
    numbers = {(c.case.number, c.kind) for c in late}
    cases = october.cases
    assert (cases["B"].number, RESOLVE_7) in numbers
    assert (cases["A"].number, RESOLVE_7) not in numbers


def test_top_employers_rank_by_disputes_received(october, leader):
    rows = selectors.top_employers(user=leader, period=OCT)
    # 转塘建设: D, E... received in October: D, H, I (3); 之江建材: C (1); 三墩电子: G (1).
    assert [(r["employer__name"], r["cases"]) for r in rows][0] == ("杭州转塘建设有限公司", 3)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"period": "2026-10"}, Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))),
        ({"period": "2024-02"}, Period(dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        (
            {"date_from": "2026-01-01", "date_to": "2026-03-31"},
            Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ),
    ],
)
def test_period_from_params(params, expected):
    assert selectors.period_from_params(**params) == expected


def test_period_with_bad_dates_names_the_field():
    with pytest.raises(ValidationError) as exc:
        selectors.period_from_params(date_from="2026-13-01", date_to="2026-01-01")
    assert "from" in exc.value.message_dict


def test_every_rate_has_a_numerator_and_a_denominator_in_its_definition():
    for key in selectors.RATE_KEYS:
        assert DEFINITIONS[key].numerator and DEFINITIONS[key].denominator, key


@pytest.mark.parametrize(
    "params",
    [
        {"period": "0001-01"},
        {"period": "9999-12"},
        {"date_from": "0001-01-01", "date_to": "0001-01-02"},
    ],
)
def test_period_outside_the_years_of_disputes_is_refused(params):
    with pytest.raises(ValidationError):
        selectors.period_from_params(**params)


@pytest.mark.parametrize(
    ("language", "month", "days"),
    [
        ("zh-hans", "2026年10月", "2026-10-03 至 2026-10-09"),
        ("en", "October 2026", "2026-10-03 to 2026-10-09"),
    ],
)
def test_a_period_is_named_in_the_readers_language(language, month, days):
    with translation.override(language):
        assert OCT.label == month
        assert Period(dt.date(2026, 10, 3), dt.date(2026, 10, 9)).label == days
