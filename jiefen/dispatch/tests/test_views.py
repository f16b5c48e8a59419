"""The screens: manual entry, the board and its polled rows, the list, the detail's actions."""

import datetime as dt

import pytest
from django.utils import timezone

from jiefen.dispatch.choices import IncidentSource, OrderStatus, UnitKind
from jiefen.dispatch.models import Incident
from jiefen.dispatch.services import incident_close

pytestmark = pytest.mark.django_db


def test_staff_enter_a_phoned_in_incident_and_both_units_are_dispatched(
    client, clerk, police, inspector
):
    client.force_login(clerk)
    received = timezone.localtime() - dt.timedelta(minutes=3)

    response = client.post(
        "/dispatch/incidents/new/",
        {
            "incident_no": "",
            "received_at": received.strftime("%Y-%m-%dT%H:%M"),
            "caller_name": "王芳",
            "caller_phone": "0571-87654321",
            "address": "转塘街道之江路1号",
            "village": clerk_village_pk(),
            "people_involved": "4",
            "category": "wage_arrears",
            "description": "来电称老板拖欠两个月工资",
        },
    )

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/dispatch/incidents/{incident.pk}/"
    assert incident.source == IncidentSource.PHONE
    assert incident.incident_no.startswith("DH")
    assert incident.created_by == clerk
    assert incident.caller_phone_masked == "0571-****4321"
    assert incident.orders.count() == 2


def clerk_village_pk():
    from jiefen.geo.models import Village

    return Village.objects.get(code="330106010002").pk


def test_the_entry_form_shows_field_errors_with_400(client, clerk):
    client.force_login(clerk)

    response = client.post("/dispatch/incidents/new/", {"caller_name": ""})

    assert response.status_code == 400
    assert 'data-testid="error-address"' in response.content.decode()
    assert not Incident.objects.exists()


def test_the_board_rows_show_open_incidents_with_their_clocks(client, leader, make_incident):
    incident = make_incident()
    client.force_login(leader)

    html = client.get("/dispatch/board/rows/").content.decode()

    assert f'data-testid="incident-{incident.incident_no}"' in html
    police = incident.orders.get(unit_kind=UnitKind.POLICE)
    assert f'data-due="{police.due_at.isoformat()}"' in html
    assert "jf-state-on_time" in html


def test_closed_incidents_drop_off_the_board(client, leader, make_incident):
    incident = make_incident()
    incident_close(incident=incident, actor=leader, note="已处理")
    client.force_login(leader)

    html = client.get("/dispatch/board/rows/").content.decode()

    assert incident.incident_no not in html
    assert 'data-testid="board-empty"' in html


def test_the_board_shows_only_the_streets_in_the_users_scope(
    client, clerk_elsewhere, make_incident
):
    incident = make_incident()
    client.force_login(clerk_elsewhere)

    html = client.get("/dispatch/board/rows/").content.decode()

    assert incident.incident_no not in html


def test_the_board_page_polls_its_rows_and_loads_its_script(client, leader):
    client.force_login(leader)

    html = client.get("/dispatch/board/").content.decode()

    # board.js fetches the rows every 5 s and merges them in place (not an htmx swap, which
    # would replace the focused row).
    assert 'data-src="/dispatch/board/rows/"' in html
    assert 'data-every="5000"' in html
    assert 'aria-live="polite"' in html
    assert "dispatch/board.js" in html
    assert "<script>" not in html


def test_the_list_filters_by_status(client, leader, make_incident):
    open_one = make_incident()
    closed = make_incident()
    incident_close(incident=closed, actor=leader)
    client.force_login(leader)

    html = client.get("/dispatch/incidents/?status=closed").content.decode()

    assert closed.incident_no in html
    assert open_one.incident_no not in html


def test_the_list_makes_a_bounded_number_of_queries(
    client, leader, make_incident, django_assert_max_num_queries
):
    for _ in range(5):
        make_incident()
    client.force_login(leader)

    with django_assert_max_num_queries(12):
        client.get("/dispatch/incidents/")


def test_arrival_recorded_from_the_detail_page(client, police, make_incident):
    order = make_incident().orders.get(unit_kind=UnitKind.POLICE)
    client.force_login(police)

    response = client.post(f"/dispatch/orders/{order.pk}/arrive/", {"at": ""})

    order.refresh_from_db()
    assert response.status_code == 302
    assert order.status == OrderStatus.ARRIVED


def test_into_a_case_from_the_detail_page(client, leader, make_incident):
    incident = make_incident()
    client.force_login(leader)

    client.post(f"/dispatch/incidents/{incident.pk}/case_create/")

    incident.refresh_from_db()
    assert incident.case.channel == "police_110"
    page = client.get(f"/dispatch/incidents/{incident.pk}/").content.decode()
    assert incident.case.number in page


def test_the_detail_page_shows_the_phone_masked(client, leader, make_incident):
    incident = make_incident(caller_phone="13905719876")
    client.force_login(leader)

    html = client.get(f"/dispatch/incidents/{incident.pk}/").content.decode()

    assert "139****9876" in html
    assert "13905719876" not in html


def test_the_board_rows_answer_401_to_a_lapsed_session_instead_of_the_login_page(client):
    response = client.get("/dispatch/board/rows/")

    assert response.status_code == 401


def test_the_board_puts_late_incidents_above_newer_ones(leader, make_incident):
    import time_machine

    from jiefen.dispatch.selectors import board

    with time_machine.travel(timezone.now() - dt.timedelta(minutes=16), tick=False):
        late = make_incident()
    newer = make_incident()

    rows = board(user=leader)

    assert [r.incident for r in rows] == [late, newer]
    assert rows[0].worst == "late"


def test_the_list_header_shows_the_years_arrival_rates(client, leader, make_incident):
    import time_machine

    from jiefen.dispatch.services import order_arrive

    with time_machine.travel(timezone.now() - dt.timedelta(minutes=30), tick=False):
        incident = make_incident()
    police = incident.orders.get(unit_kind=UnitKind.POLICE)
    order_arrive(
        order=police, actor=leader, arrived_at=police.dispatched_at + dt.timedelta(minutes=9)
    )
    client.force_login(leader)

    html = client.get("/dispatch/incidents/").content.decode()

    assert "公安警务室 100%（1/1）" in html
    assert "劳动监察中队 0%（0/1）" in html
