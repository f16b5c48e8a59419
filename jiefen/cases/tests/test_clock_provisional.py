"""A due date in a year whose holiday schedule is not published is provisional, on the case page
and in the API; loading the schedule derives it again and says so on the case's timeline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jiefen.accounts.choices import Role
from jiefen.accounts.models import Notification
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.clocks import RESOLVE_7
from jiefen.cases.services.calendar import calendar_reminder_send
from jiefen.cases.tests.factories import make_case
from jiefen.workdays.models import CalendarYear
from jiefen.workdays.services import calendar_load

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")

# A schedule for 2027 as the State Council might publish it (made up for the test): New Year
# off 1–4 January, Saturday 9 January worked.
SCHEDULE_2027 = {
    "years": {
        "2027": {
            "holidays": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"],
            "statutory_days": ["2027-01-01"],
            "workdays": ["2027-01-09"],
            "notice": {"title": "国务院办公厅关于2027年部分节假日安排的通知（测试）"},
        }
    }
}


@pytest.fixture
def accepted_in_late_december(leader):
    """Accepted Mon 28 Dec 2026: the 7-working-day target runs into 2027."""
    with time_machine.travel(dt.datetime(2026, 12, 28, 10, tzinfo=CST), tick=False):
        return make_case(
            actor=leader,
            status=S.ACCEPTED,
            received_at=dt.datetime(2026, 12, 28, 9, tzinfo=CST),
        )


def test_a_due_date_in_an_unpublished_year_is_provisional_then_recomputed_when_loaded(
    accepted_in_late_december, leader, client, api_as
):
    case = accepted_in_late_december
    assert not CalendarYear.objects.get(year=2027).published
    clock = case.clocks.get(kind=RESOLVE_7)
    # 29, 30, 31 Dec; 1 Jan 2027 is a statutory holiday (known); then 4, 5, 6, 7 Jan.
    assert clock.due_at.astimezone(CST).date() == dt.date(2027, 1, 7)
    assert clock.provisional

    client.force_login(leader)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="provisional"' in page
    assert "2027年放假安排尚未公布" in page
    deadlines = api_as(leader).get(f"/api/v1/cases/{case.pk}/").json()["deadlines"]
    resolve = next(d for d in deadlines if d["kind"] == RESOLVE_7)
    assert resolve["provisional"] is True
    assert "2027年放假安排尚未公布" in resolve["provisional_note"]

    calendar_load(data=SCHEDULE_2027)

    clock.refresh_from_db()
    # With 4 Jan off: 29, 30, 31 Dec, then 5, 6, 7, 8 Jan.
    assert clock.due_at.astimezone(CST).date() == dt.date(2027, 1, 8)
    assert not clock.provisional
    entry = case.events.filter(kind="clock", summary__startswith="时限重新计算").get(
        data__clock=RESOLVE_7
    )
    assert "2027-01-07改为2027-01-08" in entry.summary
    assert "2027年" in entry.note
    deadlines = api_as(leader).get(f"/api/v1/cases/{case.pk}/").json()["deadlines"]
    assert next(d for d in deadlines if d["kind"] == RESOLVE_7)["provisional"] is False


def test_administrators_are_reminded_from_november_once_a_day_until_the_schedule_is_loaded(
    make_staff,
):
    admin = make_staff(Role.ADMINISTRATOR)

    sent_october = calendar_reminder_send(now=dt.datetime(2026, 10, 31, 9, tzinfo=CST))
    sent = calendar_reminder_send(now=dt.datetime(2026, 11, 1, 9, tzinfo=CST))
    again = calendar_reminder_send(now=dt.datetime(2026, 11, 1, 15, tzinfo=CST))
    calendar_load(data=SCHEDULE_2027)
    after = calendar_reminder_send(now=dt.datetime(2026, 11, 2, 9, tzinfo=CST))

    assert (sent_october, sent, again, after) == (0, 1, 0, 0)
    assert Notification.objects.get(user=admin).message.startswith("2027年的放假安排尚未录入")


def test_the_rules_page_reminds_an_administrator_of_the_missing_schedule(client, make_staff):
    admin = make_staff(Role.ADMINISTRATOR)
    client.force_login(admin)

    with time_machine.travel(dt.datetime(2026, 12, 6, 10, tzinfo=CST), tick=False):
        page = client.get("/cases/clock-rules/").content.decode()

    assert 'data-testid="calendar-reminder"' in page
    assert "2027年的放假安排尚未录入" in page


def test_the_case_list_marks_a_provisional_due_date_with_its_reason(
    accepted_in_late_december, leader, client
):
    client.force_login(leader)
    page = client.get("/cases/", {"q": accepted_in_late_december.number}).content.decode()
    rows = page.split("<tbody")[1].split("<tr>")
    row = next(r for r in rows if accepted_in_late_december.number in r)
    assert 'data-testid="provisional"' in row
    assert "2027年放假安排尚未公布" in row
