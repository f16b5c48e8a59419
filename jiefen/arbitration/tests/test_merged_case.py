"""A case merged into another is handled under that case's number: its arbitration application
is held with it."""

import pytest

from jiefen.arbitration.choices import Procedure
from jiefen.arbitration.models import Hearing, Service
from jiefen.arbitration.services import (
    application_accept,
    application_file,
    hearing_book,
    service_record,
    tribunal_compose,
)
from jiefen.arbitration.tests.conftest import at
from jiefen.arbitration.transitions import application_offers
from jiefen.cases.models import CaseLink
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
