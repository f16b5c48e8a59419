"""PostgreSQL keeps the plan of a statement a connection runs again and again: the case page's own
query took longer to plan than to run (docs/scaling.md)."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's prepared statements"
    ),
]

MARK = "/* test_prepared_statements */"


def prepared(mark: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE strpos(statement, %s) > 0", [mark]
        )
        return cursor.fetchone()[0]


def test_a_statement_run_five_times_is_prepared_once_with_its_parameters_apart():
    with connection.cursor() as cursor:
        for pk in range(1, 5):
            cursor.execute(f"SELECT id FROM cases_case WHERE id = %s {MARK}", [pk])
        assert prepared(MARK) == 0
        for pk in range(5, 9):  # the fifth run and after: the same statement, kept
            cursor.execute(f"SELECT id FROM cases_case WHERE id = %s {MARK}", [pk])
    assert prepared(MARK) == 1
