"""Tracking a case, the staff queue and its decisions, withdrawal, bookings, evidence access."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.audit.models import AuditEntry
from jiefen.cases.choices import CaseStatus
from jiefen.portal import services
from jiefen.portal.choices import ApplicationStatus
from jiefen.portal.models import Application, MediationBooking
from jiefen.portal.tests.conftest import PDF, PNG, last_code
from jiefen.portal.tests.test_apply import submit

pytestmark = pytest.mark.django_db


def track_in(client, number, phone, capture):
    with capture(execute=True):
        client.post(reverse("portal:track"), {"step": "send", "number": number})
    return client.post(reverse("portal:track"), {"step": "verify", "code": last_code(phone)})


def test_tracking_by_number_and_code_shows_the_state_and_next_step(
    client, xihu, django_capture_on_commit_callbacks
):
    application = submit()
    number = application.case.number

    response = track_in(client, number, "13905710001", django_capture_on_commit_callbacks)

    assert response.url == reverse("portal:track_case", args=[number])
    page = client.get(response.url).content.decode()
    assert 'data-testid="case-status">已收到<' in page
    assert "接待" not in page
    assert "工作人员将在5个工作日内审核您的申请" in page


def test_an_applicant_sees_nothing_of_another_case(
    client, xihu, django_capture_on_commit_callbacks
):
    mine = submit()
    other = submit(name="王芳", id_number="", phone="13905712222", client_ip="10.0.0.2")
    track_in(client, mine.case.number, "13905710001", django_capture_on_commit_callbacks)

    assert client.get(reverse("portal:track_case", args=[mine.case.number])).status_code == 200
    for name in ["track_case", "receipt"]:
        assert client.get(reverse(f"portal:{name}", args=[other.case.number])).status_code == 404
    response = client.post(reverse("portal:withdraw", args=[other.case.number]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == ApplicationStatus.SUBMITTED


def test_a_wrong_code_does_not_open_the_case(client, xihu, django_capture_on_commit_callbacks):
    application = submit()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:track"), {"step": "send", "number": application.case.number})
    code = last_code("13905710001")

    client.post(
        reverse("portal:track"), {"step": "verify", "code": "000000" if code != "000000" else "1"}
    )

    url = reverse("portal:track_case", args=[application.case.number])
    assert client.get(url).status_code == 404


def test_an_unknown_number_gets_the_same_answer_and_no_sms(client, xihu):
    from jiefen.core.senders import ConsoleSender

    response = client.post(reverse("portal:track"), {"step": "send", "number": "XH2026-99999"})

    assert response.status_code == 302
    assert ConsoleSender.sent == []


def test_staff_accept_registers_and_accepts_the_case_and_the_applicant_sees_it(
    client, clerk, django_capture_on_commit_callbacks
):
    application = submit()

    with django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, actor=clerk)

    case = application.case
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert application.status == ApplicationStatus.ACCEPTED
    assert list(case.events.filter(kind="transition").values_list("new_status", flat=True)) == [
        "received",
        "registered",
        "accepted",
    ]
    track_in(client, case.number, "13905710001", django_capture_on_commit_callbacks)
    page = client.get(reverse("portal:track_case", args=[case.number])).content.decode()
    assert "受理" in page and "可预约线上调解" in page


def test_a_second_accept_of_the_same_application_is_refused(clerk):
    application = submit()
    # A second clerk opened the application before the first accepted it.
    seen_earlier = Application.objects.get(pk=application.pk)
    services.application_accept(application=application, actor=clerk)

    with pytest.raises(services.ConflictError) as err:
        services.application_accept(application=seen_earlier, actor=clerk)
    assert "已被他人处理" in err.value.message


def test_asking_for_more_shows_the_request_and_a_supplement_returns_it_to_the_queue(
    clerk, media_root
):
    application = submit()
    services.application_request_more(
        application=application, actor=clerk, message="请上传劳动合同或工资流水"
    )
    assert application.status == ApplicationStatus.MORE_INFO

    services.application_supplement(
        application=application,
        reply="已补充工资流水",
        files=[SimpleUploadedFile("流水.png", PNG)],
    )

    assert application.status == ApplicationStatus.SUBMITTED
    assert application.evidence.count() == 1
    assert application.case.events.filter(summary="通知申请人补充材料").exists()


def test_decline_moves_the_case_to_declined_with_the_reason_the_applicant_reads(clerk):
    application = submit()

    services.application_decline(
        application=application, actor=clerk, reason="不属于劳动争议受理范围"
    )

    case = application.case
    case.refresh_from_db()
    assert case.status == CaseStatus.DECLINED
    assert case.outcome_note == "不属于劳动争议受理范围"
    assert application.status == ApplicationStatus.DECLINED


def test_the_applicant_withdraws_before_a_decision_and_staff_close_it(clerk):
    application = submit()

    services.application_withdraw(application=application, reason="已协商解决")

    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.case.events.filter(summary="申请人撤回网上申请").get().note == "已协商解决"
    services.application_decline(application=application, actor=clerk, reason="申请人撤回申请")
    application.case.refresh_from_db()
    assert application.case.status == CaseStatus.DECLINED
    assert application.status == ApplicationStatus.WITHDRAWN


def test_withdrawal_after_acceptance_is_refused(clerk):
    application = submit()
    services.application_accept(application=application, actor=clerk)

    with pytest.raises(services.ConflictError):
        services.application_withdraw(application=application)


def test_a_booking_takes_a_seat_with_its_parties_links_and_a_full_slot_is_refused(clerk):
    cases = []
    for i in range(3):
        app = submit(
            name=f"工人{i}", id_number="", phone=f"1390571{i:04d}", client_ip=f"10.0.0.{i}"
        )
        services.application_accept(application=app, actor=clerk)
        cases.append(app.case)
    slot = services.booking_slots()[0]

    first = services.booking_create(case=cases[0], slot_start=slot)
    second = services.booking_create(case=cases[1], slot_start=slot)

    assert (first.seat, second.seat) == (1, 2)
    assert len({first.applicant_token, first.respondent_token, second.applicant_token}) == 3
    assert (
        cases[0].events.filter(track="mediation", summary__startswith="申请人预约线上调解").exists()
    )
    with pytest.raises(services.ConflictError) as err:
        services.booking_create(case=cases[2], slot_start=slot)
    assert "该时段已约满" in err.value.message
    assert MediationBooking.objects.count() == 2


def test_a_booking_before_acceptance_is_refused(xihu):
    application = submit()

    with pytest.raises(services.ConflictError):
        services.booking_create(case=application.case, slot_start=services.booking_slots()[0])


def test_the_staff_queue_lists_only_applications_in_scope(
    client, clerk, clerk_elsewhere, django_assert_max_num_queries
):
    submit()  # 转塘
    client.force_login(clerk_elsewhere)  # 三墩

    page = client.get(reverse("portal:staff_queue")).content.decode()
    assert "XH" not in page.split("application-queue")[1]
    client.force_login(clerk)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("portal:staff_queue")).content.decode()
    assert "杭州之江建设有限公司" in page


def test_evidence_download_is_scoped_and_audited(client, clerk, clerk_elsewhere, media_root):
    application = submit(files=[SimpleUploadedFile("合同.pdf", PDF)])
    evidence = application.evidence.get()
    url = reverse("portal:staff_evidence", args=[evidence.pk])

    client.force_login(clerk_elsewhere)
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    entry = AuditEntry.objects.filter(action="download").get()
    assert entry.actor == clerk and "合同.pdf" in entry.summary


def test_the_staff_page_accepts_through_the_view(client, clerk):
    application = submit()
    client.force_login(clerk)

    response = client.post(reverse("portal:staff_accept", args=[application.pk]))

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_a_police_liaison_may_not_accept_an_application(client, make_staff):
    application = submit()
    police = make_staff(
        Role.POLICE_LIAISON,
        scope_level=ScopeLevel.STREET,
        scope_code="330106010",
        department_kind="police_office",
    )
    client.force_login(police)

    client.post(reverse("portal:staff_accept", args=[application.pk]))

    application.case.refresh_from_db()
    assert application.case.status == CaseStatus.RECEIVED
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_case_page_shows_the_online_application_panel(client, clerk):
    application = submit(files=[SimpleUploadedFile("合同.pdf", PDF)])
    client.force_login(clerk)

    page = client.get(application.case.get_absolute_url()).content.decode()

    assert 'data-testid="portal-panel"' in page
    assert "合同.pdf" in page and "申请调解" in page


@pytest.mark.parametrize("kind", ["mediation", "arbitration", "inspection"])
def test_acceptance_puts_the_case_on_the_track_the_applicant_asked_for(clerk, kind):
    application = submit(kind=kind)

    services.application_accept(application=application, actor=clerk)

    application.case.refresh_from_db()
    assert kind in application.case.tracks


def test_a_police_liaison_may_not_download_portal_evidence(client, make_staff):
    application = submit(files=[SimpleUploadedFile("合同.pdf", PDF)])
    evidence = application.evidence.get()
    client.force_login(make_staff(Role.POLICE_LIAISON))

    response = client.get(reverse("portal:staff_evidence", args=[evidence.pk]))

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="download").exists()
