import pytest

from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.choices import EventKind
from jiefen.cases.models import Case
from jiefen.cases.services import TransitionNotAllowed, case_act
from jiefen.cases.tests.factories import make_case
from jiefen.cases.transitions import ACTIONS, CASE_LIFECYCLE
from jiefen.core.testing import lifecycle_pairs

pytestmark = pytest.mark.django_db

LEGAL, ILLEGAL = lifecycle_pairs(CASE_LIFECYCLE)


@pytest.mark.parametrize(("status", "action"), LEGAL)
def test_legal_move_changes_status_and_writes_one_timeline_entry(leader, status, action):
    case = make_case(actor=leader, status=status)
    before = case.events.filter(kind=EventKind.TRANSITION).count()

    case_act(case=case, action=action, actor=leader, note="理由")

    case.refresh_from_db()
    assert case.status == ACTIONS[action].target_from(status)
    last = case.events.filter(kind=EventKind.TRANSITION).order_by("-id").first()
    assert (last.old_status, last.new_status) == (status, case.status)
    assert case.events.filter(kind=EventKind.TRANSITION).count() == before + 1


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_illegal_move_is_refused_and_changes_nothing(leader, status, action):
    case = make_case(actor=leader, status=status)
    events_before = case.events.count()

    with pytest.raises(TransitionNotAllowed) as exc:
        case_act(case=case, action=action, actor=leader, note="理由")

    assert exc.value.status_code == 409
    case.refresh_from_db()
    assert case.status == status
    assert case.events.count() == events_before


def test_decline_without_a_reason_is_refused(leader):
    from django.core.exceptions import ValidationError

    case = make_case(actor=leader, status=S.REGISTERED)
    with pytest.raises(ValidationError, match="不予受理理由"):
        case_act(case=case, action="decline", actor=leader, note="  ")
    assert Case.objects.get(pk=case.pk).status == S.REGISTERED


def test_reopen_is_for_leaders_only(clerk, leader):
    from jiefen.core.policy import Forbidden as PermissionError_

    case = make_case(actor=leader, status=S.CLOSED)
    with pytest.raises(PermissionError_):
        case_act(case=case, action="reopen", actor=clerk, note="当事人反映协议未履行")
    assert Case.objects.get(pk=case.pk).status == S.CLOSED


def test_reopened_closed_case_returns_to_handling_with_the_reason_on_the_timeline(leader):
    case = make_case(actor=leader, status=S.CLOSED)
    case_act(case=case, action="reopen", actor=leader, note="当事人反映协议未履行")
    assert case.status == S.HANDLING
    assert case.events.order_by("-id").first().note == "当事人反映协议未履行"


def test_closing_keeps_the_outcome_the_case_was_concluded_with(leader):
    case = make_case(actor=leader, status=S.HANDLING)
    case_act(case=case, action="mark_unresolved", actor=leader, note="用人单位拒不履行")
    case_act(case=case, action="close", actor=leader)
    assert Case.objects.get(pk=case.pk).outcome == S.UNRESOLVED


def test_reopening_clears_the_outcome(leader):
    case = make_case(actor=leader, status=S.HANDLING)
    case_act(case=case, action="resolve", actor=leader, note="双方达成协议")
    case_act(case=case, action="reopen", actor=leader, note="当事人反映协议未履行")
    assert Case.objects.get(pk=case.pk).outcome == ""


def test_accept_needs_an_employer(leader):
    from django.core.exceptions import ValidationError

    case = make_case(actor=leader, status=S.REGISTERED)
    Case.objects.filter(pk=case.pk).update(employer=None)
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="用人单位"):
        case_act(case=case, action="accept", actor=leader)


def test_a_second_move_from_a_stale_copy_is_refused(leader):
    from jiefen.cases.services import CaseChangedMeanwhile

    case = make_case(actor=leader, status=S.REGISTERED)
    stale = Case.objects.get(pk=case.pk)
    case_act(case=case, action="accept", actor=leader)
    stale.status = S.REGISTERED  # what the second clerk's page still shows
    with pytest.raises(CaseChangedMeanwhile, match="领导"):
        case_act(case=stale, action="decline", actor=leader, note="不属于劳动争议")
    assert Case.objects.get(pk=case.pk).status == S.ACCEPTED


def test_a_move_on_a_stale_copy_is_refused_and_writes_nothing(leader):
    from jiefen.cases.services import CaseChangedMeanwhile

    case = make_case(actor=leader, status=S.REGISTERED)
    stale = Case.objects.get(pk=case.pk)
    case_act(case=case, action="answer", actor=leader, note="已告知维权途径")
    events_before = case.events.count()

    with pytest.raises(CaseChangedMeanwhile):
        case_act(case=stale, action="decline", actor=leader, note="不属于受理范围")

    case.refresh_from_db()
    assert case.status == S.ANSWERED
    assert case.events.count() == events_before


def test_a_police_liaison_is_offered_no_move_and_refused_one(make_staff, leader):
    from jiefen.accounts.choices import Role
    from jiefen.core.policy import Forbidden

    police = make_staff(Role.POLICE_LIAISON)
    case = make_case(actor=leader, status=S.REGISTERED)

    assert CASE_LIFECYCLE.available(case, police) == []
    with pytest.raises(Forbidden):
        case_act(case=case, action="accept", actor=police)
    assert Case.objects.get(pk=case.pk).status == S.REGISTERED


def test_a_street_clerk_may_not_move_a_case_of_another_street(clerk_elsewhere, leader):
    from jiefen.core.policy import Forbidden

    case = make_case(actor=leader, status=S.REGISTERED, village_code="330106010002")

    with pytest.raises(Forbidden):
        case_act(case=case, action="accept", actor=clerk_elsewhere)
    assert Case.objects.get(pk=case.pk).status == S.REGISTERED
