import datetime as dt
import zoneinfo

import pytest

from jiefen.accounts.choices import DepartmentKind, Role
from jiefen.arbitration.choices import Procedure
from jiefen.arbitration.models import HearingRoom
from jiefen.arbitration.services import (
    application_accept,
    application_file,
    rooms_ensure,
    tribunal_compose,
    wage_tables_ensure,
)
from jiefen.cases.choices import CaseStatus
from jiefen.cases.clocks import extension_approver_grant
from jiefen.cases.tests.factories import make_case

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=9, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _tables(xihu):
    wage_tables_ensure()
    rooms_ensure()


@pytest.fixture
def arbitrators(make_staff):
    return [
        make_staff(
            Role.ARBITRATOR,
            department_kind=DepartmentKind.ARBITRATION_TRIBUNAL,
            full_name=name,
        )
        for name in ("赵仲裁", "钱仲裁", "孙仲裁", "李仲裁")
    ]


@pytest.fixture
def director(make_staff, administrator):
    """The arbitration commission's chair, recorded as such by an administrator."""
    chair = make_staff(Role.LEADER, department_kind=DepartmentKind.ARBITRATION_TRIBUNAL)
    extension_approver_grant(
        actor=administrator, user=chair, standing="chair", instrument="西劳人仲委〔2026〕1号任命"
    )
    return chair


@pytest.fixture
def room():
    return HearingRoom.objects.get(name="西湖区劳动人事争议仲裁院第一仲裁庭")


@pytest.fixture
def make_accepted(tclerk, clerk, arbitrators):
    """An accepted arbitration on a fresh case, its tribunal composed (sole arbitrator)."""

    def make(*, arbitrator=None, accepted_at=None, compose=True, claim_amount=None):
        case = make_case(actor=clerk, status=CaseStatus.HANDLING)
        application = application_file(
            case=case, actor=clerk, received_at=accepted_at or at(2026, 11, 2)
        )
        application_accept(
            application=application, actor=tclerk, accepted_at=accepted_at or at(2026, 11, 2)
        )
        if compose:
            tribunal_compose(
                application=application,
                actor=tclerk,
                procedure=Procedure.SIMPLIFIED,
                simplified_basis="agreed",
                arbitrators=[arbitrator or arbitrators[0]],
            )
        return application

    return make


@pytest.fixture
def tclerk(make_staff):
    return make_staff(
        Role.TRIBUNAL_CLERK, department_kind=DepartmentKind.ARBITRATION_TRIBUNAL, full_name="孙书记"
    )
