import pytest

from jiefen.cases.models import Case
from jiefen.cases.tests.test_api import PAYLOAD

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
