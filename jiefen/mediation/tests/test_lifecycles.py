"""The mediation track's lifecycles, whole tables: every legal move and every illegal one."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jiefen.accounts.choices import Role
from jiefen.cases.choices import CaseStatus, EventKind
from jiefen.cases.models import CaseEvent
from jiefen.cases.tests.factories import make_case
from jiefen.core.lifecycle import ChangedMeanwhile, MoveNotAllowed
from jiefen.core.policy import Forbidden
from jiefen.core.testing import lifecycle_pairs
from jiefen.mediation.choices import MediatorLevel
from jiefen.mediation.models import Agreement, AgreementItem, Mediation
from jiefen.mediation.transitions import (
    MEDIATION_LIFECYCLE,
    PAYMENT_LIFECYCLE,
    REVIEW_LIFECYCLE,
)

pytestmark = pytest.mark.django_db


def _mediation(actor, status="open") -> Mediation:
    case = make_case(actor=actor, status=CaseStatus.HANDLING)
    return Mediation.objects.create(
        case=case,
        mediator=actor,
        level=MediatorLevel.DISTRICT,
        status=status,
        started_at=timezone.now(),
    )


def _agreement(actor, review_outcome="") -> Agreement:
    return Agreement.objects.create(
        mediation=_mediation(actor, status="agreed"),
        signed_on=dt.date(2026, 11, 2),
        terms="分两期支付工资",
        review_outcome=review_outcome,
    )


def _item(actor, status="pending") -> AgreementItem:
    return AgreementItem.objects.create(
        agreement=_agreement(actor),
        item="工资",
        amount=Decimal("3000"),
        due_on=dt.date(2026, 11, 30),
        status=status,
    )


MAKERS = {
    MEDIATION_LIFECYCLE.name: lambda actor, state: _mediation(actor, status=state),
    REVIEW_LIFECYCLE.name: lambda actor, state: _agreement(actor, review_outcome=state),
    PAYMENT_LIFECYCLE.name: lambda actor, state: _item(actor, status=state),
}
LIFECYCLES = [MEDIATION_LIFECYCLE, REVIEW_LIFECYCLE, PAYMENT_LIFECYCLE]


def _pairs(legal: bool):
    return [
        pytest.param(lc, state, action, id=f"{lc.name}:{state or 'none'}:{action}")
        for lc in LIFECYCLES
        for state, action in lifecycle_pairs(lc)[0 if legal else 1]
    ]


@pytest.mark.parametrize(("lifecycle", "state", "action"), _pairs(legal=True))
def test_legal_move_changes_state_and_writes_one_timeline_entry(leader, lifecycle, state, action):
    obj = MAKERS[lifecycle.name](leader, state)
    before = CaseEvent.objects.filter(kind=EventKind.TRACK).count()

    lifecycle.move(obj, action=action, actor=leader, note="理由")

    obj.refresh_from_db()
    assert lifecycle.state_of(obj) == lifecycle.transitions[action].target_from(state)
    assert CaseEvent.objects.filter(kind=EventKind.TRACK).count() == before + 1


@pytest.mark.parametrize(("lifecycle", "state", "action"), _pairs(legal=False))
def test_illegal_move_is_refused_and_changes_nothing(leader, lifecycle, state, action):
    obj = MAKERS[lifecycle.name](leader, state)
    before = CaseEvent.objects.count()

    with pytest.raises(MoveNotAllowed) as exc:
        lifecycle.move(obj, action=action, actor=leader, note="理由")

    assert exc.value.status_code == 409
    obj.refresh_from_db()
    assert lifecycle.state_of(obj) == state
    assert CaseEvent.objects.count() == before


def test_a_second_edit_of_a_mediation_from_a_stale_copy_is_refused(leader):
    mediation = _mediation(leader)
    stale = Mediation.objects.get(pk=mediation.pk)
    MEDIATION_LIFECYCLE.move(mediation, action="agree", actor=leader)

    with pytest.raises(ChangedMeanwhile):
        MEDIATION_LIFECYCLE.move(stale, action="refuse", actor=leader, note="公司拒绝")
    assert Mediation.objects.get(pk=mediation.pk).status == "agreed"


def test_a_second_payment_from_a_stale_copy_is_refused(leader):
    item = _item(leader, status="partly_paid")
    stale = AgreementItem.objects.get(pk=item.pk)
    PAYMENT_LIFECYCLE.move(item, action="pay_in_part", actor=leader)

    with pytest.raises(ChangedMeanwhile):
        PAYMENT_LIFECYCLE.move(stale, action="pay_in_part", actor=leader)


def test_a_police_liaison_is_offered_no_mediation_move_and_refused_one(make_staff, leader):
    police = make_staff(Role.POLICE_LIAISON)
    mediation = _mediation(leader)

    assert MEDIATION_LIFECYCLE.available(mediation, police) == []
    with pytest.raises(Forbidden):
        MEDIATION_LIFECYCLE.move(mediation, action="agree", actor=police)
    assert Mediation.objects.get(pk=mediation.pk).status == "open"
