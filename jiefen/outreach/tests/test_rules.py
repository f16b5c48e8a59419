"""Each warning rule on data built to just meet it and just miss it."""

import datetime as dt
import json
import types

import pytest
import time_machine
from django.utils import timezone

from jiefen.cases.choices import CaseStatus, Category
from jiefen.cases.tests.factories import make_case
from jiefen.outreach import rules
from jiefen.outreach.choices import CheckItem, CheckResult, EnterpriseKind, Severity, WarningRule
from jiefen.outreach.models import EarlyWarning
from jiefen.outreach.services import warnings_run
from jiefen.outreach.tests.factories import all_ok, make_enterprise, make_visit
from jiefen.workdays.services import CN_HOLIDAYS

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)


def _cases_against(actor, enterprise, ages: list[dt.timedelta], **extra):
    for age in ages:
        case = make_case(actor=actor, received_at=NOW - age, **extra)
        case.employer = enterprise.employer
        case.save(update_fields=["employer"])


# --- (1) repeated complaints --------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_three_cases_against_one_employer_within_30_days_raise_a_warning(leader, grid_inspector):
    ent = make_enterprise(actor=leader)
    _cases_against(
        leader, ent, [dt.timedelta(days=1), dt.timedelta(days=10), dt.timedelta(days=29, hours=23)]
    )

    assert warnings_run() == 1

    warning = EarlyWarning.objects.get()
    assert warning.rule == WarningRule.REPEATED_COMPLAINTS
    assert warning.employer_id == ent.employer_id
    assert warning.owner == grid_inspector
    assert [e["kind"] for e in warning.evidence] == ["case", "case", "case"]
    assert "3次" in warning.reason


@time_machine.travel(NOW, tick=False)
def test_a_third_case_older_than_30_days_raises_no_warning(leader):
    ent = make_enterprise(actor=leader)
    _cases_against(
        leader, ent, [dt.timedelta(days=1), dt.timedelta(days=10), dt.timedelta(days=30, minutes=1)]
    )

    assert rules.rule_repeated_complaints(now=timezone.now()) == []


@time_machine.travel(NOW, tick=False)
def test_two_cases_within_30_days_raise_no_warning(leader):
    ent = make_enterprise(actor=leader)
    _cases_against(leader, ent, [dt.timedelta(days=1), dt.timedelta(days=2)])

    assert rules.rule_repeated_complaints(now=timezone.now()) == []


@time_machine.travel(NOW, tick=False)
def test_a_signal_from_another_source_counts_toward_repeated_complaints(leader, monkeypatch):
    ent = make_enterprise(actor=leader)
    _cases_against(leader, ent, [dt.timedelta(days=1), dt.timedelta(days=2)])

    def letters(*, since, employer_ids=None):
        evidence = rules.Evidence(kind="letter", id=7, label="维权信箱来信")
        return [rules.Signal(employer_id=ent.employer_id, at=NOW, evidence=evidence)]

    monkeypatch.setattr(rules, "SIGNAL_SOURCES", [rules.case_signals, letters])

    [finding] = rules.rule_repeated_complaints(now=timezone.now())
    assert {e.kind for e in finding.evidence} == {"case", "letter"}


# --- (2) construction site near completion or before the Spring Festival ----------------------


def _site(leader, completion_in_days: int):
    return make_enterprise(
        actor=leader,
        kind=EnterpriseKind.CONSTRUCTION_SITE,
        planned_completion=timezone.localdate() + dt.timedelta(days=completion_in_days),
    )


@time_machine.travel(NOW, tick=False)
def test_site_30_days_from_completion_with_a_wage_arrears_case_raises_a_warning(leader):
    site = _site(leader, 30)
    _cases_against(leader, site, [dt.timedelta(days=3)], category=Category.WAGE_ARREARS)

    [finding] = rules.rule_site_wage_risk(now=timezone.now())

    assert finding.enterprise_id == site.pk
    assert "竣工" in finding.reason
    assert [e.kind for e in finding.evidence] == ["enterprise", "case"]


@time_machine.travel(NOW, tick=False)
def test_site_31_days_from_completion_raises_no_warning(leader):
    site = _site(leader, 31)
    _cases_against(leader, site, [dt.timedelta(days=3)], category=Category.WAGE_ARREARS)

    assert rules.rule_site_wage_risk(now=timezone.now()) == []


@time_machine.travel(NOW, tick=False)
def test_site_near_completion_without_an_unpaid_wage_signal_raises_no_warning(leader):
    site = _site(leader, 10)
    _cases_against(leader, site, [dt.timedelta(days=3)], category=Category.LABOR_CONTRACT)
    _cases_against(
        leader,
        site,
        [dt.timedelta(days=4)],
        category=Category.WAGE_ARREARS,
        status=CaseStatus.CLOSED,
    )

    assert rules.rule_site_wage_risk(now=timezone.now()) == []


@time_machine.travel(NOW, tick=False)
def test_a_visit_wage_problem_is_an_unpaid_wage_signal(leader):
    site = _site(leader, 20)
    make_visit(
        actor=leader,
        enterprise=site,
        severity=Severity.MINOR,
        findings="5月工资未发",
        checklist=all_ok(site, **{CheckItem.WAGES_ON_TIME: CheckResult.PROBLEM}),
    )

    [finding] = rules.rule_site_wage_risk(now=timezone.now())
    assert finding.evidence[1].kind == "visit"


