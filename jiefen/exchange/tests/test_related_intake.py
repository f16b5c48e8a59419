"""A case the province transfers in is checked for duplicates like any intake (issue 19)."""

import pytest

from jiefen.cases.choices import Channel, LinkKind
from jiefen.cases.models import CaseLink
from jiefen.cases.services import ClaimantInput, case_intake
from jiefen.cases.tests.factories import id_number
from jiefen.exchange.tests.test_exchange import post_signed, provincial_message
from jiefen.geo.models import Village

pytestmark = pytest.mark.django_db


def test_a_transferred_case_of_a_worker_with_an_open_case_is_suggested_as_a_duplicate(
    client, clerk
):
    first = case_intake(
        actor=clerk,
        channel=Channel.WALK_IN,
        category="wage_arrears",
        summary="拖欠工资",
        village=Village.objects.get(code="330106010002"),
        claimants=[
            ClaimantInput(
                name="赵强", id_number=id_number(501), phone="13905715555", representative=True
            )
        ],
    )

    response, _h, _r = post_signed(client, provincial_message())

    assert response.status_code == 201
    link = CaseLink.objects.get()
    assert (link.other, link.kind) == (first, LinkKind.DUPLICATE)
    assert link.case.channel == Channel.PROVINCIAL
