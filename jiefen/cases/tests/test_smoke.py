import pytest

from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_a_case_goes_from_receipt_to_closure(leader, make_staff):
    case = make_case(actor=leader, status=CaseStatus.CLOSED)
    assert case.status == CaseStatus.CLOSED
    assert case.number.startswith("XH")
    assert case.events.count() > 5
