"""The answer library: loading it, finding answers, answering a consultation with one."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jiefen.accounts.choices import Role
from jiefen.cases.choices import CaseStatus, Category
from jiefen.cases.tests.factories import make_case
from jiefen.consultations.models import Answer, AnswerUse
from jiefen.consultations.selectors import answer_search, topics_most_asked
from jiefen.consultations.services import LIBRARY_FILE, answer_review, answer_send, answers_load
from jiefen.core.exceptions import ConflictError
from jiefen.core.policy import Forbidden
from jiefen.core.senders import ConsoleSender

pytestmark = pytest.mark.django_db


def test_the_shipped_library_has_forty_answers_each_with_its_articles(library):
    answers = list(Answer.objects.all())

    assert len(answers) == 40
    for a in answers:
        assert "第" in a.basis and "条" in a.basis, a.code
        assert a.effective_from <= dt.date(2026, 12, 1)
    assert {a.category for a in answers} >= {
        Category.WAGE_ARREARS,
        Category.LABOR_CONTRACT,
        Category.SOCIAL_INSURANCE,
        Category.WORK_INJURY,
        Category.WORKING_HOURS,
        Category.SEVERANCE,
    }


def test_loading_again_adds_nothing_and_keeps_an_edited_answer(library):
    edited = Answer.objects.get(code="wage-01")
    edited.answer = "已由中心修改"
    edited.save()

    assert answers_load(data=json.loads(LIBRARY_FILE.read_text(encoding="utf-8"))) == 0
    assert Answer.objects.get(code="wage-01").answer == "已由中心修改"


def test_a_malformed_entry_refuses_the_file_and_names_it(db):
    data = {
        "entries": [
            {
                "code": "x-1",
                "category": "nonsense",
                "question": "q",
                "answer": "a",
                "basis": "b",
                "effective_from": "2020-01-01",
            }
        ]
    }
    with pytest.raises(ValueError, match=r"entry 1 \(x-1\): unknown category"):
        answers_load(data=data)
    assert not Answer.objects.exists()


def test_bootstrap_loads_the_library(xihu):
    Answer.objects.all().delete()
    call_command("bootstrap")
    assert Answer.objects.count() == 40


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("加班费", "hours-03"),
        ("公司不给加班费怎么办", "hours-03"),
        ("入职三个月了还没签合同", "contract-01"),
        ("工伤认定", "injury-01"),
        ("年假没休", "hours-04"),
        ("被辞退能拿多少补偿", "sev-01"),
    ],
)
def test_a_keyword_or_a_sentence_finds_the_answer_first(library, query, expected):
    assert answer_search(query=query)[0].code == expected


def test_an_answer_not_yet_in_force_is_not_found(library):
    Answer.objects.filter(code="hours-03").update(
        effective_from=timezone.localdate() + dt.timedelta(days=1)
    )
    assert "hours-03" not in [a.code for a in answer_search(query="加班费")]


@pytest.fixture
def consultation(clerk):
    return make_case(
        actor=clerk,
        status=CaseStatus.REGISTERED,
        category=Category.WORKING_HOURS,
        summary="咨询加班费怎么算",
    )


def test_answering_moves_the_case_notes_the_text_and_sends_an_sms(
    library, consultation, clerk, django_capture_on_commit_callbacks
):
    ConsoleSender.sent.clear()
    answer = Answer.objects.get(code="hours-03")

    with django_capture_on_commit_callbacks(execute=True):
        use = answer_send(case=consultation, answer=answer, actor=clerk)

    consultation.refresh_from_db()
    assert consultation.status == CaseStatus.ANSWERED
    event = consultation.events.get(new_status=CaseStatus.ANSWERED)
    assert "劳动法》第四十四条" in event.note
    assert use.sms_to == "139****0000"
    [sms] = ConsoleSender.sent
    assert sms.to == "13905710000"
    assert "150%" in sms.body


def test_answering_without_sms_sends_nothing(
    library, consultation, clerk, django_capture_on_commit_callbacks
):
    ConsoleSender.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        use = answer_send(
            case=consultation, answer=Answer.objects.get(code="hours-03"), actor=clerk, sms=False
        )
    assert ConsoleSender.sent == []
    assert use.sms_to == ""


def test_an_accepted_case_cannot_be_answered_as_a_consultation(library, clerk):
    case = make_case(actor=clerk, status=CaseStatus.ACCEPTED)
    with pytest.raises(ConflictError):
        answer_send(case=case, answer=Answer.objects.get(code="wage-01"), actor=clerk)
    assert not AnswerUse.objects.exists()


def test_a_police_liaison_may_not_answer(library, consultation, make_staff):
    with pytest.raises(Forbidden):
        answer_send(
            case=consultation,
            answer=Answer.objects.get(code="wage-01"),
            actor=make_staff(Role.POLICE_LIAISON),
        )


def test_an_inactive_answer_is_refused(library, consultation, clerk):
    answer = Answer.objects.get(code="wage-01")
    answer.active = False
    answer.save()
    with pytest.raises(ValidationError):
        answer_send(case=consultation, answer=answer, actor=clerk)


def test_a_leader_reviews_an_answer(library, leader):
    answer = Answer.objects.get(code="sev-01")
    due = timezone.localdate() + dt.timedelta(days=365)

    answer_review(answer=answer, actor=leader, review_due=due)

    answer.refresh_from_db()
    assert (answer.reviewer, answer.reviewed_on, answer.review_due) == (
        leader,
        timezone.localdate(),
        due,
    )


def test_the_most_asked_topics_count_the_answers_given(library, clerk, leader):
    for code in ("hours-03", "hours-03", "wage-01"):
        case = make_case(actor=clerk, status=CaseStatus.REGISTERED)
        answer_send(case=case, answer=Answer.objects.get(code=code), actor=clerk, sms=False)
    now = timezone.now()

    topics = topics_most_asked(
        user=leader, start=now - dt.timedelta(days=1), end=now + dt.timedelta(minutes=1)
    )

    assert topics["total"] == 3
    assert [(t["code"], t["count"]) for t in topics["answers"]] == [("hours-03", 2), ("wage-01", 1)]


def test_the_clerk_answers_from_the_case_page(library, consultation, clerk):
    client = Client()
    client.force_login(clerk)
    answer = Answer.objects.get(code="hours-03")

    page = client.get(f"/consultations/cases/{consultation.pk}/answer/?q=加班费").content.decode()
    assert 'data-testid="answer-hours-03"' in page
    response = client.post(
        f"/consultations/cases/{consultation.pk}/answer/",
        {"answer": answer.pk, "text": "加班费按劳动法第四十四条计算。", "sms": "on"},
    )

    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == CaseStatus.ANSWERED


def test_the_case_page_offers_the_library_on_a_registered_consultation(
    library, consultation, clerk
):
    client = Client()
    client.force_login(clerk)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'data-testid="answer-open"' in page


def test_the_public_policy_page_finds_answers_without_login(library):
    page = Client().get("/portal/policy/", {"q": "没签合同"}).content.decode()
    assert 'data-testid="policy-contract-01"' in page
    detail = Client().get("/portal/policy/contract-01/").content.decode()
    assert "《劳动合同法》第十条" in detail


def test_the_dashboard_shows_the_most_asked_topics(library, clerk, leader):
    case = make_case(actor=clerk, status=CaseStatus.REGISTERED)
    answer_send(case=case, answer=Answer.objects.get(code="wage-01"), actor=clerk, sms=False)
    client = Client()
    client.force_login(leader)

    page = client.get("/reports/").content.decode()

    assert 'data-testid="topics-panel"' in page
    assert "单位拖欠工资，我该怎么办？" in page


def test_the_api_searches_and_answers(library, consultation, clerk, api_as):
    client = api_as(clerk)
    found = client.get("/api/v1/consultations/answers/", {"q": "加班费"}).json()
    assert found[0]["code"] == "hours-03"

    response = client.post(
        f"/api/v1/consultations/cases/{consultation.pk}/answer/",
        {"answer": found[0]["id"], "sms": False},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == CaseStatus.ANSWERED


def test_a_claimed_applicant_gets_the_answer_on_the_phone_given_not_the_person_on_file(
    library, consultation, clerk, django_capture_on_commit_callbacks
):
    """Issue 16.1: a link by identity number alone texts the applicant who made the claim."""
    from jiefen.cases.tests.factories import CLAIMED_PHONE, make_claimed

    make_claimed(consultation)
    ConsoleSender.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        use = answer_send(
            case=consultation, answer=Answer.objects.get(code="hours-03"), actor=clerk
        )

    assert [m.to for m in ConsoleSender.sent] == [CLAIMED_PHONE]
    assert use.sms_to == "139****0000"
