"""A case merged into another is handled under that case's number: its mediation is held with
it, and moves again once the case is split off."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jiefen.cases.models import CaseLink
from jiefen.cases.services import case_merge, case_split
from jiefen.cases.tests.factories import make_duplicate
from jiefen.core.lifecycle import MoveHeld
from jiefen.mediation.choices import MediationStatus, PaymentStatus, ReviewKind, ReviewOutcome
from jiefen.mediation.models import Agreement, AgreementItem, Mediation, Session
from jiefen.mediation.selectors import payments_due
from jiefen.mediation.services import (
    ItemInput,
    agreement_overdue_sweep,
    agreement_payment_record,
    agreement_record,
    agreement_review_decide,
    agreement_review_request,
    mediation_start,
    session_record,
)
from jiefen.mediation.transitions import (
    MEDIATION_LIFECYCLE,
    PAYMENT_LIFECYCLE,
    REVIEW_LIFECYCLE,
    mediation_offers,
)

pytestmark = pytest.mark.django_db


def _agree(mediation, actor):
    today = timezone.localdate()
    return agreement_record(
        mediation=mediation,
        actor=actor,
        signed_on=today,
        terms="被申请人支付申请人拖欠工资",
        items=[ItemInput("拖欠工资", Decimal("8000.00"), today + dt.timedelta(days=14))],
    )


@pytest.fixture
def mediation(clerk, mediator):
    return mediation_start(case=make_duplicate(actor=clerk), mediator=mediator, actor=clerk)


def test_the_mediation_of_a_merged_case_takes_no_move(mediation, clerk, mediator):
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    mediation.refresh_from_db()
    before = (mediation.status, mediation.version)

    with pytest.raises(MoveHeld):
        _agree(mediation, mediator)

    mediation.refresh_from_db()
    assert (mediation.status, mediation.version) == before


def test_an_agreement_on_a_merged_case_is_held_before_its_input_is_checked(
    mediation, clerk, mediator
):
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    mediation.refresh_from_db()

    with pytest.raises(MoveHeld):
        agreement_record(
            mediation=mediation, actor=mediator, signed_on=timezone.localdate(), terms="", items=[]
        )

    assert not Agreement.objects.exists()


def test_the_mediation_of_a_merged_case_offers_nothing_until_split_off_then_moves(
    mediation, clerk, mediator
):
    link = CaseLink.objects.get()
    case_merge(link=link, actor=clerk)
    mediation.refresh_from_db()
    offered_while_merged = MEDIATION_LIFECYCLE.available_actions(mediation, mediator)
    case_split(link=link, actor=clerk, note="核实为两次不同的争议")
    mediation.refresh_from_db()

    _agree(mediation, mediator)

    mediation.refresh_from_db()
    assert offered_while_merged == frozenset()
    assert mediation.status == MediationStatus.AGREED


def test_a_session_on_the_mediation_of_a_merged_case_is_refused_and_not_written(
    mediation, clerk, mediator
):
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    mediation.refresh_from_db()

    with pytest.raises(MoveHeld):
        session_record(
            mediation=mediation,
            actor=mediator,
            held_at=timezone.now(),
            attendees="申请人张三、被申请人代表",
            minutes="双方陈述意见",
            place="转塘街道调解室",
        )

    assert not Session.objects.exists()


def test_the_mediation_of_a_merged_case_offers_no_session(mediation, clerk, mediator):
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    mediation.refresh_from_db()

    assert mediation_offers(mediation, mediator) == frozenset()


def test_no_mediation_is_started_on_a_merged_case(clerk, mediator):
    case = make_duplicate(actor=clerk)
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    case.refresh_from_db()

    with pytest.raises(MoveHeld):
        mediation_start(case=case, mediator=mediator, actor=clerk)

    assert not Mediation.objects.filter(case=case).exists()


@pytest.fixture
def agreement(mediation, clerk, mediator):
    """An agreement signed (its review asked for) on a case then merged into another."""
    agreement = _agree(mediation, mediator)
    agreement_review_request(
        agreement=agreement,
        actor=mediator,
        kind=ReviewKind.ARBITRAL,
        requested_on=timezone.localdate(),
    )
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    return Agreement.objects.get(pk=agreement.pk)


def _agreement_state(agreement):
    agreement.refresh_from_db()
    return agreement.review_outcome, [
        (i.status, i.paid_amount, i.reminded_at) for i in agreement.items.order_by("pk")
    ]


@pytest.mark.parametrize(
    "step",
    [
        lambda a, m: agreement_review_decide(
            agreement=a, actor=m, outcome=ReviewOutcome.CONFIRMED, decided_on=timezone.localdate()
        ),
        lambda a, m: agreement_payment_record(
            item=a.items.get(), actor=m, amount=Decimal("1000.00"), paid_on=timezone.localdate()
        ),
        # The input is not looked at before the hold: no field error on a merged case.
        lambda a, m: agreement_review_request(
            agreement=a, actor=m, kind="unknown", requested_on=timezone.localdate()
        ),
        lambda a, m: agreement_payment_record(
            item=a.items.get(), actor=m, amount=Decimal(0), paid_on=timezone.localdate()
        ),
    ],
    ids=["review_decide", "payment", "review_request", "payment_invalid"],
)
def test_the_agreement_of_a_merged_case_is_held(agreement, mediator, step):
    before = _agreement_state(agreement)

    with pytest.raises(MoveHeld):
        step(agreement, mediator)

    assert _agreement_state(agreement) == before


def test_the_agreement_of_a_merged_case_offers_no_review_or_payment(agreement, mediator):
    item = AgreementItem.objects.get()

    assert REVIEW_LIFECYCLE.available_actions(agreement, mediator) == frozenset()
    assert PAYMENT_LIFECYCLE.available_actions(item, mediator) == frozenset()


def test_an_overdue_item_of_a_merged_case_is_followed_up_once_split_off(agreement, clerk):
    late = AgreementItem.objects.get().due_on + dt.timedelta(days=1)

    swept_while_merged = agreement_overdue_sweep(today=late)
    case_split(link=CaseLink.objects.get(), actor=clerk, note="核实为两次不同的争议")

    assert swept_while_merged == 0
    assert agreement_overdue_sweep(today=late) == 1
    assert AgreementItem.objects.get().status == PaymentStatus.UNPAID


def test_a_merged_cases_items_are_not_listed_as_due_until_it_is_split_off(
    agreement, clerk, mediator
):
    listed_while_merged = list(payments_due(user=mediator))
    case_split(link=CaseLink.objects.get(), actor=clerk, note="核实为两次不同的争议")

    assert listed_while_merged == []
    assert list(payments_due(user=mediator)) == [AgreementItem.objects.get()]
