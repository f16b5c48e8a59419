import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiefen.accounts.models import Notification
from jiefen.arbitration.choices import ApplicationStatus, Source
from jiefen.cases.choices import CaseStatus, EventKind
from jiefen.cases.clocks import MEDIATION_15
from jiefen.cases.models import Clock
from jiefen.core.exceptions import ConflictError
from jiefen.core.senders import ConsoleSender
from jiefen.mediation.choices import (
    ARBITRAL_REVIEW_15,
    MediationStatus,
    PaymentStatus,
    ReviewKind,
    ReviewOutcome,
)
from jiefen.mediation.selectors import mediations_due, mediator_candidates
from jiefen.mediation.services import (
    ItemInput,
    agreement_overdue_sweep,
    agreement_payment_record,
    agreement_record,
    agreement_review_decide,
    agreement_review_request,
    mediation_outcome_implies,
    mediation_refuse,
    mediation_resolve_case,
    mediation_start,
    mediation_transfer,
    session_record,
)

TODAY = dt.date(2026, 9, 16)


def _agree(mediation, actor, *, signed_on=TODAY, due=dt.date(2026, 9, 30), **extra):
    return agreement_record(
        mediation=mediation,
        actor=actor,
        signed_on=signed_on,
        terms="被申请人支付申请人拖欠工资",
        items=[ItemInput("拖欠工资", Decimal("8000.00"), due)],
        **extra,
    )


def test_starting_mediation_moves_an_accepted_case_to_handling_and_assigns_the_mediator(
    accepted_case, clerk, mediator
):
    mediation = mediation_start(case=accepted_case, mediator=mediator, actor=clerk)

    accepted_case.refresh_from_db()
    assert accepted_case.status == CaseStatus.HANDLING
    assert "mediation" in accepted_case.tracks
    assert mediation.level == "street"
    assert accepted_case.assignments.get(active=True, duty="mediator").user == mediator
    assert accepted_case.events.filter(track="mediation", summary__startswith="开始调解").exists()


def test_a_second_open_mediation_on_the_same_case_is_refused(handling_case, clerk, mediator):
    mediation_start(case=handling_case, mediator=mediator, actor=clerk)

    with pytest.raises(ConflictError, match="已有进行中的调解"):
        mediation_start(case=handling_case, mediator=mediator, actor=clerk)


def test_mediator_candidates_show_each_mediators_open_load(handling_case, clerk, mediator):
    mediation_start(case=handling_case, mediator=mediator, actor=clerk)

    loads = {u.pk: u.open_load for u in mediator_candidates(case=handling_case)}

    assert loads[mediator.pk] == 1


def test_an_online_session_needs_its_video_link(handling_case, clerk, mediator):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)

    with pytest.raises(ValidationError) as e:
        session_record(
            mediation=mediation,
            actor=mediator,
            held_at=dt.datetime(2026, 9, 16, 9, tzinfo=dt.UTC),
            attendees="张三、公司代表",
            minutes="双方陈述",
            online=True,
        )

    assert "meeting_link" in e.value.message_dict


def test_an_agreement_ends_mediation_meets_the_15_day_clock_and_offers_resolution(
    handling_case, clerk, mediator
):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)

    _agree(mediation, mediator)

    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.AGREED
    assert Clock.objects.get(case=handling_case, kind=MEDIATION_15).met_at is not None
    assert mediation_outcome_implies(mediation).offer_action == "resolve"
    assert handling_case.events.filter(data__offer="resolve").exists()


def test_resolving_the_case_from_the_agreement_records_the_amount(handling_case, clerk, mediator):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    _agree(mediation, mediator)

    case = mediation_resolve_case(mediation=mediation, actor=mediator)

    assert case.status == CaseStatus.RESOLVED
    assert case.amount_recovered == Decimal("8000.00")


def test_resolving_from_an_open_mediation_is_refused(handling_case, clerk, mediator):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)

    with pytest.raises(ConflictError, match="未达成协议"):
        mediation_resolve_case(mediation=mediation, actor=mediator)


def test_a_part_payment_then_the_rest_makes_the_item_paid(handling_case, clerk, mediator):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    item = _agree(mediation, mediator).items.get()

    agreement_payment_record(item=item, actor=mediator, amount=Decimal("3000"), paid_on=TODAY)
    assert item.status == PaymentStatus.PARTLY_PAID
    agreement_payment_record(item=item, actor=mediator, amount=Decimal("5000"), paid_on=TODAY)

    item.refresh_from_db()
    assert item.status == PaymentStatus.PAID


def test_an_item_not_paid_by_its_due_date_reminds_the_mediator_once(handling_case, clerk, mediator):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    item = _agree(mediation, mediator, due=dt.date(2026, 9, 30)).items.get()

    assert agreement_overdue_sweep(today=dt.date(2026, 9, 30)) == 0  # due today: not yet late
    assert agreement_overdue_sweep(today=dt.date(2026, 10, 1)) == 1
    assert agreement_overdue_sweep(today=dt.date(2026, 10, 2)) == 0

    item.refresh_from_db()
    assert item.status == PaymentStatus.UNPAID
    assert Notification.objects.filter(user=mediator, message__contains="请督促履行").count() == 1
    assert handling_case.events.filter(summary__startswith="逾期未履行").count() == 1