SF_2027 = dt.date(2027, 2, 6)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (SF_2027 - dt.timedelta(days=28), 1),  # first day of the four weeks before
        (SF_2027 - dt.timedelta(days=1), 1),
        (SF_2027 - dt.timedelta(days=29), 0),  # one day too early
        (SF_2027, 0),  # the festival itself has begun
    ],
)
def test_site_in_the_four_weeks_before_spring_festival_with_wage_signal(leader, today, expected):
    with time_machine.travel(dt.datetime.combine(today, dt.time(2, 0), tzinfo=dt.UTC), tick=False):
        site = _site(leader, 200)  # far from completion: only the festival can trigger
        case = make_case(actor=leader, category=Category.WAGE_ARREARS)
        case.employer = site.employer
        case.save(update_fields=["employer"])

        found = rules.rule_site_wage_risk(now=timezone.now())

    assert len(found) == expected
    if expected:
        assert "春节" in found[0].reason


def test_spring_festival_table_agrees_with_the_statutory_days_of_the_calendar_data():
    """初一 is the second statutory day of the four-day Spring Festival span (除夕 to 初三)."""
    data = json.loads(CN_HOLIDAYS.read_text(encoding="utf-8"))
    for year, info in data["years"].items():
        days = sorted(
            dt.date.fromisoformat(d)
            for d in info["statutory_days"]
            if dt.date.fromisoformat(d).month in (1, 2) and d[5:] != "01-01"
        )
        assert rules.SPRING_FESTIVAL[int(year)] == days[1]


# --- (3) overdue rectification orders ----------------------------------------------------------


def test_no_source_of_orders_means_no_rectification_warnings(db, monkeypatch):
    monkeypatch.setattr(rules, "OVERDUE_ORDER_SOURCES", [])

    assert rules.rectification_orders_overdue() == []
    assert rules.rule_rectification_overdue(now=timezone.now()) == []


def test_the_inspection_track_registers_its_overdue_orders_at_start_up():
    from jiefen.inspection.selectors import rectification_orders_overdue

    assert rectification_orders_overdue in rules.OVERDUE_ORDER_SOURCES


@pytest.fixture
def overdue_orders(monkeypatch):
    """A registered source of overdue orders, standing in for the inspection track."""
    orders: list = []
    monkeypatch.setattr(rules, "OVERDUE_ORDER_SOURCES", [lambda: orders])
    return orders


def test_an_overdue_rectification_order_raises_a_warning(leader, overdue_orders):
    ent = make_enterprise(actor=leader)
    overdue_orders.append(
        types.SimpleNamespace(pk=11, employer_id=ent.employer_id, number="西劳监改〔2026〕11号")
    )

    [finding] = rules.rule_rectification_overdue(now=timezone.now())

    assert finding.rule == WarningRule.RECTIFICATION_OVERDUE
    assert finding.evidence[0].label == "西劳监改〔2026〕11号"


def test_without_overdue_orders_no_rectification_warning(leader, overdue_orders):
    make_enterprise(actor=leader)

    assert rules.rule_rectification_overdue(now=timezone.now()) == []


# --- (4) serious finding -----------------------------------------------------------------------


def test_a_serious_visit_finding_raises_a_red_warning_at_once(leader, grid_inspector):
    ent = make_enterprise(actor=leader)

    make_visit(
        actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="老板失联，工人聚集"
    )

    warning = EarlyWarning.objects.get()
    assert (warning.rule, warning.level, warning.owner) == (
        WarningRule.SERIOUS_FINDING,
        "red",
        grid_inspector,
    )
    assert warning.events.get().new_status == "new"


def test_a_major_but_not_serious_finding_raises_no_warning(leader):
    ent = make_enterprise(actor=leader)

    make_visit(actor=leader, enterprise=ent, severity=Severity.MAJOR, findings="部分合同未签")

    assert rules.rule_serious_finding(now=timezone.now()) == []
    assert not EarlyWarning.objects.exists()


# --- (5) headcount drop ------------------------------------------------------------------------


def _two_visits(leader, before: int, after: int):
    ent = make_enterprise(actor=leader)
    make_visit(
        actor=leader,
        enterprise=ent,
        headcount_seen=before,
        visited_at=timezone.now() - dt.timedelta(days=40),
    )
    make_visit(actor=leader, enterprise=ent, headcount_seen=after)
    return ent


def test_a_30_percent_headcount_drop_between_two_visits_raises_a_warning(leader):
    ent = _two_visits(leader, 100, 70)

    warning = EarlyWarning.objects.get(rule=WarningRule.HEADCOUNT_DROP)
    assert warning.enterprise == ent
    assert "由100人降至70人" in warning.reason
    assert [e["kind"] for e in warning.evidence] == ["visit", "visit"]


def test_a_29_percent_headcount_drop_raises_no_warning(leader):
    _two_visits(leader, 100, 71)

    assert rules.rule_headcount_drop(now=timezone.now()) == []
    assert not EarlyWarning.objects.exists()
