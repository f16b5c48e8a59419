import datetime as dt

from jiefen.arbitration.tests.conftest import at
from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case


def test_api_file_then_accept(tclerk, api_as, clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    api = api_as(tclerk)

    filed = api.post("/api/v1/arbitration/file/", {"case": case.pk})
    accepted = api.post(f"/api/v1/arbitration/{filed.json()['id']}/accept/", {})

    assert filed.status_code == 201
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"


def test_api_accepting_twice_is_a_409(tclerk, api_as, clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    api = api_as(tclerk)
    pk = api.post("/api/v1/arbitration/file/", {"case": case.pk}).json()["id"]
    api.post(f"/api/v1/arbitration/{pk}/accept/", {})

    again = api.post(f"/api/v1/arbitration/{pk}/accept/", {})

    assert again.status_code == 409


def test_api_service_without_proof_is_a_400_naming_the_field(tclerk, api_as, clerk, make_accepted):
    application = make_accepted()

    response = api_as(tclerk).post(
        f"/api/v1/arbitration/{application.pk}/serve/",
        {
            "document": "application_copy",
            "side": "respondent",
            "mode": "post",
            "served_at": "2026-11-03T10:00:00+08:00",
        },
    )

    assert response.status_code == 400
    assert "proof" in response.json()


def test_api_booking_a_taken_room_is_a_409(tclerk, api_as, clerk, arbitrators, make_accepted, room):
    first = make_accepted(arbitrator=arbitrators[0])
    second = make_accepted(arbitrator=arbitrators[1])
    api = api_as(tclerk)
    body = {
        "room": room.pk,
        "starts_at": at(2026, 11, 9, 9).isoformat(),
        "ends_at": at(2026, 11, 9, 11).isoformat(),
        "notice_on": dt.date(2026, 11, 2).isoformat(),
    }

    assert api.post(f"/api/v1/arbitration/{first.pk}/book/", body).status_code == 200
    clash = api.post(f"/api/v1/arbitration/{second.pk}/book/", body)

    assert clash.status_code == 409
    assert first.case.number in clash.json()["detail"]


def test_my_hearings_this_week_lists_the_arbitrators_hearing(
    tclerk, client, clerk, arbitrators, make_accepted, room, time_machine
):
    time_machine.move_to(at(2026, 11, 9, 8), tick=False)
    application = make_accepted(arbitrator=arbitrators[0])
    from jiefen.arbitration.services import hearing_book

    hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=at(2026, 11, 12, 9),
        ends_at=at(2026, 11, 12, 11),
        notice_on=dt.date(2026, 11, 2),
    )
    client.force_login(arbitrators[0])

    page = client.get("/arbitration/hearings/").content.decode()

    assert application.case.number in page


def test_the_case_page_shows_both_track_panels(client, clerk, make_accepted):
    application = make_accepted()
    client.force_login(clerk)

    page = client.get(f"/cases/{application.case_id}/").content.decode()

    assert 'data-testid="panel-arbitration"' in page
    assert "仲裁审理45日" in page


def test_the_case_page_shows_the_next_scheduled_hearing_and_its_room(
    client, clerk, tclerk, make_accepted, room, time_machine
):
    time_machine.move_to(at(2026, 11, 9, 8), tick=False)
    application = make_accepted()
    from jiefen.arbitration.services import hearing_book

    hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=at(2026, 11, 12, 9),
        ends_at=at(2026, 11, 12, 11),
        notice_on=dt.date(2026, 11, 2),
    )
    client.force_login(clerk)

    page = client.get(f"/cases/{application.case_id}/").content.decode()

    assert f"下次开庭：2026-11-12 09:00 {room.name}" in page


def test_the_detail_page_offers_the_tribunal_its_next_step(client, tclerk, make_accepted):
    application = make_accepted()
    client.force_login(tclerk)

    response = client.get(f"/arbitration/{application.pk}/")

    assert response.status_code == 200
    assert "排期开庭" in response.content.decode()


def test_the_detail_page_offers_a_reception_clerk_no_tribunal_step(client, clerk, make_accepted):
    application = make_accepted()
    client.force_login(clerk)

    response = client.get(f"/arbitration/{application.pk}/")

    assert response.status_code == 200
    assert 'data-testid="do-hold"' not in response.content.decode()
    assert "预约庭室" not in response.content.decode()


def test_a_reception_clerk_may_file_but_not_accept(api_as, clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    api = api_as(clerk)
    pk = api.post("/api/v1/arbitration/file/", {"case": case.pk}).json()["id"]

    response = api.post(f"/api/v1/arbitration/{pk}/accept/", {})

    assert response.status_code == 403
    assert api.get(f"/api/v1/arbitration/{pk}/").json()["status"] == "received"


def test_the_list_takes_a_fixed_number_of_queries(
    client, tclerk, make_accepted, django_assert_max_num_queries
):
    for _ in range(4):
        make_accepted()
    client.force_login(tclerk)

    with django_assert_max_num_queries(8):
        page = client.get("/arbitration/?sort=case").content.decode()

    assert page.count("/arbitration/") >= 4


def test_the_room_schedule_hides_cases_outside_the_readers_scope(
    client, clerk_elsewhere, tclerk, make_accepted, room, time_machine
):
    time_machine.move_to(at(2026, 11, 5, 8), tick=False)
    application = make_accepted()
    from jiefen.arbitration.services import hearing_book

    hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=at(2026, 11, 12, 9),
        ends_at=at(2026, 11, 12, 11),
        notice_on=dt.date(2026, 11, 5),
    )
    client.force_login(clerk_elsewhere)

    page = client.get("/arbitration/hearings/").content.decode()

    assert application.case.number not in page
    assert "已占用（非本辖区案件）" in page
