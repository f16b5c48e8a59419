"""The arbitration track's lifecycles, whole tables: every legal move and every illegal one."""

import datetime as dt

import pytest
from django.utils import timezone

from jiefen.accounts.choices import Role
from jiefen.arbitration.models import Application, Hearing, HearingRoom, Recusal
from jiefen.arbitration.transitions import (
    APPLICATION_LIFECYCLE,
    HEARING_LIFECYCLE,
    RECUSAL_LIFECYCLE,
    application_offers,
)
from jiefen.cases.choices import CaseStatus, EventKind
from jiefen.cases.models import CaseEvent
from jiefen.cases.tests.factories import make_case
from jiefen.core.lifecycle import ChangedMeanwhile, MoveNotAllowed
from jiefen.core.policy import Forbidden
from jiefen.core.testing import lifecycle_pairs

pytestmark = pytest.mark.django_db


def _application(actor, status="received") -> Application:
    case = make_case(actor=actor, status=CaseStatus.HANDLING)
    return Application.objects.create(
        case=case, source="direct", status=status, received_at=timezone.now()
    )


def _hearing(actor, status="scheduled") -> Hearing:
    starts = timezone.now() + dt.timedelta(days=10)
    return Hearing.objects.create(
        application=_application(actor, status="accepted"),
        room=HearingRoom.objects.first(),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        notice_on=timezone.localdate(),
        booked_by=actor,
        status=status,
    )


def _recusal(actor, decision="pending") -> Recusal:
    return Recusal.objects.create(
        application=_application(actor, status="accepted"),
        arbitrator=actor,
        requested_by="respondent",
        reason="曾代理申请人",
        requested_at=timezone.now(),
        decision=decision,
    )


MAKERS = {
    APPLICATION_LIFECYCLE.name: lambda actor, state: _application(actor, status=state),
    HEARING_LIFECYCLE.name: lambda actor, state: _hearing(actor, status=state),
    RECUSAL_LIFECYCLE.name: lambda actor, state: _recusal(actor, decision=state),
}
LIFECYCLES = [APPLICATION_LIFECYCLE, HEARING_LIFECYCLE, RECUSAL_LIFECYCLE]


def _pairs(legal: bool):
    return [
        pytest.param(lc, state, action, id=f"{lc.name}:{state}:{action}")
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


def test_a_step_that_keeps_the_state_still_refuses_a_stale_copy(leader):
    application = _application(leader, status="accepted")
    stale = Application.objects.get(pk=application.pk)
    APPLICATION_LIFECYCLE.move(application, action="defence", actor=leader)

    with pytest.raises(ChangedMeanwhile):
        APPLICATION_LIFECYCLE.move(stale, action="compose", actor=leader)
    assert Application.objects.get(pk=application.pk).version == application.version


def test_a_mediator_is_offered_nothing_on_an_application_and_refused_a_move(make_staff, leader):
    mediator = make_staff(Role.MEDIATOR)
    application = _application(leader)

    assert application_offers(application, mediator) == frozenset()
    with pytest.raises(Forbidden):
        APPLICATION_LIFECYCLE.move(application, action="accept", actor=mediator)
    assert Application.objects.get(pk=application.pk).status == "received"


def test_the_tribunal_is_offered_the_steps_of_an_accepted_application(tclerk, leader):
    application = _application(leader, status="accepted")

    assert {"book", "serve", "suspend", "award"} <= application_offers(application, tclerk)
