import pytest

from jiefen.accounts.notifications import notify
from jiefen.core.senders import ConsoleSender

pytestmark = pytest.mark.django_db


def test_notify_writes_in_app_and_sends_an_sms_copy_after_commit(
    clerk, django_capture_on_commit_callbacks
):
    clerk.phone = "13900001111"
    clerk.save()
    ConsoleSender.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[clerk, clerk], message="案件已超期")
    assert clerk.notifications.count() == 1
    assert [(m.channel, m.to) for m in ConsoleSender.sent] == [("sms", "13900001111")]


def test_opening_the_notifications_page_marks_them_read(client, clerk):
    notify(users=[clerk], message="新案件", sms=False)
    client.force_login(clerk)
    assert "新案件" in client.get("/accounts/notifications/").content.decode()
    assert clerk.notifications.filter(read_at__isnull=True).count() == 0


def test_the_menu_badge_counts_unread_notifications(client, clerk):
    notify(users=[clerk], message="新案件", sms=False)
    notify(users=[clerk], message="案件已超期", sms=False)
    client.force_login(clerk)

    html = client.get("/cases/").content.decode()

    assert '<span class="badge text-bg-danger">2</span>' in html


def test_a_page_with_track_panels_counts_the_unread_notifications_once(client, clerk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jiefen.cases.tests.factories import make_case

    case = make_case(actor=clerk, status="handling")
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/cases/{case.pk}/")

    counted = [q for q in queries.captured_queries if "accounts_notification" in q["sql"]]
    assert len(counted) == 1


def test_the_case_page_badge_shows_the_unread_count_read_with_the_case(client, clerk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jiefen.accounts.notifications import notifications_mark_read
    from jiefen.cases.tests.factories import make_case

    notify(users=[clerk], message="已读的通知", sms=False)
    notifications_mark_read(user=clerk)
    notify(users=[clerk], message="新案件", sms=False)
    notify(users=[clerk], message="案件已超期", sms=False)
    case = make_case(actor=clerk, status="handling")
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/cases/{case.pk}/").content.decode()

    assert '<span class="badge text-bg-danger">2</span>' in html
    [counted] = [q["sql"] for q in queries.captured_queries if "accounts_notification" in q["sql"]]
    assert "cases_case" in counted


def test_each_reader_of_a_case_page_sees_their_own_unread_count(client, clerk, make_staff):
    from jiefen.cases.tests.factories import make_case

    other = make_staff(username="another-clerk")
    notify(users=[clerk], message="新案件", sms=False)
    notify(users=[clerk], message="案件已超期", sms=False)
    notify(users=[other], message="新案件", sms=False)
    case = make_case(actor=clerk, status="handling")

    client.force_login(clerk)
    first = client.get(f"/cases/{case.pk}/").content.decode()
    client.force_login(other)
    second = client.get(f"/cases/{case.pk}/").content.decode()

    assert '<span class="badge text-bg-danger">2</span>' in first
    assert '<span class="badge text-bg-danger">1</span>' in second


def test_the_case_page_shows_no_badge_when_everything_is_read(client, clerk):
    from jiefen.cases.tests.factories import make_case

    case = make_case(actor=clerk, status="handling")
    client.force_login(clerk)

    html = client.get(f"/cases/{case.pk}/").content.decode()

    assert 'data-testid="notifications"' in html
    assert "badge text-bg-danger" not in html


def test_a_count_known_for_the_request_is_dropped_when_the_notifications_are_read(clerk):
    from jiefen.accounts.notifications import (
        notifications_mark_read,
        unread_count,
        unread_count_known,
    )

    notify(users=[clerk], message="新案件", sms=False)
    unread_count_known(user=clerk, count=1)

    notifications_mark_read(user=clerk)

    assert unread_count(clerk) == 0


def test_a_count_known_for_the_request_is_dropped_when_the_person_is_notified(clerk):
    from jiefen.accounts.notifications import unread_count, unread_count_known

    unread_count_known(user=clerk, count=0)

    notify(users=[clerk], message="新案件", sms=False)

    assert unread_count(clerk) == 1
