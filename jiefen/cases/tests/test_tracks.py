"""The track contract: how a track opens on a case, and how a case is handed from one to the next."""

import pytest

from jiefen.accounts.choices import Role
from jiefen.cases.choices import CaseStatus, EventKind, Track
from jiefen.cases.models import Case
from jiefen.cases.tests.factories import make_case
from jiefen.cases.tracks import TRACKS, case_track_hand_over, case_track_open
from jiefen.core.exceptions import ApplicationError, ConflictError
from jiefen.core.policy import Forbidden

pytestmark = pytest.mark.django_db


def test_opening_a_track_puts_an_accepted_case_in_hand_and_on_the_track(leader):
    case = make_case(actor=leader, status=CaseStatus.ACCEPTED)

    case_track_open(case=case, track=Track.MEDIATION, actor=leader)

    case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING
    assert Track.MEDIATION in case.tracks


def test_a_second_track_on_a_case_in_hand_moves_it_no_further(leader):
    case = make_case(actor=leader, status=CaseStatus.ACCEPTED)
    case_track_open(case=case, track=Track.MEDIATION, actor=leader)
    moves = case.events.filter(kind=EventKind.TRANSITION).count()

    case_track_open(case=case, track=Track.ARBITRATION, actor=leader)

    assert case.events.filter(kind=EventKind.TRANSITION).count() == moves
    assert set(Case.objects.get(pk=case.pk).tracks) >= {Track.MEDIATION, Track.ARBITRATION}


@pytest.mark.parametrize("status", [CaseStatus.REGISTERED, CaseStatus.RESOLVED, CaseStatus.CLOSED])
def test_a_track_does_not_open_on_a_case_that_is_not_active(leader, status):
    case = make_case(actor=leader, status=status)
    tracks = list(case.tracks or [])

    with pytest.raises(ConflictError, match="不能开始仲裁"):
        case_track_open(case=case, track=Track.ARBITRATION, actor=leader)
    refreshed = Case.objects.get(pk=case.pk)
    assert (refreshed.status, refreshed.tracks or []) == (status, tracks)


def test_a_police_liaison_may_not_open_a_track(make_staff, leader):
    case = make_case(actor=leader, status=CaseStatus.ACCEPTED)

    with pytest.raises(Forbidden):
        case_track_open(case=case, track=Track.MEDIATION, actor=make_staff(Role.POLICE_LIAISON))
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED


def test_the_tracks_register_their_panel_outcome_and_clocks():
    assert {Track.MEDIATION, Track.ARBITRATION} <= set(TRACKS)
    assert TRACKS[Track.ARBITRATION].receive is not None
    assert TRACKS[Track.MEDIATION].clocks


def test_a_case_is_not_handed_to_a_track_that_takes_none(leader):
    case = make_case(actor=leader, status=CaseStatus.HANDLING)

    with pytest.raises(ApplicationError, match="不接收"):
        case_track_hand_over(
            case=case,
            from_track=Track.ARBITRATION,
            to_track=Track.MEDIATION,
            actor=leader,
            reason="试图转回调解",
        )
