"""A case merged into another is handled under that case's number: its arbitration application
is held with it."""

import datetime as dt

import pytest

from jiefen.arbitration.choices import Procedure
from jiefen.arbitration.models import (
    Application,
    AwardItem,
    Hearing,
    Recusal,
    Service,
    TribunalMember,
)
from jiefen.arbitration.services import (
    application_accept,
    application_completion_notice,
    application_decline,
    application_file,
    application_mediate,
    application_suspend,
    award_extend,
    award_issue,
    award_period_restart,
    hearing_book,
    hearing_hold,
    hearing_postpone,
    recusal_decide,
    recusal_request,
    service_notice_end,
    service_record,
    tribunal_compose,
    tribunal_convert_to_ordinary,
)
from jiefen.arbitration.tests.conftest import at
from jiefen.arbitration.transitions import (
    HEARING_LIFECYCLE,
    RECUSAL_LIFECYCLE,
    application_offers,
)
from jiefen.cases.models import CaseEvent, CaseLink, Clock
from jiefen.cases.services import case_merge
from jiefen.cases.tests.factories import make_duplicate
from jiefen.core.lifecycle import MoveHeld

pytestmark = pytest.mark.django_db


def test_the_application_of_a_merged_case_takes_no_move(clerk, tclerk):
    application = application_file(case=make_duplicate(actor=clerk), actor=clerk)
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    application.refresh_from_db()
    before = (application.status, application.version)

    with pytest.raises(MoveHeld):
        application_accept(application=application, actor=tclerk)

    application.refresh_from_db()
    assert (application.status, application.version) == before


@pytest.fixture
def held(clerk, tclerk, arbitrators):
    """An accepted application, its tribunal composed, on a case then merged into another."""
    application = application_file(
        case=make_duplicate(actor=clerk), actor=clerk, received_at=at(2026, 11, 2)
    )
    application_accept(application=application, actor=tclerk, accepted_at=at(2026, 11, 2))
    tribunal_compose(
        application=application,
        actor=tclerk,
        procedure=Procedure.SIMPLIFIED,
        simplified_basis="agreed",
        arbitrators=[arbitrators[0]],
    )
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    application.refresh_from_db()
    return application


def test_a_hearing_for_a_merged_case_is_refused_and_not_booked(held, tclerk, room):
    with pytest.raises(MoveHeld):
        hearing_book(
            application=held,
            actor=tclerk,
            room=room,
            starts_at=at(2026, 11, 9, 9),
            ends_at=at(2026, 11, 9, 11),
            notice_on=at(2026, 11, 2).date(),
        )

    assert not Hearing.objects.exists()


def test_papers_served_in_a_merged_case_are_refused_and_not_recorded(held, tclerk):
    with pytest.raises(MoveHeld):
        service_record(
            application=held,
            actor=tclerk,
            document="composition_notice",
            side="applicant",
            mode="electronic",
            served_at=at(2026, 11, 3),
            proof="浙江解纷码 电子送达回执",
        )

    assert not Service.objects.exists()


def test_the_application_of_a_merged_case_offers_no_step(held, tclerk):
    assert application_offers(held, tclerk) == frozenset()


# Given wrong input, each is still refused for the hold, not for a field.
@pytest.mark.parametrize(
    "step",
    [
        lambda a, actor: service_record(
            application=a,
            actor=actor,
            document="no_such_paper",
            side="applicant",
            mode="electronic",
            served_at=at(2026, 11, 3),
            proof="",
        ),
        lambda a, actor: award_period_restart(application=a, actor=actor, reason="no_such"),
    ],
    ids=["serve", "restart"],
)
def test_serving_or_restarting_in_a_merged_case_is_held_before_the_input_is_checked(
    held, tclerk, step
):
    with pytest.raises(MoveHeld):
        step(held, tclerk)

    assert not Service.objects.exists()


def _application_written():
    """What the moves below would change: the application, its tribunal, its award, the clocks
    and the timeline."""
    return (
        list(Application.objects.values_list("status", "version", "procedure")),
        list(TribunalMember.objects.values_list("arbitrator", "active")),
        AwardItem.objects.count(),
        list(Clock.objects.values_list("kind", "due_at", "paused_at", "met_at")),
        CaseEvent.objects.count(),
    )


