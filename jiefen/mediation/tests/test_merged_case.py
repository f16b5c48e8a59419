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
from jiefen.mediation.choices import MediationStatus
from jiefen.mediation.models import Mediation, Session
from jiefen.mediation.services import (
    ItemInput,
    agreement_record,
    mediation_start,
    session_record,
)
from jiefen.mediation.transitions import MEDIATION_LIFECYCLE, mediation_offers

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
