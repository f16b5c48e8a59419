"""Every page of every role, and the portal, read in English holds no Chinese system text: only
names, places and what people typed, which are marked `lang="zh"` or come from the data (issue 22).

The walk is the role walk's (every routed URL, tests/kernel) over the demo district, plus each
role's own cases and the portal pages of a case its party confirmed; see tests/i18n/walk.py."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from tests.i18n.walk import known_data, portal_findings, staff_findings, stored_findings

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _language_restored():
    """A request in English leaves English active in the thread: later tests read Chinese."""
    yield
    translation.deactivate()


def test_no_english_page_of_any_role_or_of_the_portal_shows_chinese_system_text():
    if connection.vendor != "sqlite":
        pytest.skip("the pages' words do not depend on the database; it runs in the SQLite stage")
    call_command("seed_demo")
    known = known_data()

    found = {**portal_findings(known), **staff_findings(known), **stored_findings(known)}

    assert not found, "Chinese system text on English pages:\n" + "\n".join(
        f"{finding}  @ {', '.join(where[:3])}" for finding, where in sorted(found.items())
    )
