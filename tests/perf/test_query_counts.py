"""No page reads more queries as the rows grow: the same count for 3 cases as for 30 (no N+1).

The benchmark (`make bench`) measures the pages at 100,000 and 1,000,000 cases; these guards keep
the query shapes it measured from drifting back into a query per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiefen.cases.choices import CaseStatus, EventKind
from jiefen.cases.services import case_event_add
from jiefen.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db


def queries_for(call, status: int = 200) -> int:
    call()  # warm: sessions, the calendar and other per-process caches are not what we count
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == status, response.content[:300]
    return len(ctx.captured_queries)


def make_cases(n: int, *, actor) -> None:
    statuses = [CaseStatus.RECEIVED, CaseStatus.HANDLING, CaseStatus.RESOLVED]
    for i in range(n):
        make_case(actor=actor, status=statuses[i % len(statuses)])


def test_the_case_list_reads_as_many_queries_for_30_cases_as_for_3(client, clerk, leader):
    client.force_login(leader)
    make_cases(3, actor=clerk)
    few = queries_for(lambda: client.get("/cases/"))
    make_cases(27, actor=clerk)
    many = queries_for(lambda: client.get("/cases/"))
    assert many == few


def test_the_filtered_case_list_reads_as_many_queries_for_30_cases_as_for_3(client, clerk, leader):
    client.force_login(leader)
    query = {"street": "330106010", "status": "handling,received,resolved", "q": "工资"}
    make_cases(3, actor=clerk)
    few = queries_for(lambda: client.get("/cases/", query))
    make_cases(27, actor=clerk)
    many = queries_for(lambda: client.get("/cases/", query))
    assert many == few


def test_the_api_case_list_reads_as_many_queries_for_30_cases_as_for_3(api_as, clerk, leader):
    api = api_as(leader)
    make_cases(3, actor=clerk)
    few = queries_for(lambda: api.get("/api/v1/cases/"))
    make_cases(27, actor=clerk)
    many = queries_for(lambda: api.get("/api/v1/cases/"))
    assert many == few


def test_a_case_page_reads_as_many_queries_with_30_timeline_entries_and_12_claimants_as_with_few(
    client, clerk, leader
):
    client.force_login(leader)
    small = make_case(actor=clerk, status=CaseStatus.HANDLING)
    big = make_case(actor=clerk, status=CaseStatus.HANDLING, claimants=12)
    for i in range(30):
        case_event_add(case=big, actor=clerk, kind=EventKind.NOTE, summary=f"第{i}次电话联系")
    few = queries_for(lambda: client.get(f"/cases/{small.pk}/"))
    many = queries_for(lambda: client.get(f"/cases/{big.pk}/"))
    assert many == few


def test_the_api_case_reads_as_many_queries_with_12_claimants_as_with_1(api_as, clerk, leader):
    api = api_as(leader)
    small = make_case(actor=clerk, status=CaseStatus.HANDLING)
    big = make_case(actor=clerk, status=CaseStatus.HANDLING, claimants=12)
    few = queries_for(lambda: api.get(f"/api/v1/cases/{small.pk}/"))
    many = queries_for(lambda: api.get(f"/api/v1/cases/{big.pk}/"))
    assert many == few


def test_the_dashboard_reads_as_many_queries_for_30_cases_as_for_3(client, clerk, leader):
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("reports:dashboard")
    except NoReverseMatch:
        pytest.skip("the reports app's dashboard is not on this branch yet")
    client.force_login(leader)
    make_cases(3, actor=clerk)
    few = queries_for(lambda: client.get(url))
    make_cases(27, actor=clerk)
    many = queries_for(lambda: client.get(url))
    assert many == few


# Absolute caps: the counts reached (issue 20), in this test database (SQLite counts each
# SAVEPOINT and RELEASE as a statement, as PostgreSQL's round trips do). Lower a cap when a page
# gets cheaper; a change that raises one must cut elsewhere. The budgets are lower still
# (case page 12, registration 20): not met yet, see docs/scaling.md. The caps rose when the
# branches of the same stop met (perf cut the case page to 32, registration to 58, before): the
# related-cases panel and the duplicate check at intake (issue 19), the district of a scope
# (issue 21) and stored messages (issue 22) added 7, 1 and 9. Registration then fell from 67
# to 35 (issue 20): services called by services join one transaction (jiefen.core.transactions,
# 20 SAVEPOINT/RELEASE fewer), the case number in one UPDATE ... RETURNING, the intake clocks
# and first timeline entries in one INSERT each, the audit head read once per transaction,
# nothing read again that intake has in hand. Of the 35, 4 are savepoints: this test's
# transaction around the view's (2; in production that is BEGIN/COMMIT) and the guard around
# the new worker's INSERT (2; a concurrent registration of the same person is caught there).
# The case page read 39 when the stop's branches met (each installed panel asked its own
# tables, empty or not); it reads 16 since its panels' tables are probed with the case (`jiefen.cases.panels`): session and user 2,
# the case with the probe 1, the audit entry 5 (3 statements and the transaction's 2), the
# clocks 1, claimants, timeline, claims and assignees 4, the calendar 1, the mediation panel's
# mediators 1, the unread notifications 1. With every track open (41 before), one query a track.
CASE_PAGE_MAX = 16
CASE_PAGE_EVERY_TRACK_MAX = 18
CASE_LIST_MAX = 11
REGISTER_MAX = 35


def test_a_case_page_in_hand_reads_at_most_its_cap(client, clerk, leader):
    client.force_login(leader)
    case = make_case(actor=clerk, status=CaseStatus.HANDLING, claimants=3)
    assert queries_for(lambda: client.get(f"/cases/{case.pk}/")) <= CASE_PAGE_MAX


def test_a_case_page_with_every_track_open_reads_at_most_its_cap(client, clerk, leader, make_staff):
    from conftest import ZHUANTANG
    from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
    from jiefen.arbitration.services import application_file
    from jiefen.cases.choices import Category
    from jiefen.inspection.services import complaint_receive_from_case
    from jiefen.mediation.services import mediation_start

    street = {"scope_level": ScopeLevel.STREET, "scope_code": ZHUANTANG}
    mediator = make_staff(Role.MEDIATOR, **street)
    inspector = make_staff(
        Role.LABOR_INSPECTOR, department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD, **street
    )
    # Wage arrears: triage puts the case on the inspection track as well as on mediation.
    case = make_case(
        actor=clerk, status=CaseStatus.HANDLING, claimants=3, category=Category.WAGE_ARREARS
    )
    mediation_start(case=case, mediator=mediator, actor=clerk)
    application_file(case=case, actor=clerk)
    complaint_receive_from_case(case=case, actor=inspector, allegation="拖欠工资")
    client.force_login(leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert all(
        f'data-testid="panel-{t}"' in page for t in ("mediation", "arbitration", "inspection")
    )

    assert queries_for(lambda: client.get(f"/cases/{case.pk}/")) <= CASE_PAGE_EVERY_TRACK_MAX


def test_the_case_list_reads_at_most_its_cap(client, clerk, leader):
    client.force_login(leader)
    make_cases(6, actor=clerk)
    query = {"street": "330106010", "status": "handling"}
    assert queries_for(lambda: client.get("/cases/", query)) <= CASE_LIST_MAX


def test_registering_a_case_through_the_api_writes_at_most_its_cap(api_as, clerk):
    api = api_as(clerk)

    numbers = iter(range(10))

    def register():
        i = next(numbers)
        body = {
            "village_code": "330106010002",
            "category": "wage_arrears",
            "channel": "walk_in",
            "summary": "申请人在某建筑工地从事钢筋工作，包工头拖欠三个月工资共计两万四千元。",
            "claimants": [{"name": "测试申请人", "phone": f"1391234567{i}"}],
            "claims": [{"item": "支付拖欠工资", "amount": "24000.00"}],
            "employer": {"name": "杭州基准测试建筑工程有限公司"},
        }
        return api.post("/api/v1/cases/", body, format="json")

    assert queries_for(register, status=201) <= REGISTER_MAX


def test_a_case_page_reads_as_many_queries_with_three_people_assigned_as_with_one(
    client, clerk, leader, make_staff
):
    from jiefen.accounts.choices import Role
    from jiefen.cases.choices import Duty
    from jiefen.cases.models import Assignment

    client.force_login(leader)
    one = make_case(actor=clerk, status=CaseStatus.HANDLING)
    three = make_case(actor=clerk, status=CaseStatus.HANDLING)
    mediators = [make_staff(Role.MEDIATOR) for _ in range(3)]
    Assignment.objects.create(case=one, user=mediators[0], duty=Duty.MEDIATOR)
    for mediator in mediators:
        Assignment.objects.create(case=three, user=mediator, duty=Duty.MEDIATOR)
    few = queries_for(lambda: client.get(f"/cases/{one.pk}/"))
    many = queries_for(lambda: client.get(f"/cases/{three.pk}/"))
    assert many == few
