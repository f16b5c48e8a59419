"""The indexes the benchmark's targets rely on (docs/scaling.md) exist in the migrated schema."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: c for name, c in found.items() if c["index"] or c["unique"]}


@pytest.mark.parametrize(
    ("table", "name", "columns"),
    [
        # The list's default order (received, newest first, then id): the first page is a scan of
        # 50 index entries, not a sort of every case.
        ("cases_case", "case_recv_order_idx", ["received_at", "id"]),
        # The list filtered by state, newest first.
        ("cases_case", "case_status_recv_idx", ["status", "received_at"]),
        # The street and village filters and the scope of street and village staff.
        ("cases_case", "case_village_status_idx", ["village_id", "status"]),
        # The duplicate check at intake: open cases with a claimant of the same phone.
        ("cases_claimant", "claimant_phone_idx", ["phone_hash"]),
        # The case page's timeline, in order.
        ("cases_caseevent", "event_case_at_idx", ["case_id", "at"]),
        # The overdue sweep reads open clocks only.
        (
            "cases_clock",
            "clock_open_due_cover_idx",
            ["due_at", "paused_at", "case_id", "village_id"],
        ),
        # The reports: conclusions by state and period with their outcome; clocks met or fallen
        # due by kind and period, with their place.
        (
            "cases_case",
            "case_concluded_cover_idx",
            ["status", "concluded_at", "outcome", "accepted_at", "village_id"],
        ),
        ("cases_case", "case_village_recv_idx", ["village_id", "received_at"]),
        (
            "cases_clock",
            "clock_kind_met_idx",
            ["kind", "met_at", "due_at", "cancelled", "village_id"],
        ),
        (
            "cases_clock",
            "clock_kind_due_idx",
            ["kind", "due_at", "met_at", "paused_at", "cancelled", "village_id"],
        ),
        ("cases_clock", "clock_sweep_due_idx", ["due_at", "id"]),
        # Scope by assignment: a person's active cases.
        ("cases_assignment", "assignment_user_active_idx", ["user_id", "active"]),
        # Geo scope: a street's villages by code prefix.
        ("geo_village", None, ["code"]),
    ],
)
def test_the_index_the_targets_rely_on_exists(table, name, columns):
    found = indexes(table)
    if name is None:
        assert any(c["columns"] == columns for c in found.values()), found
    else:
        assert name in found, sorted(found)
        assert found[name]["columns"] == columns


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram index: PostgreSQL only")
def test_keyword_search_has_a_trigram_gin_index_on_postgresql():
    found = indexes("cases_case")
    assert found["case_search_trgm_idx"]["type"] == "gin"
    assert found["case_search_trgm_idx"]["columns"] == ["search_text"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram index: PostgreSQL only")
def test_a_three_character_chinese_search_uses_the_trigram_index_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM cases_case WHERE search_text LIKE %s", ["%建设有%"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_search_trgm_idx" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bigram index: PostgreSQL only")
def test_a_two_character_search_uses_the_bigram_index_on_postgresql():
    from jiefen.cases.models import Case
    from jiefen.cases.selectors import HasBigram

    sql, params = Case.objects.filter(HasBigram("王芳")).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Nor a walk of the whole primary key filtering each row, which the planner may cost
        # lower on a near-empty table once other tests have left it analysed that way.
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_search_bigram_idx" in plan, plan
