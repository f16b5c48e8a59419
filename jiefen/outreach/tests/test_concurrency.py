"""Two overlapping runs raise one warning (PostgreSQL: real concurrent transactions)."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from jiefen.core.messages import phrase
from jiefen.outreach import rules
from jiefen.outreach.choices import WarningRule
from jiefen.outreach.models import EarlyWarning
from jiefen.outreach.services import warning_raise
from jiefen.outreach.tests.factories import make_enterprise

pytestmark = [
    pytest.mark.postgres,
    # Skipped before any database work, so SQLite runs do not pay for a flush.
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_runs_racing_for_the_same_finding_raise_one_open_warning(leader):
    ent = make_enterprise(actor=leader)
    finding = rules.Finding(
        rule=WarningRule.SERIOUS_FINDING,
        employer_id=ent.employer_id,
        level="red",
        said=phrase("并发测试"),
        evidence=[rules.Evidence(kind="visit", id=1, label="走访")],
        enterprise_id=ent.pk,
        village_id=ent.village_id,
    )
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(warning_raise(finding=finding))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert EarlyWarning.objects.count() == 1
    assert sorted(r is None for r in results) == [False, True]
