"""Identity claims (issue 16, item 1): an identity number finds a candidate person; it never
changes their recorded name or phone by itself, and never shows or reveals them to someone
outside their scope. Each test plays one attack and shows it refused."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.audit.models import AuditEntry
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.models import Case, Claimant
from jiefen.cases.services import ClaimantInput, Identity, IdentityConflict, case_intake
from jiefen.cases.tests.factories import id_number
from jiefen.cases.tests.test_views import intake_post
from jiefen.core import crypto
from jiefen.core.senders import ConsoleSender
from jiefen.core.webhooks import signed_headers
from jiefen.geo.models import Village
from jiefen.parties.models import Worker
from jiefen.portal import services as portal
from jiefen.portal.tests.conftest import last_code

pytestmark = pytest.mark.django_db

NUMBER = "11010519491231002X"
OWN_PHONE = "13812345678"
ATTACKER_PHONE = "13999990000"
ZHUANTANG_VILLAGE = "330106010002"
SANDUN_VILLAGE = "330106109001"


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ConsoleSender.sent.clear()


@pytest.fixture
def zhangsan_case(clerk):
    """张三 came to the 转塘 window; his case records his own phone."""
    return case_intake(
        actor=clerk,
        channel="walk_in",
        category="wage_arrears",
        summary="工地拖欠工资",
        village=Village.objects.get(code=ZHUANTANG_VILLAGE),
        claimants=[ClaimantInput(name="张三", id_number=NUMBER, phone=OWN_PHONE)],
    )


def zhangsan() -> Worker:
    return Worker.objects.get(id_number_hash=crypto.lookup_hash(NUMBER))


def portal_apply(**overrides):
    data = {
        "kind": "mediation",
        "phone": ATTACKER_PHONE,
        "client_ip": "10.0.0.9",
        "name": "李四",
        "id_number": NUMBER,
        "address": "",
        "employer_name": "杭州之江建设有限公司",
        "employer_credit_code": "",
        "employer_address": "",
        "village": Village.objects.get(code=ZHUANTANG_VILLAGE),
        "category": "wage_arrears",
        "summary": "拖欠工资",
        "claims": [("工资", Decimal("1000"))],
        "files": [],
    }
    data.update(overrides)
    return portal.application_submit(**data)


# ---------------------------------------------------------------------------
# The portal takeover
# ---------------------------------------------------------------------------


def test_a_portal_application_with_anothers_number_leaves_their_record_alone(zhangsan_case):
    application = portal_apply()

    worker = zhangsan()
    assert (worker.name, worker.phone_masked) == ("张三", "138****5678")
    claimant = application.case.claimants.get()
    assert claimant.worker == worker
    assert (claimant.name, claimant.phone_masked, claimant.claimed) == ("李四", "139****0000", True)


def test_a_portal_applicants_phone_does_not_reach_the_other_persons_cases(
    zhangsan_case, client, django_capture_on_commit_callbacks
):
    portal_apply()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:track"), {"step": "send", "number": zhangsan_case.number})

    assert [m.to for m in ConsoleSender.sent if "验证码" in m.body] == [OWN_PHONE]


def test_the_receipt_prints_the_name_given_never_the_record_behind_the_number(
    zhangsan_case, client, django_capture_on_commit_callbacks
):
    application = portal_apply()
    number = application.case.number
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:track"), {"step": "send", "number": number})
    client.post(reverse("portal:track"), {"step": "verify", "code": last_code(ATTACKER_PHONE)})

    page = client.get(reverse("portal:receipt_print", args=[number])).content.decode()

    assert "李四" in page
    assert "张三" not in page


# ---------------------------------------------------------------------------
# The API
# ---------------------------------------------------------------------------

PAYLOAD = {
    "village_code": ZHUANTANG_VILLAGE,
    "category": "wage_arrears",
    "channel": "walk_in",
    "summary": "工地拖欠两个月工资",
    "claimants": [{"name": "王五", "id_number": NUMBER, "phone": ATTACKER_PHONE}],
}


def test_the_api_refuses_a_differing_name_with_a_409_telling_how_to_confirm(
    zhangsan_case, api_as, clerk
):
    response = api_as(clerk).post("/api/v1/cases/", PAYLOAD, format="json")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "identity_conflict"
    assert "identity" in body["confirm"]
    assert body["claimants"][0]["record_name"] == "张三"
    assert Case.objects.count() == 1
    worker = zhangsan()
    assert (worker.name, worker.phone_masked) == ("张三", "138****5678")


def test_the_api_updates_the_record_only_when_confirmed_with_a_reason(zhangsan_case, api_as, clerk):
    confirmed = {
        **PAYLOAD,
        "claimants": [
            {**PAYLOAD["claimants"][0], "identity": "update", "identity_reason": "出示身份证核实"}
        ],
    }

    response = api_as(clerk).post("/api/v1/cases/", confirmed, format="json")

    assert response.status_code == 201, response.json()
    worker = zhangsan()
    assert (worker.name, worker.phone_masked) == ("王五", "139****0000")
    assert AuditEntry.objects.filter(summary__contains="出示身份证核实").exists()


def test_the_api_keeps_the_record_when_the_caller_says_keep(zhangsan_case, api_as, clerk):
    keep = {**PAYLOAD, "claimants": [{**PAYLOAD["claimants"][0], "identity": "keep"}]}

    body = api_as(clerk).post("/api/v1/cases/", keep, format="json").json()

    assert body["claimants"][0]["name"] == "张三"
    assert zhangsan().phone_masked == "138****5678"


# ---------------------------------------------------------------------------
# Scope widening by identity number
# ---------------------------------------------------------------------------


@pytest.fixture
def sandun_mediator(make_staff):
    return make_staff(Role.MEDIATOR, scope_level=ScopeLevel.VILLAGE, scope_code=SANDUN_VILLAGE)


def test_a_number_from_another_street_names_nobody_in_the_409(
    zhangsan_case, api_as, sandun_mediator
):
    payload = {**PAYLOAD, "village_code": SANDUN_VILLAGE}

    response = api_as(sandun_mediator).post("/api/v1/cases/", payload, format="json")

    assert response.status_code == 409
    text = json.dumps(response.json(), ensure_ascii=False)
    assert "张三" not in text and "5678" not in text
    assert response.json()["claimants"][0]["choices"] == ["keep", "different"]


def test_a_number_from_another_street_grants_no_reveal_of_that_worker(
    zhangsan_case, api_as, client, sandun_mediator
):
    payload = {
        **PAYLOAD,
        "village_code": SANDUN_VILLAGE,
        "claimants": [{"name": "张三", "id_number": NUMBER}],
    }
    response = api_as(sandun_mediator).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert "5678" not in json.dumps(response.json())
    worker = zhangsan()

    client.force_login(sandun_mediator)
    for field in ["id_number", "phone"]:
        url = reverse("parties:reveal", args=["worker", worker.pk, field])
        assert client.post(url, {"reason": "办案需要"}).status_code == 404
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_a_number_from_another_street_cannot_rewrite_that_record(
    zhangsan_case, api_as, sandun_mediator
):
    payload = {
        **PAYLOAD,
        "village_code": SANDUN_VILLAGE,
        "claimants": [{**PAYLOAD["claimants"][0], "identity": "update", "identity_reason": "x"}],
    }

    response = api_as(sandun_mediator).post("/api/v1/cases/", payload, format="json")

    assert response.status_code == 400
    assert zhangsan().name == "张三"


def test_the_lookup_by_number_names_nobody_outside_the_scope(
    zhangsan_case, client, sandun_mediator
):
    client.force_login(sandun_mediator)

    page = client.get(reverse("parties:worker_lookup"), {"id_number": NUMBER}).content.decode()

    assert "张三" not in page


# ---------------------------------------------------------------------------
# The exchange
# ---------------------------------------------------------------------------


def test_a_provincial_case_with_anothers_number_is_recorded_as_a_claim(
    zhangsan_case, client, settings
):
    from jiefen.exchange.tests.test_exchange import PEER, SECRET, provincial_message

    body = provincial_message()
    body["case"]["claimants"] = [{"name": "李四", "id_number": NUMBER, "phone": ATTACKER_PHONE}]
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = signed_headers(
        sender=PEER, secret=SECRET, body=raw, timestamp=int(timezone.now().timestamp())
    )

    response = client.post(
        "/api/v1/exchange/cases/", data=raw, content_type="application/json", headers=headers
    )

    assert response.status_code == 201, response.content
    worker = zhangsan()
    assert (worker.name, worker.phone_masked) == ("张三", "138****5678")
    claimant = Claimant.objects.get(case__channel="provincial")
    assert (claimant.worker, claimant.name, claimant.claimed) == (worker, "李四", True)


# ---------------------------------------------------------------------------
# The window name swap
# ---------------------------------------------------------------------------


def window_post(village_id, **extra):
    return intake_post(
        village=village_id, name="王五", id_number=NUMBER, phone=ATTACKER_PHONE, **extra
    )


@pytest.fixture
def village_id():
    return Village.objects.get(code=ZHUANTANG_VILLAGE).pk


def test_the_window_shows_a_differing_name_to_the_clerk_and_registers_nothing(
    zhangsan_case, client, clerk, village_id
):
    client.force_login(clerk)

    response = client.post("/cases/new/", window_post(village_id))

    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="identity-question-1"' in page
    assert "该身份证号在档人员为“张三”" in page
    assert Case.objects.count() == 1


def test_the_window_registers_under_the_record_when_the_clerk_keeps_it(
    zhangsan_case, client, clerk, village_id
):
    client.force_login(clerk)

    client.post("/cases/new/", window_post(village_id, token="t-2", identity_1="keep"))

    case = Case.objects.exclude(pk=zhangsan_case.pk).get()
    claimant = case.claimants.get()
    assert (claimant.worker, claimant.name) == (zhangsan(), "张三")
    assert zhangsan().phone_masked == "138****5678"


def test_the_window_registers_a_different_person_without_the_number(
    zhangsan_case, client, clerk, village_id
):
    client.force_login(clerk)

    client.post("/cases/new/", window_post(village_id, token="t-3", identity_1="different"))

    case = Case.objects.exclude(pk=zhangsan_case.pk).get()
    stranger = case.claimants.get().worker
    assert (stranger.name, stranger.id_number_hash) == ("王五", None)
    assert zhangsan().name == "张三"


def test_an_update_at_the_window_needs_a_reason(zhangsan_case, clerk):
    with pytest.raises(Exception, match="理由"):
        case_intake(
            actor=clerk,
            channel="walk_in",
            category="wage_arrears",
            summary="拖欠工资",
            village=Village.objects.get(code=ZHUANTANG_VILLAGE),
            claimants=[ClaimantInput(name="王五", id_number=NUMBER, identity=Identity.UPDATE)],
        )
    assert zhangsan().name == "张三"


def test_the_same_name_and_number_in_scope_needs_no_question(zhangsan_case, clerk):
    case = case_intake(
        actor=clerk,
        channel="walk_in",
        category="wage_arrears",
        summary="又一次拖欠",
        village=Village.objects.get(code=ZHUANTANG_VILLAGE),
        claimants=[ClaimantInput(name="张三", id_number=NUMBER)],
    )

    claimant = case.claimants.get()
    assert (claimant.worker, claimant.claimed, claimant.phone_masked) == (
        zhangsan(),
        False,
        "138****5678",
    )


def test_a_conflict_lists_every_differing_claimant(zhangsan_case, clerk):
    with pytest.raises(IdentityConflict) as conflict:
        case_intake(
            actor=clerk,
            channel="walk_in",
            category="wage_arrears",
            summary="拖欠工资",
            village=Village.objects.get(code=ZHUANTANG_VILLAGE),
            claimants=[
                ClaimantInput(name="赵六", id_number=id_number(77)),
                ClaimantInput(name="王五", id_number=NUMBER),
            ],
        )
    assert [q.index for q in conflict.value.questions] == [2]


# ---------------------------------------------------------------------------
# One intake: every channel goes through case_intake, under one registration rule
# ---------------------------------------------------------------------------


@pytest.fixture
def intake_calls(monkeypatch):
    """Each case_create that case_intake makes (the channel of each)."""
    from jiefen.cases.services import intake

    calls: list[str] = []
    real = intake.case_create

    def spy(**kwargs):
        calls.append(kwargs["channel"])
        return real(**kwargs)

    monkeypatch.setattr(intake, "case_create", spy)
    return calls


def _window(clerk, client):
    client.force_login(clerk)
    village = Village.objects.get(code=ZHUANTANG_VILLAGE)
    client.post("/cases/new/", intake_post(village=village.pk, token="w"))
    return Case.objects.get(channel="walk_in")


def _api(clerk, api_as):
    payload = {**PAYLOAD, "channel": "phone", "claimants": [{"name": "赵六"}]}
    return Case.objects.get(
        pk=api_as(clerk).post("/api/v1/cases/", payload, format="json").json()["id"]
    )


def _portal():
    return portal_apply(id_number="", name="钱七").case


def _letter(clerk):
    from jiefen.parties.services import employer_find_or_create

    employer = employer_find_or_create(
        name="杭州转塘信箱公司", village=Village.objects.get(code=ZHUANTANG_VILLAGE)
    )
    letter = portal.letter_submit(
        mailbox=portal.mailbox_ensure(employer=employer),
        anonymous=False,
        name="孙八",
        phone="13905719999",
        category="wage_arrears",
        body="拖欠工资",
        client_ip=None,
    )
    return portal.letter_convert(letter=letter, actor=clerk)


def _police(clerk):
    from jiefen.dispatch.services import incident_case_create, incident_receive

    incident, _new = incident_receive(
        incident_no="T-intake",
        received_at=timezone.now() - dt.timedelta(minutes=5),
        caller_name="周九",
        caller_phone="13905710000",
        address="转塘街道之江路1号",
        people_involved=3,
        category="wage_arrears",
        description="讨要工资",
        village_code=ZHUANTANG_VILLAGE,
        notify_units=False,
    )
    return incident_case_create(incident=incident, actor=clerk)


def _exchange(client):
    from jiefen.exchange.tests.test_exchange import PEER, SECRET, provincial_message

    raw = json.dumps(provincial_message(), ensure_ascii=False).encode()
    headers = signed_headers(
        sender=PEER, secret=SECRET, body=raw, timestamp=int(timezone.now().timestamp())
    )
    client.post(
        "/api/v1/exchange/cases/", data=raw, content_type="application/json", headers=headers
    )
    return Case.objects.get(channel="provincial")


@pytest.mark.parametrize(
    ("channel", "status"),
    [
        ("window", S.REGISTERED),
        ("api", S.REGISTERED),
        ("letter", S.REGISTERED),
        ("police", S.REGISTERED),
        ("portal", S.RECEIVED),
        ("exchange", S.RECEIVED),
    ],
)
def test_every_channel_takes_cases_in_through_case_intake_under_one_rule(
    channel, status, intake_calls, clerk, client, api_as, leader
):
    """Taken in by a person: registered at once; arrived by itself: received."""
    case = {
        "window": lambda: _window(clerk, client),
        "api": lambda: _api(clerk, api_as),
        "letter": lambda: _letter(clerk),
        "police": lambda: _police(leader),
        "portal": _portal,
        "exchange": lambda: _exchange(client),
    }[channel]()

    assert intake_calls == [case.channel]
    assert case.status == status


def test_a_person_outside_the_village_cannot_take_a_case_in_by_any_channel(clerk_elsewhere):
    with pytest.raises(Exception, match="不在您的工作范围内"):
        case_intake(
            actor=clerk_elsewhere,
            channel="walk_in",
            category="wage_arrears",
            summary="拖欠工资",
            village=Village.objects.get(code=ZHUANTANG_VILLAGE),
            claimants=[ClaimantInput(name="赵六")],
        )


def test_no_one_acting_needs_a_declared_channel():
    from jiefen.core.policy import Forbidden

    with pytest.raises(Forbidden):
        case_intake(
            actor=None,
            channel="online",
            category="wage_arrears",
            summary="拖欠工资",
            village=Village.objects.get(code=ZHUANTANG_VILLAGE),
            claimants=[ClaimantInput(name="赵六")],
        )
