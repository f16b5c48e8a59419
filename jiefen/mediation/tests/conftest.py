import pytest

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.arbitration.services import rooms_ensure, wage_tables_ensure
from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case

ZHUANTANG = "330106010"


@pytest.fixture(autouse=True)
def _tables(xihu):
    wage_tables_ensure()
    rooms_ensure()


@pytest.fixture
def mediator(make_staff):
    return make_staff(
        Role.MEDIATOR,
        scope_level=ScopeLevel.STREET,
        scope_code=ZHUANTANG,
        department_kind=DepartmentKind.MEDIATION_COMMITTEE,
        phone="13800000001",
    )


@pytest.fixture
def handling_case(clerk):
    return make_case(actor=clerk, status=CaseStatus.HANDLING)


@pytest.fixture
def accepted_case(clerk):
    return make_case(actor=clerk, status=CaseStatus.ACCEPTED)
