"""The benchmark's seeder leaves the schema as the migrations made it: every index it dropped
for the load is built again, valid, on every partition of the timeline. Its records are ones the
system itself would accept (the bench registers against its employers by credit code)."""

from __future__ import annotations

import pytest
from django.db import connection

from bench.seed import seed
from jiefen.parties.models import Employer
from jiefen.parties.validators import validate_credit_code


def test_seeding_builds_the_timeline_index_on_every_partition(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the seeder drops and builds indexes on PostgreSQL only")
    seed(cases=60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid")
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT p.inhrelid::regclass::text FROM pg_inherits p "
            "WHERE p.inhparent = 'cases_caseevent'::regclass AND NOT EXISTS ("
            " SELECT 1 FROM pg_indexes i WHERE i.tablename = p.inhrelid::regclass::text"
            " AND i.indexdef LIKE '%%(case_id, at)%%')"
        )
        assert cursor.fetchall() == []


def test_seeded_employers_credit_codes_pass_the_registers_check(transactional_db):
    seed(cases=30)
    codes = list(Employer.objects.values_list("credit_code", flat=True))
    assert codes
    for code in codes:
        validate_credit_code(code)  # raises on a wrong check character
