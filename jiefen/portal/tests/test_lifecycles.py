"""The portal's lifecycles as whole tables: every legal pair moves and leaves one record, every
other pair is refused and changes nothing; who may take each move."""

from __future__ import annotations

import pytest

from jiefen.accounts.choices import Role
from jiefen.audit.models import AuditEntry
from jiefen.cases.choices import EventKind
from jiefen.core.lifecycle import MoveNotAllowed
from jiefen.core.policy import Forbidden
from jiefen.core.testing import lifecycle_pairs
from jiefen.geo.models import Village
from jiefen.parties.services import employer_find_or_create
from jiefen.portal import policies as P
from jiefen.portal import services
from jiefen.portal.models import Application, Letter
from jiefen.portal.tests.test_apply import submit
from jiefen.portal.tests.test_mailbox import write
from jiefen.portal.transitions import APPLICATION_LIFECYCLE, LETTER_LIFECYCLE

pytestmark = pytest.mark.django_db

APP_LEGAL, APP_ILLEGAL = lifecycle_pairs(APPLICATION_LIFECYCLE)
LETTER_LEGAL, LETTER_ILLEGAL = lifecycle_pairs(LETTER_LIFECYCLE)


def _actor(lifecycle, action, clerk):
    """The applicant (nobody signed in) for the public's moves, the clerk for staff's."""
    return None if lifecycle.transition(action).policy is P.PUBLIC else clerk


def _application_in(state: str) -> Application:
    application = submit()
    Application.objects.filter(pk=application.pk).update(status=state)
    application.refresh_from_db()
    return application


def _notes(application: Application) -> int:
    return application.case.events.filter(kind=EventKind.NOTE).count()


@pytest.mark.parametrize(("state", "action"), APP_LEGAL)
def test_a_legal_application_move_changes_the_state_and_writes_one_note(clerk, state, action):
    application = _application_in(state)
    before = _notes(application)

    APPLICATION_LIFECYCLE.move(
        application, action=action, actor=_actor(APPLICATION_LIFECYCLE, action, clerk), note="理由"
    )

    application.refresh_from_db()
    assert application.status == APPLICATION_LIFECYCLE.transition(action).target_from(state)
    assert _notes(application) == before + 1


@pytest.mark.parametrize(("state", "action"), APP_ILLEGAL)
def test_an_illegal_application_move_is_refused_and_changes_nothing(clerk, state, action):
    application = _application_in(state)
    before = application.case.events.count()

    with pytest.raises(MoveNotAllowed):
        APPLICATION_LIFECYCLE.move(
            application,
            action=action,
            actor=_actor(APPLICATION_LIFECYCLE, action, clerk),
            note="理由",
        )

    assert Application.objects.get(pk=application.pk).status == state
    assert application.case.events.count() == before


@pytest.fixture
def mailbox(xihu):
    employer = employer_find_or_create(
        name="杭州转塘制衣有限公司", village=Village.objects.get(code="330106010002")
    )
    return services.mailbox_ensure(employer=employer)


def _letter_in(mailbox, state: str) -> Letter:
    letter = write(mailbox)
    Letter.objects.filter(pk=letter.pk).update(status=state)
    letter.refresh_from_db()
    return letter


def _letter_records(letter: Letter) -> int:
    return AuditEntry.objects.filter(object_type="portal.letter", object_id=str(letter.pk)).count()


@pytest.mark.parametrize(("state", "action"), LETTER_LEGAL)
def test_a_legal_letter_move_changes_the_state_and_writes_one_record(mailbox, clerk, state, action):
    letter = _letter_in(mailbox, state)
    before = _letter_records(letter)

    LETTER_LIFECYCLE.move(letter, action=action, actor=clerk, note="理由")

    letter.refresh_from_db()
    assert letter.status == LETTER_LIFECYCLE.transition(action).target_from(state)
    assert _letter_records(letter) == before + 1


@pytest.mark.parametrize(("state", "action"), LETTER_ILLEGAL)
def test_an_illegal_letter_move_is_refused_and_changes_nothing(mailbox, clerk, state, action):
    letter = _letter_in(mailbox, state)
    before = _letter_records(letter)

    with pytest.raises(MoveNotAllowed):
        LETTER_LIFECYCLE.move(letter, action=action, actor=clerk, note="理由")

    assert Letter.objects.get(pk=letter.pk).status == state
    assert _letter_records(letter) == before


def test_a_police_liaison_may_not_decide_an_application(make_staff):
    application = submit()
    police = make_staff(Role.POLICE_LIAISON)

    with pytest.raises(Forbidden):
        APPLICATION_LIFECYCLE.move(application, action="accept", actor=police)
    assert APPLICATION_LIFECYCLE.available(application, police) == []


def test_staff_outside_the_scope_are_offered_nothing_on_an_application(clerk_elsewhere):
    application = submit()  # 转塘

    assert APPLICATION_LIFECYCLE.available_actions(application, clerk_elsewhere) == frozenset()


def test_the_clerk_is_offered_the_review_moves_of_a_new_application(clerk):
    application = submit()

    assert APPLICATION_LIFECYCLE.available_actions(application, clerk) == {
        "accept",
        "request_more",
        "decline",
    }


def test_staff_may_not_take_the_applicants_own_moves(clerk):
    application = _application_in("more_info")

    with pytest.raises(Forbidden):
        APPLICATION_LIFECYCLE.move(application, action="supplement", actor=clerk)