# Wrong input each: refused for the hold, not for a field (nor the tribunal composed already).
@pytest.mark.parametrize(
    "step",
    [
        lambda a, actor: application_completion_notice(application=a, actor=actor, missing=""),
        lambda a, actor: application_decline(application=a, actor=actor, reason=""),
        lambda a, actor: tribunal_compose(
            application=a, actor=actor, procedure="no_such", arbitrators=[]
        ),
        lambda a, actor: tribunal_convert_to_ordinary(
            application=a, actor=actor, arbitrators=[], reason=""
        ),
        lambda a, actor: application_suspend(application=a, actor=actor, reason=""),
        lambda a, actor: award_extend(
            application=a, actor=actor, days=0, approved_by=actor, reason=""
        ),
        lambda a, actor: award_issue(application=a, actor=actor, items=[], text=""),
        lambda a, actor: application_mediate(application=a, actor=actor, terms=""),
    ],
    ids=["completion", "decline", "compose", "convert", "suspend", "extend", "award", "mediate"],
)
def test_a_move_of_a_merged_case_is_held_before_its_input_is_checked(held, tclerk, step):
    before = _application_written()

    with pytest.raises(MoveHeld):
        step(held, tclerk)

    assert _application_written() == before


@pytest.fixture
def held_with_hearing(clerk, tclerk, arbitrators, room, time_machine):
    """An application with a hearing booked, a recusal asked for and a copy served by public
    notice, on a case then merged into another."""
    time_machine.move_to(at(2026, 11, 3), tick=False)
    application = application_file(
        case=make_duplicate(actor=clerk), actor=clerk, received_at=at(2026, 11, 2)
    )
    application_accept(application=application, actor=tclerk, accepted_at=at(2026, 11, 2))
    tribunal_compose(
        application=application,
        actor=tclerk,
        procedure=Procedure.SIMPLIFIED,
        simplified_basis="agreed",
        arbitrators=[arbitrators[0]],
    )
    hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=at(2026, 11, 16, 9),
        ends_at=at(2026, 11, 16, 11),
    )
    recusal_request(
        application=application,
        actor=tclerk,
        arbitrator=arbitrators[0],
        requested_by="respondent",
        reason="与申请人有亲属关系",
    )
    service_record(
        application=application,
        actor=tclerk,
        document="application_copy",
        side="respondent",
        mode="public_notice",
        served_at=at(2026, 11, 3),
        proof="《人民法院报》公告",
        notice_ends_on=dt.date(2026, 12, 3),
    )
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    application.refresh_from_db()
    return application


def _written():
    """What the steps below would change: the hearing, the recusal, the service, the clocks and
    the timeline."""
    return (
        list(Hearing.objects.values_list("status", "record", "postponement_reason")),
        list(Recusal.objects.values_list("decision", flat=True)),
        list(Service.objects.values_list("notice_ended", flat=True)),
        list(Clock.objects.values_list("kind", "paused_at", "met_at")),
        CaseEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "step",
    [
        lambda actor, arbitrators: hearing_postpone(
            hearing=Hearing.objects.get(),
            actor=actor,
            requested_on=dt.date(2026, 11, 4),
            reason="申请人出差",
        ),
        # Wrong input: refused for the hold all the same, not for the missing reason.
        lambda actor, arbitrators: hearing_postpone(
            hearing=Hearing.objects.get(), actor=actor, requested_on=dt.date(2026, 11, 4), reason=""
        ),
        lambda actor, arbitrators: hearing_hold(
            hearing=Hearing.objects.get(), actor=actor, record="双方到庭"
        ),
        lambda actor, arbitrators: recusal_decide(
            recusal=Recusal.objects.get(),
            actor=actor,
            decision="granted",
            replacement=arbitrators[1],
        ),
        lambda actor, arbitrators: service_notice_end(
            service=Service.objects.get(), actor=actor, at=at(2026, 12, 3)
        ),
    ],
    ids=["postpone", "postpone_no_reason", "hold", "recusal_decide", "notice_end"],
)
def test_a_step_on_a_hearing_recusal_or_notice_of_a_merged_case_is_held(
    held_with_hearing, tclerk, arbitrators, step
):
    before = _written()

    with pytest.raises(MoveHeld):
        step(tclerk, arbitrators)

    assert _written() == before


def test_a_merged_case_offers_no_move_on_its_hearing_or_recusal(held_with_hearing, tclerk):
    hearing = held_with_hearing.hearings.get()
    recusal = held_with_hearing.recusals.get()

    assert HEARING_LIFECYCLE.available_actions(hearing, tclerk) == frozenset()
    assert RECUSAL_LIFECYCLE.available_actions(recusal, tclerk) == frozenset()
