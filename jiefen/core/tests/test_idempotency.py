import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from jiefen.cases.models import Case
from jiefen.cases.tests.test_api import PAYLOAD
from jiefen.core.models import IdempotencyRecord

pytestmark = pytest.mark.django_db


def test_a_retried_create_with_the_same_key_makes_one_case_and_the_same_answer(api_as, clerk):
    api = api_as(clerk)
    first = api.post("/api/v1/cases/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    retry = api.post("/api/v1/cases/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json()["number"] == first.json()["number"]
    assert retry["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1


def test_the_same_key_with_a_different_body_is_refused(api_as, clerk):
    api = api_as(clerk)
    api.post("/api/v1/cases/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    response = api.post(
        "/api/v1/cases/",
        {**PAYLOAD, "summary": "另一件事"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-2",
    )
    assert response.status_code == 422
    assert Case.objects.count() == 1


def test_without_a_key_each_post_is_a_new_request(api_as, clerk):
    api = api_as(clerk)
    api.post("/api/v1/cases/", PAYLOAD, format="json")
    api.post("/api/v1/cases/", PAYLOAD, format="json")
    assert Case.objects.count() == 2


def _crash_first_attempt(api):
    """The first request dies without an answer (its server process killed mid-request)."""
    with (
        mock.patch("jiefen.cases.apis.case_intake", side_effect=SystemExit("killed")),
        pytest.raises(SystemExit),
    ):
        api.post("/api/v1/cases/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k-crash")


def test_a_retry_while_the_crashed_requests_lease_runs_is_told_to_wait(api_as, clerk, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    api = api_as(clerk)
    _crash_first_attempt(api)
    time_machine.shift(dt.timedelta(minutes=4))

    retry = api.post("/api/v1/cases/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k-crash")

    assert retry.status_code == 409
    assert retry["Retry-After"] == "60"
    assert Case.objects.count() == 0


def test_a_retry_after_the_crashed_requests_lease_runs_and_is_kept(api_as, clerk, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    api = api_as(clerk)
    _crash_first_attempt(api)
    time_machine.shift(dt.timedelta(minutes=5, seconds=1))

    retry = api.post("/api/v1/cases/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k-crash")
    again = api.post("/api/v1/cases/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k-crash")

    assert retry.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["number"] == retry.json()["number"]
    assert Case.objects.count() == 1


def test_a_key_left_by_a_crash_before_leases_existed_expires_five_minutes_after_it_was_made(
    api_as, clerk, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    api = api_as(clerk)
    _crash_first_attempt(api)
    IdempotencyRecord.objects.update(lease_until=None)
    time_machine.shift(dt.timedelta(minutes=6))

    retry = api.post("/api/v1/cases/", PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="k-crash")

    assert retry.status_code == 201
