"""One contract: docs/exchange/case-v1.schema.json is what the inbound endpoint checks. Every
published example passes both; each broken message fails both, named by its JSON path."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from jiefen.cases.choices import CaseStatus, Category, Channel, Level, Track
from jiefen.cases.models import Case
from jiefen.exchange import format as fmt
from jiefen.exchange.tests.test_exchange import post_signed

EXAMPLES = sorted((Path(settings.BASE_DIR) / "docs" / "exchange" / "examples").glob("*.json"))


def example(name: str = "new-case.json") -> dict:
    return json.loads((Path(settings.BASE_DIR) / "docs/exchange/examples" / name).read_text())


def test_the_examples_are_there():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_published_example_passes_the_schema(path):
    body = json.loads(path.read_text())

    assert list(fmt.validator().iter_errors(body)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_published_example_is_taken_by_the_endpoint(client, xihu, path):
    body = json.loads(path.read_text())

    response, _h, _r = post_signed(client, body)

    assert response.status_code == 201, response.content
    assert Case.objects.get(number=response.json()["number"]).channel == Channel.PROVINCIAL


def _set(body: dict, dotted: str, value) -> dict:
    body = copy.deepcopy(body)
    *parents, last = dotted.split(".")
    node = body
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is KeyError:
        del node[last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return body


BROKEN = [
    # (what to change, to what, the JSON path the 400 names)
    ("version", 2, "version"),
    ("format", "jiefen.cases", "format"),
    ("message_id", "short", "message_id"),
    ("sent_at", KeyError, "sent_at"),
    ("case.number", KeyError, "case.number"),
    ("case.claims", KeyError, "case.claims"),
    ("case.documents", KeyError, "case.documents"),
    ("case.employer", KeyError, "case.employer"),
    ("case.claimants", [], "case.claimants"),
    ("case.claimants.0.name", "", "case.claimants[0].name"),
    ("case.claimants.0.name", "  ", "case.claimants[0].name"),
    ("case.claims.0.amount", "12.345", "case.claims[0].amount"),
    ("case.claims.0.amount", 16800, "case.claims[0].amount"),
    ("case.received_at", "2026-09-01 09:30", "case.received_at"),
    ("case.registered_at", "yesterday", "case.registered_at"),
    ("case.village_code", "999", "case.village_code"),
    ("case.channel", "fax", "case.channel"),
    ("case.tracks", ["court"], "case.tracks[0]"),
    ("case.documents.0.sha256", "not-a-hash", "case.documents[0].sha256"),
    ("case.people_gathered", -1, "case.people_gathered"),
    ("case.employer.name", "", "case.employer.name"),
    ("case.nickname", "x", "case.nickname"),
]


@pytest.mark.django_db
def test_an_employer_with_a_bad_credit_code_is_a_400_not_a_500(client, xihu):
    body = _set(example(), "case.employer.credit_code", "91330106MA2B0CXX1K")

    response, _h, _r = post_signed(client, body)

    assert response.status_code == 400
    assert "case.employer" in response.json()


@pytest.mark.parametrize(("field", "value", "path"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_message_fails_the_schema_at_its_path(field, value, path):
    body = _set(example(), field, value)

    with pytest.raises(ValidationError) as refused:
        fmt.message_check(body)

    assert path in refused.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "path"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_message_is_refused_by_the_endpoint_at_its_path(client, xihu, field, value, path):
    body = _set(example(), field, value)

    response, _h, _r = post_signed(client, body)

    assert response.status_code == 400
    assert path in response.json()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_body_that_is_not_an_object_is_refused_as_a_whole(client, xihu):
    response, _h, _r = post_signed(client, [example()])

    assert response.status_code == 400
    assert "body" in response.json()


def test_the_schema_publishes_exactly_the_model_choices():
    defs = fmt.schema()["$defs"]
    case = defs["case"]["properties"]

    assert set(defs["status"]["enum"]) == set(CaseStatus.values)
    assert set(case["channel"]["enum"]) == set(Channel.values)
    assert set(case["category"]["enum"]) == set(Category.values)
    assert set(case["level"]["enum"]) == set(Level.values)
    assert set(case["tracks"]["items"]["enum"]) == set(Track.values)


@pytest.mark.django_db
def test_the_openapi_document_describes_the_inbound_body_by_the_schema(client):
    document = client.get("/api/schema/?format=json").json()
    body = document["paths"]["/api/v1/exchange/cases/"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]

    assert schema["required"] == fmt.schema()["required"]
    assert "claimants" in schema["properties"]["case"]["properties"]
    assert "$ref" not in json.dumps(schema)
