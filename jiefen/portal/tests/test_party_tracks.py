"""What the party sees of the mediation and arbitration tracks when tracking the case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jiefen.accounts.choices import DepartmentKind, Role
from jiefen.arbitration.choices import Procedure
from jiefen.arbitration.models import HearingRoom
from jiefen.arbitration.services import (
    application_accept,
    application_file,
    hearing_book,
    rooms_ensure,
    service_record,
    tribunal_compose,
    wage_tables_ensure,
)
from jiefen.mediation.services import (
    ItemInput,
    agreement_record,
    mediation_start,
    session_record,
)
from jiefen.portal import services
from jiefen.portal.tests.test_apply import submit
from jiefen.portal.tests.test_track_and_staff import track_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(clerk):
    application = submit(kind="arbitration")
    services.application_accept(application=application, actor=clerk)
    application.case.refresh_from_db()
    return application.case


def test_the_party_sees_the_hearing_and_prints_the_notices_served_on_them(
    client, accepted, clerk, make_staff, django_capture_on_commit_callbacks
):
    wage_tables_ensure()
    rooms_ensure()
    tclerk = make_staff(Role.TRIBUNAL_CLERK, department_kind=DepartmentKind.ARBITRATION_TRIBUNAL)
    arbitrator = make_staff(Role.ARBITRATOR, department_kind=DepartmentKind.ARBITRATION_TRIBUNAL)
    now = timezone.now()
    application = application_file(case=accepted, actor=clerk, received_at=now)
    application_accept(application=application, actor=tclerk, accepted_at=now)
    tribunal_compose(
        application=application,
        actor=tclerk,
        procedure=Procedure.SIMPLIFIED,
        simplified_basis="agreed",
        arbitrators=[arbitrator],
    )
    room = HearingRoom.objects.first()
    start = (now + dt.timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        notice_on=timezone.localdate(),
    )
    service = service_record(
        application=application,
        actor=tclerk,
        document="acceptance_notice",
        side="applicant",
        mode="electronic",
        served_at=now,
        proof="电子送达回执",
    )
    service_record(
        application=application,
        actor=tclerk,
        document="acceptance_notice",
        side="respondent",
        mode="electronic",
        served_at=now,
        proof="电子送达回执",
    )
    track_in(client, accepted.number, "13905710001", django_capture_on_commit_callbacks)

    page = client.get(reverse("portal:track_case", args=[accepted.number])).content.decode()

    assert "仲裁开庭" in page and room.name in page
    assert page.count("受理通知书") == 1  # the applicant's copy only
    printed = client.get(
        reverse("portal:party_document", args=[accepted.number, f"arb-{service.pk}"])
    )
    assert printed.status_code == 200
    assert "受理通知书" in printed.content.decode()


def test_the_party_sees_the_online_session_link_and_the_agreement(
    client, accepted, clerk, make_staff, django_capture_on_commit_callbacks
):
    mediator = make_staff(Role.MEDIATOR)
    mediation = mediation_start(case=accepted, mediator=mediator, actor=clerk)
    session_record(
        mediation=mediation,
        actor=mediator,
        held_at=timezone.now() - dt.timedelta(hours=1),
        attendees="申请人、被申请人代表",
        minutes="双方陈述意见，同意分期支付",
        online=True,
        meeting_link="https://meeting.example/room/abc",
    )
    agreement = agreement_record(
        mediation=mediation,
        actor=mediator,
        signed_on=timezone.localdate(),
        terms="被申请人支付拖欠工资",
        items=[
            ItemInput(
                item="工资",
                amount=Decimal("15000"),
                due_on=timezone.localdate() + dt.timedelta(days=30),
            )
        ],
    )
    track_in(client, accepted.number, "13905710001", django_capture_on_commit_callbacks)

    page = client.get(reverse("portal:track_case", args=[accepted.number])).content.decode()

    assert "https://meeting.example/room/abc" in page
    assert "线上调解（已举行）" in page
    url = reverse("portal:party_document", args=[accepted.number, f"med-{agreement.pk}"])
    assert url in page
    assert "调解协议书" in client.get(url).content.decode()


def test_a_document_of_another_case_is_not_printed(
    client, accepted, clerk, make_staff, django_capture_on_commit_callbacks
):
    other = submit(name="王芳", id_number="", phone="13905712222", client_ip="10.0.0.2")
    services.application_accept(application=other, actor=clerk)
    mediator = make_staff(Role.MEDIATOR)
    mediation = mediation_start(case=other.case, mediator=mediator, actor=clerk)
    agreement = agreement_record(
        mediation=mediation,
        actor=mediator,
        signed_on=timezone.localdate(),
        terms="x",
        items=[ItemInput(item="工资", amount=Decimal("1"), due_on=timezone.localdate())],
    )
    track_in(client, accepted.number, "13905710001", django_capture_on_commit_callbacks)

    response = client.get(
        reverse("portal:party_document", args=[accepted.number, f"med-{agreement.pk}"])
    )

    assert response.status_code == 404
