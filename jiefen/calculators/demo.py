"""Demo: the calculator's parameter table, and calculations saved on cases in hand (most of them
as the cases' claims), as mediators at the centre make them at the table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jiefen.accounts.models import User
from jiefen.calculators import policies as P
from jiefen.calculators.choices import ParameterKind, Reason, Unit
from jiefen.calculators.compute import Inputs
from jiefen.calculators.models import Calculation, Parameter
from jiefen.calculators.services import calculation_run, calculation_save
from jiefen.cases.choices import CaseStatus, Category, Duty
from jiefen.cases.models import Case
from jiefen.core.demo import demo_time

# After the tracks, before the reports demo concludes the cases whose tracks have ended.
ORDER = 85
CALCULATIONS = 16
DEMO_SOURCE = "演示数据：示意数值，未经核实，不是{who}公布的实际标准。正式使用前请管理员按公布文件录入并核实。"
# What a calculation on a case of each category is mostly about.
REASONS = {
    Category.SEVERANCE: [Reason.MUTUAL, Reason.LAYOFF, Reason.UNLAWFUL, Reason.EXPIRY],
    Category.LABOR_CONTRACT: [Reason.UNLAWFUL, Reason.EMPLOYER_FAULT, Reason.NO_COMPENSATION],
    Category.WAGE_ARREARS: [Reason.EMPLOYER_FAULT, Reason.ONGOING],
    Category.WORKING_HOURS: [Reason.ONGOING, Reason.EMPLOYER_FAULT],
    Category.WORK_INJURY: [Reason.NO_COMPENSATION, Reason.ONGOING],
}


def _parameters() -> None:
    rows = [
        (
            ParameterKind.AVERAGE_WAGE,
            None,
            dt.date(2024, 7, 1),
            "10500",
            Unit.YUAN_PER_MONTH,
            "杭州市统计局",
        ),
        (
            ParameterKind.AVERAGE_WAGE,
            None,
            dt.date(2025, 7, 1),
            "11000",
            Unit.YUAN_PER_MONTH,
            "杭州市统计局",
        ),
        (
            ParameterKind.INJURY_AVERAGE_WAGE,
            None,
            dt.date(2025, 7, 1),
            "9800",
            Unit.YUAN_PER_MONTH,
            "浙江省人力社保厅",
        ),
    ]
    for grade, medical, employment in (
        (5, 10, 30),
        (6, 8, 24),
        (7, 6, 14),
        (8, 4, 10),
        (9, 2, 6),
        (10, 1, 4),
    ):
        rows.append(
            (
                ParameterKind.INJURY_MEDICAL,
                grade,
                dt.date(2025, 1, 1),
                medical,
                Unit.MONTHS,
                "浙江省人民政府",
            )
        )
        rows.append(
            (
                ParameterKind.INJURY_EMPLOYMENT,
                grade,
                dt.date(2025, 1, 1),
                employment,
                Unit.MONTHS,
                "浙江省人民政府",
            )
        )
    for kind, grade, since, value, unit, who in rows:
        Parameter.objects.get_or_create(
            kind=kind,
            region="杭州市",
            grade=grade,
            effective_from=since,
            defaults={"value": Decimal(value), "unit": unit, "source": DEMO_SOURCE.format(who=who)},
        )


def _inputs(case: Case, *, rng) -> Inputs:
    received = timezone.localtime(case.received_at).date()
    reason = rng.choice(REASONS[case.category])
    wage = Decimal(rng.randrange(45, 140) * 100)
    start = received - dt.timedelta(days=rng.randrange(200, 365 * 12))
    end = None if reason == Reason.ONGOING else received - dt.timedelta(days=rng.randrange(3, 40))
    extra: dict = {}
    if case.category == Category.WAGE_ARREARS:
        extra["unpaid_wages"] = wage * rng.randrange(1, 4)
    if case.category == Category.WORKING_HOURS:
        extra.update(
            overtime_weekday_hours=Decimal(rng.randrange(20, 120)),
            overtime_restday_hours=Decimal(rng.randrange(0, 64, 8)),
            overtime_paid=Decimal(rng.randrange(0, 2000, 100)),
            leave_service_years=rng.randrange(1, 25),
        )
    if case.category == Category.LABOR_CONTRACT and rng.random() < 0.6:
        start = received - dt.timedelta(days=rng.randrange(60, 330))
        extra["no_written_contract"] = True
    if case.category == Category.WORK_INJURY:
        extra.update(injury_grade=rng.randrange(6, 11), injury_wage=wage)
    if reason in (Reason.INCOMPETENCE, Reason.ILLNESS) and rng.random() < 0.5:
        extra["notice_given"] = False
    return Inputs(monthly_wage=wage, start_date=start, end_date=end, reason=reason, **extra)


def _who(case: Case, *, mediator: User, leader: User) -> User:
    if P.SAVE.allows(mediator, case):
        return mediator
    assigned = (
        case.assignments.filter(active=True, duty=Duty.MEDIATOR).select_related("user").first()
    )
    if assigned and P.SAVE.allows(assigned.user, case):
        return assigned.user
    return leader


def seed(*, out, rng) -> None:
    _parameters()
    if Calculation.objects.exists():
        return
    mediator = User.objects.get(username="mediator")
    leader = User.objects.get(username="leader")
    now = timezone.now()
    cases = list(
        Case.objects.filter(
            status=CaseStatus.HANDLING, collective=False, category__in=list(REASONS)
        ).order_by("-received_at", "id")[:80]
    )
    rng.shuffle(cases)
    # The street the demo mediator serves first, so their login shows calculations.
    cases.sort(key=lambda c: not P.SAVE.allows(mediator, c))
    saved = 0
    for case in cases[:CALCULATIONS]:
        at = min(
            (case.accepted_at or case.received_at) + dt.timedelta(hours=rng.randrange(1, 30)), now
        )
        actor = _who(case, mediator=mediator, leader=leader)
        inputs = _inputs(case, rng=rng)
        with demo_time(at):
            owed = calculation_run(inputs=inputs, actor=actor).total
            calculation_save(
                case=case, actor=actor, inputs=inputs, as_claims=owed > 0 and rng.random() < 0.75
            )
        saved += 1
    out.write(f"demo calculations: {saved}")
