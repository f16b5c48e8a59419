"""The outreach lifecycles as whole tables: every legal (state, action) moves and writes one
event, every other pair is refused and changes nothing."""

import pytest

from jiefen.core.lifecycle import MoveNotAllowed
from jiefen.core.testing import lifecycle_pairs
from jiefen.outreach.choices import Severity
from jiefen.outreach.models import EarlyWarning, VisitPlan
from jiefen.outreach.tests.factories import make_enterprise, make_visit
from jiefen.outreach.transitions import PLAN_LIFECYCLE, WARNING_LIFECYCLE

pytestmark = pytest.mark.django_db

WARNING_LEGAL, WARNING_ILLEGAL = lifecycle_pairs(WARNING_LIFECYCLE)
PLAN_LEGAL, PLAN_ILLEGAL = lifecycle_pairs(PLAN_LIFECYCLE)


@pytest.fixture
def warning(leader, grid_inspector):
    ent = make_enterprise(actor=leader)
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="老板失联")
    return EarlyWarning.objects.get()


@pytest.fixture
def plan(leader, grid_inspector):
    import datetime as dt

    from django.utils import timezone

    from jiefen.outreach.services import visit_plan_create

    return visit_plan_create(
        actor=leader,
        enterprise=make_enterprise(actor=leader),
        planned_for=timezone.localdate() + dt.timedelta(days=3),
        assignee=grid_inspector,
    )


def _at(model, obj, status):
    model.objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()
    return obj


@pytest.mark.parametrize(("status", "action"), WARNING_LEGAL)
def test_legal_warning_move_changes_status_and_writes_one_event(leader, warning, status, action):
    warning = _at(EarlyWarning, warning, status)
    before = warning.events.count()

    WARNING_LIFECYCLE.move(warning, action=action, actor=leader, note="说明")

    warning.refresh_from_db()
    assert warning.status == WARNING_LIFECYCLE.transition(action).target_from(status)
    assert warning.events.count() == before + 1
    last = warning.events.order_by("-id").first()
    assert (last.old_status, last.new_status) == (status, warning.status)


@pytest.mark.parametrize(("status", "action"), WARNING_ILLEGAL)
def test_illegal_warning_move_is_refused_and_changes_nothing(leader, warning, status, action):
    warning = _at(EarlyWarning, warning, status)
    before = (warning.events.count(), warning.version)

    with pytest.raises(MoveNotAllowed):
        WARNING_LIFECYCLE.move(warning, action=action, actor=leader, note="说明")

    warning.refresh_from_db()
    assert (warning.status, warning.events.count(), warning.version) == (status, *before)


@pytest.mark.parametrize(("status", "action"), PLAN_LEGAL)
def test_legal_plan_move_changes_status_and_writes_one_audit_entry(leader, plan, status, action):
    from jiefen.audit.models import AuditEntry

    plan = _at(VisitPlan, plan, status)
    before = AuditEntry.objects.filter(object_type="outreach.visitplan").count()

    PLAN_LIFECYCLE.move(plan, action=action, actor=leader)

    plan.refresh_from_db()
    assert plan.status == PLAN_LIFECYCLE.transition(action).target_from(status)
    assert AuditEntry.objects.filter(object_type="outreach.visitplan").count() == before + 1


@pytest.mark.parametrize(("status", "action"), PLAN_ILLEGAL)
def test_illegal_plan_move_is_refused_and_changes_nothing(leader, plan, status, action):
    plan = _at(VisitPlan, plan, status)

    with pytest.raises(MoveNotAllowed):
        PLAN_LIFECYCLE.move(plan, action=action, actor=leader)

    plan.refresh_from_db()
    assert plan.status == status


def test_a_mediator_sees_a_warning_but_may_not_close_it(make_staff, warning):
    from jiefen.accounts.choices import Role

    mediator = make_staff(Role.MEDIATOR)

    assert "close" not in WARNING_LIFECYCLE.available_actions(warning, mediator)
    assert "convert" in WARNING_LIFECYCLE.available_actions(warning, mediator)


def test_an_inspector_of_another_grid_is_offered_nothing_on_a_plan(plan, other_inspector):
    assert PLAN_LIFECYCLE.available(plan, other_inspector) == []
