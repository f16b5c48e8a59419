import pytest

from jiefen.cases.tests.factories import make_case
from jiefen.outreach.selectors import OUTSIDE_SCOPE_LABEL, evidence_for_user

pytestmark = pytest.mark.django_db


def test_a_case_outside_the_scope_keeps_its_place_but_not_its_number(clerk, leader):
    inside = make_case(actor=leader, village_code="330106010002")
    outside = make_case(actor=leader, village_code="330106109001")
    evidence = [
        {"kind": "case", "id": inside.pk, "label": inside.number, "url": "/cases/1/"},
        {"kind": "case", "id": outside.pk, "label": outside.number, "url": "/cases/2/"},
        {"kind": "visit", "id": 7, "label": "走访", "url": "/outreach/visits/7/"},
    ]

    shown = evidence_for_user(user=clerk, evidence=evidence)

    assert shown[0] == evidence[0]
    assert shown[1]["label"] == OUTSIDE_SCOPE_LABEL
    assert outside.number not in str(shown)
    assert shown[2] == evidence[2]