def test_arbitral_review_window_ending_on_a_holiday_runs_to_the_next_working_day(
    handling_case, clerk, mediator
):
    # Signed 2026-09-16: the 15th day is 10-01, National Day; the window ends on 10-08.
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    agreement = _agree(mediation, mediator, review_kind=ReviewKind.ARBITRAL)
    clock = Clock.objects.get(case=handling_case, kind=ARBITRAL_REVIEW_15)
    assert clock.due_at.astimezone().date() == dt.date(2026, 10, 8)

    with time_machine.travel(dt.datetime(2026, 10, 8, 10, tzinfo=dt.UTC)):
        agreement_review_request(
            agreement=agreement,
            actor=mediator,
            kind=ReviewKind.ARBITRAL,
            requested_on=dt.date(2026, 10, 8),
        )

    clock.refresh_from_db()
    assert clock.met_at is not None
    assert agreement.review_outcome == ReviewOutcome.PENDING


def test_arbitral_review_asked_a_day_after_the_window_is_refused(handling_case, clerk, mediator):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    agreement = _agree(mediation, mediator)

    with pytest.raises(ConflictError, match="2026-10-08"):
        agreement_review_request(
            agreement=agreement,
            actor=mediator,
            kind=ReviewKind.ARBITRAL,
            requested_on=dt.date(2026, 10, 9),
        )


def test_judicial_confirmation_outcome_is_recorded(handling_case, clerk, mediator):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    agreement = _agree(mediation, mediator)
    agreement_review_request(
        agreement=agreement, actor=mediator, kind=ReviewKind.JUDICIAL, requested_on=TODAY
    )

    agreement_review_decide(
        agreement=agreement,
        actor=mediator,
        outcome=ReviewOutcome.CONFIRMED,
        decided_on=dt.date(2026, 10, 9),
    )

    agreement.refresh_from_db()
    assert agreement.review_outcome == ReviewOutcome.CONFIRMED
    assert handling_case.events.filter(summary="司法确认结果：确认有效").exists()


def test_failure_transfers_to_arbitration_in_one_action(handling_case, clerk, mediator):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)

    application = mediation_transfer(mediation=mediation, actor=mediator, reason="双方差距过大")

    mediation.refresh_from_db()
    handling_case.refresh_from_db()
    assert mediation.status == MediationStatus.FAILED
    assert mediation.arbitration == application
    assert application.source == Source.TRANSFER
    assert application.status == ApplicationStatus.RECEIVED
    assert application.case == handling_case  # parties and claims referenced, not copied
    assert "arbitration" in handling_case.tracks
    assert Clock.objects.get(case=handling_case, kind=MEDIATION_15).met_at is not None
    assert Clock.objects.filter(case=handling_case, kind="arbitration_acceptance_5_days").exists()


def test_refusal_ends_mediation_and_tells_the_applicant_by_sms(
    handling_case, clerk, mediator, django_capture_on_commit_callbacks
):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    ConsoleSender.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mediation_refuse(mediation=mediation, actor=mediator, note="公司明确拒绝调解")

    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.REFUSED
    sms = [m for m in ConsoleSender.sent if m.subject == "调解终止告知"]
    assert sms[0].to == "13905710000"
    assert handling_case.events.filter(kind=EventKind.TRACK, summary__contains="拒绝调解").exists()


def test_the_refusal_sms_is_written_in_the_language_the_applicant_used_on_the_portal(
    handling_case, clerk, mediator, django_capture_on_commit_callbacks
):
    from jiefen.portal.models import Application as PortalApplication

    PortalApplication.objects.create(
        case=handling_case, kind="mediation", language="en", submitted_at=timezone.now()
    )
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    ConsoleSender.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        # the mediator works in Chinese
        mediation_refuse(mediation=mediation, actor=mediator, note="公司明确拒绝调解")

    [sms] = [m for m in ConsoleSender.sent if m.to == "13905710000"]
    assert sms.subject == "Mediation ended"
    assert "refused mediation" in sms.body and "拒绝" not in sms.body


def test_my_mediations_due_lists_open_mediations_by_their_deadline(handling_case, clerk, mediator):
    mediation_start(case=handling_case, mediator=mediator, actor=clerk)

    due = mediations_due(user=mediator, within_days=30)

    assert [m.case_id for m in due] == [handling_case.pk]


def test_the_daily_command_reminds_of_items_past_their_due_date(
    handling_case, clerk, mediator, time_machine
):
    from io import StringIO

    from django.core.management import call_command

    time_machine.move_to(dt.datetime(2026, 9, 16, 10, tzinfo=dt.UTC), tick=False)
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    _agree(mediation, mediator, due=dt.date(2026, 9, 30))
    time_machine.move_to(dt.datetime(2026, 10, 1, 1, tzinfo=dt.UTC), tick=False)
    out = StringIO()

    call_command("mediation_followup", stdout=out)

    assert "reminded: 1" in out.getvalue()


def test_one_scheduler_tick_runs_the_daily_follow_up_of_agreements(
    handling_case, clerk, mediator, time_machine
):
    from jiefen.core.scheduler import scheduler_tick
    from jiefen.mediation.models import AgreementItem

    time_machine.move_to(dt.datetime(2026, 9, 16, 10, tzinfo=dt.UTC), tick=False)
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    _agree(mediation, mediator, due=dt.date(2026, 9, 30))
    time_machine.move_to(dt.datetime(2026, 10, 1, 1, tzinfo=dt.UTC), tick=False)

    enqueued = scheduler_tick()  # the test queue runs what is enqueued at once

    assert "jiefen.mediation.tasks.mediation_followup_daily" in enqueued
    item = AgreementItem.objects.get(agreement__mediation=mediation)
    assert item.reminded_at is not None
