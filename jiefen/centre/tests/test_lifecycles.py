"""The whole table of each of the centre's lifecycles: every legal pair moves and writes one
event, every other pair is refused and changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jiefen.accounts.choices import DepartmentKind
from jiefen.accounts.models import Department
from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case
from jiefen.centre.models import AssistTask, CentreEvent, MajorCase, Meeting, ReturnVisit
from jiefen.centre.transitions import (
    MAJOR_LIFECYCLE,
    MEETING_LIFECYCLE,
    TASK_LIFECYCLE,
    VISIT_LIFECYCLE,
)
from jiefen.core.lifecycle import MoveNotAllowed
from jiefen.core.testing import lifecycle_pairs

pytestmark = pytest.mark.django_db


def _meeting(leader) -> Meeting:
    return Meeting.objects.create(
        held_on=timezone.localdate(), title="联排会议", convenor=leader, since=timezone.now()
    )


def _visit(leader) -> ReturnVisit:
    case = make_case(actor=leader, status=CaseStatus.CLOSED)
    return ReturnVisit.objects.create(
        case=case, closure_at=case.closed_at, due_on=timezone.localdate()
    )


def _major(leader) -> MajorCase:
    case = make_case(actor=leader, status=CaseStatus.HANDLING)
    return MajorCase.objects.create(case=case, proposed_at=timezone.now())


def _task(leader) -> AssistTask:
    return AssistTask.objects.create(
        meeting=_meeting(leader),
        decision="查明欠薪数额",
        department=Department.objects.get(kind=DepartmentKind.TRADE_UNION, street=None),
        task="组织工人推选代表",
        due_on=timezone.localdate(),
        created_by=leader,
    )


TABLES = {
    "return_visit": (VISIT_LIFECYCLE, _visit),
    "major_case": (MAJOR_LIFECYCLE, _major),
    "board_meeting": (MEETING_LIFECYCLE, _meeting),
    "assist_task": (TASK_LIFECYCLE, _task),
}


def _cases(legal: bool):
    for name, (lifecycle, _make) in TABLES.items():
        pairs = lifecycle_pairs(lifecycle)[0 if legal else 1]
        yield from ((name, state, action) for state, action in pairs)


def _in_state(name: str, leader, state: str):
    lifecycle, make = TABLES[name]
    obj = make(leader)
    type(obj).objects.filter(pk=obj.pk).update(status=state)
    obj.refresh_from_db()
    return lifecycle, obj


@pytest.mark.parametrize(("name", "state", "action"), list(_cases(legal=True)))
def test_legal_move_changes_state_and_writes_one_event(leader, name, state, action):
    lifecycle, obj = _in_state(name, leader, state)

    lifecycle.move(obj, action=action, actor=leader, note="理由")

    obj.refresh_from_db()
    assert obj.status == lifecycle.transitions[action].target_from(state)
    events = CentreEvent.objects.filter(subject=name, object_id=obj.pk)
    assert [(e.old_status, e.new_status) for e in events] == [(state, obj.status)]


@pytest.mark.parametrize(("name", "state", "action"), list(_cases(legal=False)))
def test_illegal_move_is_refused_and_changes_nothing(leader, name, state, action):
    lifecycle, obj = _in_state(name, leader, state)

    with pytest.raises(MoveNotAllowed):
        lifecycle.move(obj, action=action, actor=leader, note="理由")

    obj.refresh_from_db()
    assert obj.status == state
    assert not CentreEvent.objects.filter(subject=name, object_id=obj.pk).exists()
