"""The case page's list of people a case can be given to: kept in the cache, dropped when staff
change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiefen.accounts.choices import Role
from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db


def staff_list_reads(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return sum(
        '"accounts_user"."full_name" AS "full_name"' in q["sql"] for q in ctx.captured_queries
    )


def test_a_second_case_page_does_not_read_the_staff_list_again(client, clerk, leader):
    client.force_login(leader)
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    client.get(f"/cases/{case.pk}/")
    assert staff_list_reads(lambda: client.get(f"/cases/{case.pk}/")) == 0


def test_a_mediator_added_after_a_case_page_is_offered_on_the_next(
    client, clerk, leader, make_staff
):
    client.force_login(leader)
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    client.get(f"/cases/{case.pk}/")
    mediator = make_staff(Role.MEDIATOR, full_name="新来的调解员")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'<option value="{mediator.pk}">新来的调解员' in page
