"""Saving a calculation on a case as its claims, the parameters it reads, who may."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jiefen.accounts.choices import Role
from jiefen.calculators.choices import Item, ParameterKind, Reason, Unit
from jiefen.calculators.compute import Inputs
from jiefen.calculators.models import Calculation, Parameter
from jiefen.calculators.parameters import figures_on
from jiefen.calculators.services import calculation_run, calculation_save
from jiefen.cases.choices import CaseStatus, EventKind
from jiefen.cases.tests.factories import make_case
from jiefen.core.exceptions import ConflictError
from jiefen.core.policy import Forbidden

pytestmark = pytest.mark.django_db

# 2020-03-01 to 2023-08-31 is 3 years 6 months: 4 months (第四十七条); at 8,000 = 32,000.
SEVERANCE = Inputs(
    monthly_wage=Decimal(8000),
    start_date=dt.date(2020, 3, 1),
    end_date=dt.date(2023, 8, 31),
    reason=Reason.MUTUAL,
    unpaid_wages=Decimal(5000),
)


def test_saving_as_claims_replaces_the_cases_claims_and_total(
    handling_case, mediator, average_wage
):
    calculation = calculation_save(case=handling_case, actor=mediator, inputs=SEVERANCE)

    handling_case.refresh_from_db()
    claims = {c.item: c.amount for c in handling_case.claims.all()}
    assert claims == {"拖欠工资": Decimal("5000.00"), "经济补偿": Decimal("32000.00")}
    assert handling_case.claim_total == Decimal("37000.00")
    assert calculation.total == Decimal("37000.00")
    event = handling_case.events.filter(kind=EventKind.EDIT).latest("at")
    assert "按赔偿计算" in event.summary
    assert event.data["calculation"] == calculation.pk


def test_saving_without_claims_keeps_the_claims_and_notes_the_timeline(handling_case, mediator):
    before = list(handling_case.claims.values_list("item", "amount"))

    calculation_save(case=handling_case, actor=mediator, inputs=SEVERANCE, as_claims=False)

    assert list(handling_case.claims.values_list("item", "amount")) == before
    assert handling_case.events.filter(
        kind=EventKind.NOTE, summary__startswith="保存赔偿计算"
    ).exists()


def test_the_saved_result_keeps_the_figures_it_was_computed_with(
    handling_case, mediator, average_wage
):
    calculation = calculation_save(case=handling_case, actor=mediator, inputs=SEVERANCE)
    average_wage.value = Decimal("1000.00")
    average_wage.save()

    calculation.refresh_from_db()
    n = next(x for x in calculation.result["lines"] if x["key"] == Item.COMPENSATION)
    assert n["amount"] == "32000.00"
    assert calculation.result["figures"][0]["value"] == "10000.00"


def test_a_police_liaison_may_not_save_a_calculation_on_a_case(handling_case, make_staff):
    police = make_staff(Role.POLICE_LIAISON)
    with pytest.raises(Forbidden):
        calculation_save(case=handling_case, actor=police, inputs=SEVERANCE)
    assert not Calculation.objects.exists()


def test_staff_outside_the_cases_scope_may_not_save(handling_case, clerk_elsewhere):
    with pytest.raises(Forbidden):
        calculation_save(case=handling_case, actor=clerk_elsewhere, inputs=SEVERANCE)


def test_claims_of_a_closed_case_cannot_be_replaced(clerk, mediator):
    case = make_case(actor=clerk, status=CaseStatus.CLOSED)
    with pytest.raises(ConflictError):
        calculation_save(case=case, actor=mediator, inputs=SEVERANCE)
    assert not Calculation.objects.exists()


def test_end_before_start_is_refused_with_the_field(mediator):
    bad = Inputs(
        monthly_wage=Decimal(8000),
        start_date=dt.date(2024, 3, 1),
        end_date=dt.date(2023, 8, 31),
        reason=Reason.MUTUAL,
    )
    with pytest.raises(ValidationError) as e:
        calculation_run(inputs=bad, actor=mediator)
    assert "离职日期不能早于入职日期" in e.value.message_dict["end_date"]


def test_the_portal_computes_with_no_person_acting():
    result = calculation_run(inputs=SEVERANCE, actor=None, as_of=dt.date(2024, 1, 1))
    assert result.total == Decimal("37000.00")


def test_the_parameter_in_force_is_the_latest_that_took_effect_by_the_day(average_wage):
    Parameter.objects.create(
        kind=ParameterKind.AVERAGE_WAGE,
        effective_from=dt.date(2025, 7, 1),
        value=Decimal("11000.00"),
        unit=Unit.YUAN_PER_MONTH,
        source="测试用",
    )
    assert figures_on(dt.date(2025, 6, 30)).average_wage.value == Decimal("10000.00")
    later = figures_on(dt.date(2025, 7, 1)).average_wage
    assert later.value == Decimal("11000.00")
    assert later.confirmed is False


def test_the_minimum_wage_comes_from_arbitrations_table_unconfirmed():
    # The rows arbitration seeds (arbitration/wages.py): 2,490 from 2025-01-01.
    figure = figures_on(dt.date(2025, 6, 1)).minimum_wage
    assert figure.value == Decimal("2490.00")
    assert figure.confirmed is False
