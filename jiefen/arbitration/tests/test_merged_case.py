"""A case merged into another is handled under that case's number: its arbitration application
is held with it."""

import pytest

from jiefen.arbitration.services import application_accept, application_file
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
