"""A 110 incident turned into a case is checked for duplicates like any intake (issue 19)."""

import pytest

from jiefen.cases.choices import Channel, LinkKind, LinkState
from jiefen.cases.models import CaseLink
from jiefen.cases.services import ClaimantInput, case_intake
from jiefen.dispatch.services import incident_case_create
from jiefen.dispatch.tests.conftest import VILLAGE
from jiefen.geo.models import Village

pytestmark = pytest.mark.django_db


def test_a_110_call_from_a_worker_with_an_open_case_is_suggested_as_a_duplicate(
    make_incident, leader, clerk
):
    first = case_intake(
        actor=clerk,
        channel=Channel.WALK_IN,
        category="wage_arrears",
        summary="讨要工资",
        village=Village.objects.get(code=VILLAGE),
        claimants=[ClaimantInput(name="李强", phone="13905710000", representative=True)],
    )

    case = incident_case_create(incident=make_incident(), actor=leader)

    link = CaseLink.objects.get(case=case)
    assert (link.other, link.kind, link.state) == (first, LinkKind.DUPLICATE, LinkState.SUGGESTED)
