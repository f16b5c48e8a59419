import datetime as dt
from decimal import Decimal

import pytest

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.calculators.choices import ParameterKind, Unit
from jiefen.calculators.models import Parameter
from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case

ZHUANTANG = "330106010"


@pytest.fixture
def mediator(make_staff):
    return make_staff(
        Role.MEDIATOR,
        scope_level=ScopeLevel.STREET,
        scope_code=ZHUANTANG,
        department_kind=DepartmentKind.MEDIATION_COMMITTEE,
    )


@pytest.fixture
def handling_case(clerk):
    return make_case(actor=clerk, status=CaseStatus.HANDLING)


@pytest.fixture
def average_wage(db):
    return Parameter.objects.create(
        kind=ParameterKind.AVERAGE_WAGE,
        effective_from=dt.date(2023, 1, 1),
        value=Decimal("10000.00"),
        unit=Unit.YUAN_PER_MONTH,
        source="测试用",
        confirmed=True,
    )
