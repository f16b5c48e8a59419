from types import SimpleNamespace

import pytest

from jiefen.accounts.choices import DepartmentKind as K
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.choices import Category, Track
from jiefen.cases.services import case_act
from jiefen.cases.tests.factories import make_case
from jiefen.cases.triage import MASS_GATHERING, triage


def dispute(**kw):
    base = {
        "collective": False,
        "claimant_count": 1,
        "people_gathered": 0,
        "extreme_behaviour": False,
        "suspected_extortion": False,
        "category": Category.LABOR_CONTRACT,
    }
    return SimpleNamespace(**{**base, **kw})


def test_an_ordinary_employment_dispute_is_led_by_the_mediation_committee():
    decision = triage(dispute())
    assert decision.lead == K.MEDIATION_COMMITTEE
    assert decision.tracks == [Track.MEDIATION]
    assert decision.rule_names == "employment"


def test_a_collective_dispute_is_led_by_the_governance_section_with_mediation_assisting():
    decision = triage(dispute(collective=True, claimant_count=12))
    assert decision.lead == K.GOVERNANCE_SECTION
    assert K.MEDIATION_COMMITTEE in decision.assisting
    assert set(decision.tracks) >= {Track.GOVERNANCE, Track.MEDIATION}


def test_a_crowd_at_the_threshold_makes_it_governance_led():
    assert triage(dispute(people_gathered=MASS_GATHERING)).lead == K.GOVERNANCE_SECTION


def test_a_crowd_just_below_the_threshold_does_not():
    assert triage(dispute(people_gathered=MASS_GATHERING - 1)).lead == K.MEDIATION_COMMITTEE


def test_extreme_behaviour_makes_it_governance_led():
    assert triage(dispute(extreme_behaviour=True)).lead == K.GOVERNANCE_SECTION


def test_suspected_extortion_brings_in_the_police():
    decision = triage(dispute(suspected_extortion=True))
    assert Track.POLICE in decision.tracks
    assert K.POLICE_OFFICE in decision.assisting
    assert decision.lead == K.MEDIATION_COMMITTEE


@pytest.mark.parametrize(
    "category", [Category.WAGE_ARREARS, Category.SOCIAL_INSURANCE, Category.WORKING_HOURS]
)
def test_wage_arrears_and_other_violations_open_an_inspection_track(category):
    decision = triage(dispute(category=category))
    assert Track.INSPECTION in decision.tracks
    assert K.LABOR_INSPECTION_SQUAD in decision.assisting


@pytest.mark.parametrize(
    "category", [Category.LABOR_CONTRACT, Category.WORK_INJURY, Category.SEVERANCE, Category.OTHER]
)
def test_other_categories_open_no_inspection_track(category):
    assert Track.INSPECTION not in triage(dispute(category=category)).tracks


@pytest.mark.django_db
def test_acceptance_records_the_rule_that_fired_and_its_reason(leader):
    case = make_case(actor=leader, status=S.REGISTERED, category=Category.WAGE_ARREARS)
    case_act(case=case, action="accept", actor=leader)
    case.refresh_from_db()
    assert case.lead_department.kind == K.MEDIATION_COMMITTEE
    assert case.lead_department.street == case.village.street
    assert case.tracks == [Track.INSPECTION, Track.MEDIATION]
    event = case.events.get(kind="triage")
    assert "劳动监察" in event.note and "调解委员会牵头" in event.note


@pytest.mark.django_db
def test_staff_can_override_triage_with_a_reason(leader):
    case = make_case(actor=leader, status=S.REGISTERED)
    case_act(
        case=case,
        action="accept",
        actor=leader,
        lead_kind=K.TRADE_UNION,
        tracks=[Track.MEDIATION],
        override_reason="工会已介入",
    )
    case.refresh_from_db()
    assert case.lead_department.kind == K.TRADE_UNION
    assert case.triage_rule == "override"
    assert case.events.filter(kind="triage", note="工会已介入").exists()


@pytest.mark.django_db
def test_an_override_without_a_reason_is_refused(leader):
    from django.core.exceptions import ValidationError

    case = make_case(actor=leader, status=S.REGISTERED)
    with pytest.raises(ValidationError, match="理由"):
        case_act(case=case, action="accept", actor=leader, lead_kind=K.TRADE_UNION)
    case.refresh_from_db()
    assert case.status == S.REGISTERED
