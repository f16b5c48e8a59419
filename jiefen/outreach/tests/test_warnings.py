"""The warning flow: dedup, acknowledge, handle, close with a note, turn into a case."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from jiefen.cases.choices import Channel, EventKind
from jiefen.core.lifecycle import MoveNotAllowed
from jiefen.core.messages import phrase
from jiefen.outreach import rules
from jiefen.outreach.choices import Severity, WarningRule, WarningStatus
from jiefen.outreach.models import EarlyWarning
from jiefen.outreach.services import (
    warning_act,
    warning_convert,
    warning_raise,
    warnings_run,
)
from jiefen.outreach.tasks import warnings_run_task
from jiefen.outreach.tests.factories import make_enterprise, make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def warning(leader, grid_inspector):
    ent = make_enterprise(actor=leader)
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="老板失联")
    return EarlyWarning.objects.get()


def test_a_second_serious_finding_does_not_raise_a_second_open_warning(leader, warning):
    make_visit(
        actor=leader, enterprise=warning.enterprise, severity=Severity.SERIOUS, findings="工人聚集"
    )

    assert EarlyWarning.objects.count() == 1
    warning.refresh_from_db()
    assert len(warning.evidence) == 2  # the open warning now rests on both visits


def test_the_daily_run_does_not_raise_a_closed_warning_again_on_the_same_evidence(leader, warning):
    warning_act(warning=warning, action="close", actor=leader, note="已约谈，工资已发放")

    assert warnings_run() == 0
    assert EarlyWarning.objects.count() == 1


def test_new_evidence_after_closing_raises_a_new_warning(leader, warning):
    warning_act(warning=warning, action="close", actor=leader, note="已处理")

    make_visit(
        actor=leader, enterprise=warning.enterprise, severity=Severity.SERIOUS, findings="再次欠薪"
    )

    assert EarlyWarning.objects.filter(status=WarningStatus.NEW).count() == 1


def test_the_open_once_constraint_holds_even_without_the_service(leader, warning):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EarlyWarning.objects.create(
            rule=warning.rule,
            level=warning.level,
            employer=warning.employer,
            village=warning.village,
            reason="重复",
            fingerprint="x",
            raised_at=timezone.now(),
        )


def test_acknowledge_then_handle_then_close_records_each_step(leader, warning):
    warning_act(warning=warning, action="acknowledge", actor=leader)
    warning_act(warning=warning, action="handle", actor=leader)
    warning_act(warning=warning, action="close", actor=leader, note="已督促发放工资")

    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED
    assert warning.close_note == "已督促发放工资"
    assert warning.closed_at is not None
    assert [e.new_status for e in warning.events.all()] == [
        "new",
        "acknowledged",
        "handling",
        "closed",
    ]


def test_closing_without_a_note_is_refused(leader, warning):
    with pytest.raises(ValidationError) as e:
        warning_act(warning=warning, action="close", actor=leader, note=" ")

    assert e.value.message_dict["note"] == ["关闭预警须填写处置说明"]
    warning.refresh_from_db()
    assert warning.status == WarningStatus.NEW


def test_a_stale_copy_cannot_move_the_warning_again(leader, warning):
    stale = EarlyWarning.objects.get(pk=warning.pk)
    warning_act(warning=warning, action="acknowledge", actor=leader)

    from jiefen.core.exceptions import ConflictError

    with pytest.raises(ConflictError) as e:
        warning_act(warning=stale, action="acknowledge", actor=leader)
    # Refused, naming who moved it and to what.
    assert e.value.code == "stale"
    assert leader.display_name in e.value.message and "已签收" in e.value.message


def test_turning_a_warning_into_a_case_creates_a_grid_visit_case(leader, warning):
    case = warning_convert(warning=warning, actor=leader, claimant_name="张建国")

    warning.refresh_from_db()
    assert warning.status == WarningStatus.CONVERTED
    assert warning.case == case
    assert (case.channel, case.employer_id, case.village_id) == (
        Channel.GRID_VISIT,
        warning.employer_id,
        warning.village_id,
    )
    event = case.events.get(kind=EventKind.TRACK)
    assert event.track == "outreach"
    assert event.data["warning_id"] == warning.pk


def test_a_converted_warning_cannot_be_converted_twice(leader, warning):
    warning_convert(warning=warning, actor=leader, claimant_name="张建国")

    with pytest.raises(MoveNotAllowed):
        warning_convert(warning=warning, actor=leader, claimant_name="李四")


def test_a_failed_case_creation_leaves_the_warning_open(leader, warning):
    with pytest.raises(ValidationError):
        warning_convert(warning=warning, actor=leader, claimant_name="张建国", category="bogus")

    warning.refresh_from_db()
    assert warning.status == WarningStatus.NEW
    assert warning.case is None


def test_the_owner_is_notified_of_a_new_warning(warning, grid_inspector):
    note = grid_inspector.notifications.get()
    assert note.message.startswith("红色预警")
    assert note.link == warning.get_absolute_url()


def test_a_finding_in_a_village_without_grid_area_has_no_owner(leader, db):
    from jiefen.geo.models import Village

    village = Village.objects.filter(grid_area__isnull=True).first() or Village.objects.first()
    Village.objects.filter(pk=village.pk).update(grid_area=None)
    ent = make_enterprise(actor=leader, village_code=village.code)
    finding = rules.Finding(
        rule=WarningRule.SERIOUS_FINDING,
        employer_id=ent.employer_id,
        level="red",
        said=phrase("测试"),
        evidence=[rules.Evidence(kind="visit", id=1, label="x")],
        enterprise_id=ent.pk,
        village_id=village.pk,
    )

    assert warning_raise(finding=finding).owner is None


def test_the_command_and_the_task_run_the_rules(leader, grid_inspector, capsys):
    ent = make_enterprise(actor=leader)
    make_visit(
        actor=leader,
        enterprise=ent,
        headcount_seen=100,
        visited_at=timezone.now() - dt.timedelta(days=20),
    )
    from jiefen.outreach.models import Visit

    Visit.objects.create(
        enterprise=ent, visited_at=timezone.now(), visitor=leader, checklist={}, headcount_seen=50
    )  # written behind the service's back: only the daily run can see it

    call_command("run_warning_rules")
    assert "warnings raised: 1" in capsys.readouterr().out
    assert warnings_run_task.enqueue().return_value == 0  # nothing new the second time
