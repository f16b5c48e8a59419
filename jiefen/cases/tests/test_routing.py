import pytest
from django.core.exceptions import ValidationError

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.choices import Duty, Level
from jiefen.cases.services import case_escalate
from jiefen.cases.tests.factories import make_case
from jiefen.core.exceptions import ConflictError
from jiefen.geo.models import Village

pytestmark = pytest.mark.django_db
VILLAGE = "330106010002"


@pytest.fixture
def grid(make_staff):
    village = Village.objects.select_related("grid_area").get(code=VILLAGE)
    mediator = make_staff(
        Role.MEDIATOR, scope_level=ScopeLevel.VILLAGE, scope_code=VILLAGE, full_name="村调解员"
    )
    village.mediators.add(mediator)
    inspector = make_staff(
        Role.LABOR_INSPECTOR,
        scope_level=ScopeLevel.GRID,
        scope_code=village.grid_area.code,
        department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD,
        full_name="片区监察员",
    )
    village.grid_area.inspector = inspector
    village.grid_area.save()
    street_mediator = make_staff(
        Role.MEDIATOR, scope_level=ScopeLevel.STREET, scope_code="330106010", full_name="街道调解员"
    )
    district_mediator = make_staff(Role.MEDIATOR, full_name="区调解员")
    return {
        "mediator": mediator,
        "inspector": inspector,
        "street": street_mediator,
        "district": district_mediator,
    }


def active(case, duty):
    return case.assignments.get(active=True, duty=duty).user


def test_acceptance_assigns_the_village_mediator_and_the_grid_inspector(leader, grid):
    case = make_case(actor=leader, status=S.ACCEPTED, village_code=VILLAGE)
    assert active(case, Duty.MEDIATOR) == grid["mediator"]
    assert active(case, Duty.INSPECTOR) == grid["inspector"]
    assert grid["mediator"].notifications.filter(message__contains=case.number).exists()


def test_a_village_without_a_mediator_goes_to_the_street_mediator(leader, grid):
    Village.objects.get(code=VILLAGE).mediators.clear()
    case = make_case(actor=leader, status=S.ACCEPTED, village_code=VILLAGE)
    assert active(case, Duty.MEDIATOR) == grid["street"]


def test_escalation_to_the_street_moves_the_mediator_to_street_level(leader, grid):
    case = make_case(actor=leader, status=S.HANDLING, village_code=VILLAGE)
    case_escalate(case=case, actor=leader, reason="涉及人数多，村级调解不成")
    case.refresh_from_db()
    assert case.level == Level.STREET
    assert active(case, Duty.MEDIATOR) == grid["street"]
    assert case.events.filter(kind="escalate", note="涉及人数多，村级调解不成").exists()


def test_escalation_to_the_district_moves_the_lead_to_the_district_body(leader, grid):
    case = make_case(actor=leader, status=S.HANDLING, village_code=VILLAGE)
    case_escalate(case=case, actor=leader, reason="村级调解不成")
    case_escalate(case=case, actor=leader, reason="街道调解不成，涉稳")
    case.refresh_from_db()
    assert case.level == Level.DISTRICT
    assert case.lead_department.street is None
    assert active(case, Duty.MEDIATOR) == grid["district"]
    assert active(case, Duty.INSPECTOR) == grid["inspector"]


def test_a_district_case_cannot_escalate_further(leader, grid):
    case = make_case(actor=leader, status=S.HANDLING, village_code=VILLAGE)
    case_escalate(case=case, actor=leader, reason="一")
    case_escalate(case=case, actor=leader, reason="二")
    with pytest.raises(ConflictError):
        case_escalate(case=case, actor=leader, reason="三")


def test_escalation_needs_a_reason(leader, grid):
    case = make_case(actor=leader, status=S.HANDLING, village_code=VILLAGE)
    with pytest.raises(ValidationError):
        case_escalate(case=case, actor=leader, reason="")


def test_the_least_loaded_village_mediator_gets_the_next_case(leader, grid, make_staff):
    second = make_staff(Role.MEDIATOR, scope_level=ScopeLevel.VILLAGE, scope_code=VILLAGE)
    Village.objects.get(code=VILLAGE).mediators.add(second)
    first_case = make_case(actor=leader, status=S.ACCEPTED, village_code=VILLAGE)
    second_case = make_case(actor=leader, status=S.ACCEPTED, village_code=VILLAGE)
    assert {active(first_case, Duty.MEDIATOR), active(second_case, Duty.MEDIATOR)} == {
        grid["mediator"],
        second,
    }
