"""An incident becomes a case in one action, linked both ways."""

import pytest
from django.test import RequestFactory

from jiefen.accounts.choices import DepartmentKind
from jiefen.cases.choices import Channel
from jiefen.cases.models import CaseEvent
from jiefen.cases.triage import triage
from jiefen.core.exceptions import ConflictError
from jiefen.dispatch.choices import EventKind, UnitKind
from jiefen.dispatch.panels import case_panel
from jiefen.dispatch.services import incident_case_create, order_arrive

pytestmark = pytest.mark.django_db


def test_an_incident_becomes_a_110_case_carrying_its_facts(make_incident, leader):
    incident = make_incident(people_involved=12, category="wage_arrears")

    case = incident_case_create(incident=incident, actor=leader)

    incident.refresh_from_db()
    assert incident.case == case
    assert case.incident == incident
    assert case.channel == Channel.POLICE_110
    assert case.category == "wage_arrears"
    assert case.village == incident.village
    assert case.received_at == incident.received_at
    assert case.people_gathered == 12
    assert case.claimants.get().worker.name == "李强"
    assert incident.incident_no in case.summary
    event = CaseEvent.objects.get(case=case, track="dispatch")
    assert event.summary.startswith(f"由110警情{incident.incident_no}转入")
    assert incident.events.filter(kind=EventKind.CASE_CREATED).exists()


def test_a_gathering_of_ten_or_more_makes_the_case_governance_led(make_incident, leader):
    case = incident_case_create(incident=make_incident(people_involved=10), actor=leader)

    assert triage(case).lead == DepartmentKind.GOVERNANCE_SECTION


def test_a_small_incident_stays_with_the_mediation_committee(make_incident, leader):
    case = incident_case_create(incident=make_incident(people_involved=3), actor=leader)

    assert triage(case).lead == DepartmentKind.MEDIATION_COMMITTEE


def test_an_incident_becomes_a_case_only_once(make_incident, leader):
    incident = make_incident()
    incident_case_create(incident=incident, actor=leader)

    with pytest.raises(ConflictError) as e:
        incident_case_create(incident=incident, actor=leader)

    assert "已转为案件" in e.value.message


def test_after_linking_each_unit_event_is_written_on_the_case_timeline(
    make_incident, leader, police
):
    incident = make_incident()
    case = incident_case_create(incident=incident, actor=leader)

    order_arrive(order=incident.orders.get(unit_kind=UnitKind.POLICE), actor=police)

    last = CaseEvent.objects.filter(case=case, track="dispatch").latest("id")
    assert last.summary.startswith("110联动：公安警务室到场")


def test_the_case_panel_shows_the_incident_and_its_orders(make_incident, leader):
    incident = make_incident()
    case = incident_case_create(incident=incident, actor=leader)
    request = RequestFactory().get("/")
    request.user = leader

    html = case_panel(request=request, case=case)

    assert incident.incident_no in html
    assert "公安警务室" in html
    assert "劳动监察中队" in html


def test_the_case_panel_is_empty_for_a_case_without_an_incident(leader):
    from jiefen.cases.tests.factories import make_case

    request = RequestFactory().get("/")
    request.user = leader

    assert case_panel(request=request, case=make_case(actor=leader)) == ""


def test_the_case_page_shows_the_incident_panel(make_incident, leader, client):
    incident = make_incident()
    case = incident_case_create(incident=incident, actor=leader)
    client.force_login(leader)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    assert 'data-testid="dispatch-panel"' in page
    assert incident.incident_no in page
