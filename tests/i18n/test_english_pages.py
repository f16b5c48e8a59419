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

# Pages still to be turned around (issue 22), with why; this list only shrinks.
NOT_YET = {
    # Found when this stop's branches met (the charts', the related cases' and the districts'
    # pages were written beside the English sweep); each entry goes once its page is clean.
    "/reports/": "the charts' captions write their unit and period in Chinese brackets and "
    "the Chinese month (jiefen/reports/charts.py)",
    "/cases/collective/": "a representative is listed as name（number） with Chinese brackets",
    "/centre/majors/": "a leader's instruction is free text not yet marked lang=zh",
    "/portal/receipt/": "the printed receipt's issuing body is the district's Chinese name, "
    "unmarked",
    "/calculators/calculations/": "a calculation's formulas, basis and caveats are built as Chinese "
    "sentences (jiefen/calculators/compute) and kept with the calculation",
}


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

    left = {f: where for f, where in found.items() if not all(_not_yet(w) for w in where)}
    assert not left, "Chinese system text on English pages:\n" + "\n".join(
        f"{finding}  @ {', '.join(where[:3])}" for finding, where in sorted(left.items())
    )
    # A page on the list that reads in English now comes off it: the list only shrinks.
    done = [p for p in NOT_YET if not any(p in w for where in found.values() for w in where)]
    assert done == []


def _not_yet(where: str) -> bool:
    return any(prefix in where for prefix in NOT_YET)
