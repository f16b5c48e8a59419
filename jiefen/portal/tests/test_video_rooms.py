"""Online mediation rooms: booked on the district's Jitsi Meet (optional JWT), entered only through
jiefen's links from 30 minutes before to 2 hours after the booked time, each entry recorded, the
session started by the mediator; with no video service the booking says so."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import time_machine
from django.urls import reverse

from conftest import ZHUANTANG
from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.core.video import JitsiMeet, Participant, video_service
from jiefen.portal import services
from jiefen.portal.choices import JoinSide, RoomState
from jiefen.portal.models import BookingJoin
from jiefen.portal.selectors import booking_room_state
from jiefen.portal.tests.test_apply import submit

pytestmark = pytest.mark.django_db

JITSI = "https://meet.xihu.example"


@pytest.fixture
def jitsi(settings):
    settings.JIEFEN_JITSI_URL = JITSI
    settings.JIEFEN_JITSI_APP_ID = "jiefen"
    settings.JIEFEN_JITSI_APP_SECRET = "jitsi-test-secret-of-32-bytes-abc"
    return settings


@pytest.fixture
def no_video(settings):
    settings.JIEFEN_JITSI_URL = ""
    return settings


@pytest.fixture
def mediator(make_staff):
    return make_staff(
        Role.MEDIATOR,
        scope_level=ScopeLevel.STREET,
        scope_code=ZHUANTANG,
        department_kind=DepartmentKind.MEDIATION_COMMITTEE,
    )


@pytest.fixture
def booking(clerk):
    application = submit()
    services.application_accept(application=application, actor=clerk)
    return services.booking_create(case=application.case, slot_start=services.booking_slots()[0])


def _claims(url: str) -> dict:
    token = parse_qs(urlsplit(url).query)["jwt"][0]
    return jwt.decode(
        token, "jitsi-test-secret-of-32-bytes-abc", algorithms=["HS256"], audience="jitsi"
    )


# The adapter


def test_a_jitsi_token_carries_the_claims_the_token_module_checks():
    service = JitsiMeet(
        base_url=JITSI, app_id="jiefen", app_secret="jitsi-test-secret-of-32-bytes-abc"
    )
    # An hour from now: the token module refuses an expired token (a fixed date here failed the
    # suite once the clock passed it).
    expires = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)

    url = service.join_url(
        room="jf-abc", participant=Participant(id="staff-7", name="调解员王芳"), expires_at=expires
    )

    claims = _claims(url)
    assert claims["iss"] == "jiefen"
    assert claims["aud"] == "jitsi"
    assert claims["sub"] == "meet.xihu.example"
    assert claims["room"] == "jf-abc"
    assert claims["exp"] == int(expires.timestamp())
    assert claims["context"]["user"] == {"id": "staff-7", "name": "调解员王芳"}
    assert claims["moderator"] is False
    assert url.startswith(f"{JITSI}/jf-abc?jwt=")


def test_without_an_app_secret_the_link_carries_no_token():
    service = JitsiMeet(base_url=JITSI + "/")

    url = service.join_url(
        room="jf-abc",
        participant=Participant(id="x", name="申请人"),
        expires_at=dt.datetime(2026, 12, 7, tzinfo=dt.UTC),
    )

    assert "jwt=" not in url
    assert url.startswith(f"{JITSI}/jf-abc#")


def test_room_names_are_fresh_unguessable_and_lower_case():
    service = JitsiMeet(base_url=JITSI)

    names = {service.room_new() for _ in range(50)}

    assert len(names) == 50
    assert all(len(n) >= 24 and n == n.lower() for n in names)


def test_no_url_means_no_video_service(no_video):
    assert video_service() is None


# The window


@pytest.mark.parametrize(
    ("offset", "state"),
    [
        (dt.timedelta(minutes=-31), RoomState.EARLY),
        (dt.timedelta(minutes=-30), RoomState.OPEN),
        (dt.timedelta(hours=2), RoomState.OPEN),
        (dt.timedelta(hours=2, minutes=1), RoomState.CLOSED),
    ],
)
def test_the_room_opens_half_an_hour_before_and_closes_two_hours_after(
    jitsi, booking, offset, state
):
    assert booking_room_state(booking, now=booking.slot_start + offset) == state


def test_a_party_opening_the_link_too_early_is_told_when_it_opens(jitsi, booking, client):
    with time_machine.travel(booking.slot_start - dt.timedelta(hours=1), tick=False):
        response = client.get(reverse("portal:video_join", args=[booking.applicant_token]))

    assert response.status_code == 200
    assert "视频调解室将于" in response.content.decode()
    assert not BookingJoin.objects.exists()


def test_inside_the_window_the_party_goes_to_the_room_and_the_entry_is_recorded(
    jitsi, booking, client
):
    with time_machine.travel(booking.slot_start - dt.timedelta(minutes=10), tick=False):
        response = client.get(reverse("portal:video_join", args=[booking.applicant_token]))

    assert response.status_code == 302
    assert response.url.startswith(f"{JITSI}/{booking.room}?jwt=")
    claims = _claims(response.url)
    assert claims["room"] == booking.room
    assert claims["moderator"] is False
    join = BookingJoin.objects.get()
    assert (join.booking_id, join.side, join.user) == (booking.pk, JoinSide.APPLICANT, None)


def test_the_respondents_link_enters_as_the_respondent(jitsi, booking, client):
    with time_machine.travel(booking.slot_start, tick=False):
        client.get(reverse("portal:video_join", args=[booking.respondent_token]))

    assert BookingJoin.objects.get().side == JoinSide.RESPONDENT


def test_after_the_window_the_link_says_the_room_is_closed(jitsi, booking, client):
    with time_machine.travel(booking.slot_start + dt.timedelta(hours=3), tick=False):
        response = client.get(reverse("portal:video_join", args=[booking.applicant_token]))

    assert "已关闭" in response.content.decode()
    assert not BookingJoin.objects.exists()


def test_an_unknown_token_is_a_404(jitsi, client, xihu):
    assert client.get(reverse("portal:video_join", args=["nope"])).status_code == 404


def test_the_tracking_page_shows_the_link_only_inside_the_window(jitsi, booking, client):
    number = booking.case.number
    # The visitor confirmed the case by its code (test_track_and_staff shows how), for long.
    session = client.session
    session["portal_cases"] = {str(booking.case_id): 4_000_000_000}
    session.save()
    link = reverse("portal:video_join", args=[booking.applicant_token])

    with time_machine.travel(booking.slot_start - dt.timedelta(hours=2), tick=False):
        early = client.get(reverse("portal:track_case", args=[number])).content.decode()
    with time_machine.travel(booking.slot_start - dt.timedelta(minutes=5), tick=False):
        during = client.get(reverse("portal:track_case", args=[number])).content.decode()

    assert link not in early
    assert "视频调解室将于" in early
    assert link in during


# No service configured


def test_a_booking_without_a_video_service_has_no_room(no_video, booking):
    assert booking.room == ""
    assert booking.case.events.filter(summary__contains="视频服务未配置").exists()


def test_without_a_video_service_the_party_is_told_to_contact_the_mediator(
    no_video, booking, client
):
    with time_machine.travel(booking.slot_start, tick=False):
        response = client.get(reverse("portal:video_join", args=[booking.applicant_token]))

    assert response.status_code == 200
    assert "视频服务未配置，请联系调解员安排线下或电话调解" in response.content.decode()
    assert not BookingJoin.objects.exists()


def test_a_room_booked_before_the_service_was_configured_is_made_on_first_entry(
    settings, booking, client
):
    assert booking.room == ""
    settings.JIEFEN_JITSI_URL = JITSI

    with time_machine.travel(booking.slot_start, tick=False):
        response = client.get(reverse("portal:video_join", args=[booking.applicant_token]))

    booking.refresh_from_db()
    assert booking.room
    assert response.url.startswith(f"{JITSI}/{booking.room}")


# The mediator's page


def test_the_mediator_enters_as_moderator_and_the_entry_names_them(
    jitsi, booking, mediator, client
):
    client.force_login(mediator)

    with time_machine.travel(booking.slot_start, tick=False):
        response = client.get(reverse("portal:staff_booking_join", args=[booking.pk]))

    assert _claims(response.url)["moderator"] is True
    join = BookingJoin.objects.get()
    assert (join.side, join.user) == (JoinSide.MEDIATOR, mediator)


def test_the_mediator_starts_the_session_once_inside_the_window(jitsi, booking, mediator):
    with time_machine.travel(booking.slot_start - dt.timedelta(minutes=5), tick=False):
        services.booking_start(booking=booking, actor=mediator)
        with pytest.raises(services.ConflictError):
            services.booking_start(booking=booking, actor=mediator)

    booking.refresh_from_db()
    assert booking.started_by == mediator
    assert booking.case.events.filter(summary__startswith="调解员开始线上调解").count() == 1


def test_the_session_cannot_be_started_a_day_early(jitsi, booking, mediator):
    with (
        time_machine.travel(booking.slot_start - dt.timedelta(days=1), tick=False),
        pytest.raises(services.RoomNotOpen),
    ):
        services.booking_start(booking=booking, actor=mediator)

    booking.refresh_from_db()
    assert booking.started_at is None


def test_the_mediators_page_lists_who_joined(jitsi, booking, mediator, client):
    with time_machine.travel(booking.slot_start, tick=False):
        client.get(reverse("portal:video_join", args=[booking.applicant_token]))
        client.force_login(mediator)
        page = client.get(reverse("portal:staff_booking", args=[booking.pk])).content.decode()

    assert "申请人" in page.split('data-testid="joins"')[1]
    assert booking.respondent_token in page


def test_the_mediators_page_says_when_no_service_is_configured(no_video, booking, mediator, client):
    client.force_login(mediator)

    page = client.get(reverse("portal:staff_booking", args=[booking.pk])).content.decode()

    assert 'data-testid="video-unconfigured"' in page


def test_a_mediator_of_another_street_cannot_see_the_booking(jitsi, booking, make_staff, client):
    elsewhere = make_staff(
        Role.MEDIATOR,
        scope_level=ScopeLevel.STREET,
        scope_code="330106004",
        department_kind=DepartmentKind.MEDIATION_COMMITTEE,
    )
    client.force_login(elsewhere)

    assert client.get(reverse("portal:staff_booking", args=[booking.pk])).status_code == 404


def test_a_reception_clerk_may_not_run_the_room(jitsi, booking, clerk, client):
    client.force_login(clerk)

    assert client.get(reverse("portal:staff_booking", args=[booking.pk])).status_code == 403
