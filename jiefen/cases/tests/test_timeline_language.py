"""A case's timeline reads wholly in the reader's language, whoever wrote it and in which language
(issue 22): events are stored as codes and parameters, not as sentences."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from jiefen.cases.legacy_events import event_migrate
from jiefen.cases.models import CaseEvent
from jiefen.cases.services import case_act
from jiefen.cases.tests.factories import make_case
from jiefen.core.messages import message_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """A request in English leaves English active in the thread: later tests read Chinese."""
    yield
    translation.deactivate()


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _handled(actor, language: str):
    """A case received, accepted (routed, assigned, clocks started) while `actor` worked in
    `language`."""
    with translation.override(language):
        case = make_case(actor=actor, claimants=2)
        case_act(case=case, action="register", actor=actor)
        case_act(case=case, action="accept", actor=actor)
    return case


def _timeline(case, language: str) -> list[str]:
    with translation.override(language):
        return [e.plain_text for e in CaseEvent.objects.filter(case=case).order_by("at", "id")]


def _system_words(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, "")
    return text


def test_a_case_handled_in_chinese_reads_wholly_in_english(leader):
    case = _handled(leader, "zh-hans")
    names = [leader.display_name, *case.claimants.values_list("name", flat=True)]

    lines = _timeline(case, "en")

    assert len(lines) >= 5
    assert [line for line in lines if CJK.search(_system_words(line, names))] == []


def test_a_case_handled_in_english_reads_wholly_in_chinese(leader):
    case = _handled(leader, "en")

    lines = _timeline(case, "zh-hans")

    assert len(lines) >= 5
    assert [line for line in lines if LATIN_WORD.search(line)] == []


def test_the_case_page_in_english_shows_the_timeline_in_english(leader):
    case = _handled(leader, "zh-hans")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(leader)

    page = client.get(case.get_absolute_url()).content.decode()

    assert "Received: Walk-in, 2 applicants" in page
    assert "Routed: led by" in page
    assert "接待：" not in page


def test_an_old_sentence_written_in_english_labels_becomes_a_message():
    fields = event_migrate("接待：Online，1名申请人")

    assert fields == {"message": "case.received", "params": {"channel": "online", "claimants": 1}}
    assert message_text(fields["message"], fields["params"], language="zh-hans") == (
        "接待：网上申请，1名申请人"
    )


def test_an_old_routing_sentence_becomes_a_message_with_its_tracks():
    fields = event_migrate("分流：调解委员会牵头；途径：调解、劳动监察")

    assert fields is not None
    assert message_text(fields["message"], fields["params"], language="en") == (
        "Routed: led by Mediation committee; tracks: Mediation, Labor inspection"
    )


def test_an_old_move_becomes_the_lifecycles_message():
    fields = event_migrate("受理：登记 → 受理")

    assert fields == {
        "message": "lifecycle.moved",
        "params": {"lifecycle": "case", "action": "accept", "old": "registered", "new": "accepted"},
    }


def test_an_unrecognised_sentence_stays_free_text():
    assert event_migrate("当事人电话沟通，约定下周面谈") is None
