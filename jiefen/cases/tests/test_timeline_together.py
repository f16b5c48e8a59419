"""Timeline entries written together: one INSERT at the end of the block, none if it raises."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiefen.cases.choices import CaseStatus, EventKind
from jiefen.cases.models import CaseEvent
from jiefen.cases.tests.factories import make_case
from jiefen.cases.timeline import case_events_together, case_events_write

pytestmark = pytest.mark.django_db


def _note(case, text: str) -> CaseEvent:
    return CaseEvent(case=case, at=timezone.now(), kind=EventKind.NOTE, summary=text)


def test_entries_written_in_a_block_reach_the_database_in_one_insert_in_their_order(clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    with CaptureQueriesContext(connection) as ctx, case_events_together():
        case_events_write(_note(case, "一"))
        with case_events_together():  # an inner block joins the outer one
            case_events_write(_note(case, "二"), _note(case, "三"))
        assert not CaseEvent.objects.filter(case=case, kind=EventKind.NOTE).exists()

    inserts = [q for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    notes = CaseEvent.objects.filter(case=case, kind=EventKind.NOTE).order_by("id")
    assert [e.summary for e in notes] == ["一", "二", "三"]


def test_entries_of_a_block_that_raised_are_not_written(clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)

    def failing_service() -> None:
        with case_events_together():
            case_events_write(_note(case, "一"))
            raise RuntimeError("the service failed")

    with pytest.raises(RuntimeError):
        failing_service()

    assert not CaseEvent.objects.filter(case=case, kind=EventKind.NOTE).exists()


def test_a_registration_puts_its_entries_on_the_timeline_in_the_order_they_happened(clerk):
    from jiefen.cases.services import ClaimantInput
    from jiefen.cases.services.intake import case_intake
    from jiefen.geo.models import Village

    case = case_intake(
        actor=clerk,
        channel="walk_in",
        category="wage_arrears",
        summary="拖欠三个月工资",
        village=Village.objects.get(code="330106010002"),
        claimants=[ClaimantInput(name="工人", phone="13905710001")],
    )

    entries = list(CaseEvent.objects.filter(case=case).order_by("id"))
    moves = [(e.old_status, e.new_status) for e in entries if e.kind == EventKind.TRANSITION]
    assert moves == [("", CaseStatus.RECEIVED), (CaseStatus.RECEIVED, CaseStatus.REGISTERED)]
    assert entries[0].new_status == CaseStatus.RECEIVED
    assert entries[-1].new_status == CaseStatus.REGISTERED
