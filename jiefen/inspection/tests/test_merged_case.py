"""A case merged into another is handled under that case's number: its inspection is held with
it."""

import pytest

from jiefen.cases.models import CaseLink
from jiefen.cases.services import case_merge
from jiefen.cases.tests.factories import make_duplicate
from jiefen.core.lifecycle import MoveHeld
from jiefen.inspection.services import complaint_receive_from_case, inspection_open

pytestmark = pytest.mark.django_db


def test_the_inspection_of_a_merged_case_takes_no_move(clerk, inspector):
    case = make_duplicate(actor=clerk)
    inspection = complaint_receive_from_case(case=case, actor=inspector, allegation="拖欠工资")
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    inspection.refresh_from_db()
    before = (inspection.status, inspection.version)

    with pytest.raises(MoveHeld):
        inspection_open(inspection=inspection, actor=inspector)

    inspection.refresh_from_db()
    assert (inspection.status, inspection.version) == before
