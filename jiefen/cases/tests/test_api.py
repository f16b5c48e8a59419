import pytest

from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.models import Case
from jiefen.cases.tests.factories import id_number, make_case

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "received_at": "2026-11-20T09:30:00+08:00",
    "village_code": "330106010002",
    "category": "wage_arrears",
    "channel": "walk_in",
    "summary": "工地拖欠两个月工资",
    "claims": [{"item": "工资", "amount": "16000.00"}],
    "claimants": [{"name": "张三", "id_number": "11010519491231002X", "phone": "13812345678"}],
    "employer": {"name": "杭州某建设有限公司", "credit_code": "91110000802100433B"},
}


def test_create_answers_201_with_the_case_and_masked_identifiers(api_as, clerk):
    response = api_as(clerk).post("/api/v1/cases/", PAYLOAD, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    # Taken in by a person: registered at once, as at the window (one rule, case_intake).
    assert body["status"] == "registered"
    assert body["village_code"] == "330106010002"
    assert body["claimants"] == [
        {
            "name": "张三",
            "id_number": "110105********002X",
            "phone": "138****5678",
            "representative": False,
            "identity_verified": True,
        }
    ]
    assert body["employer"]["credit_code"] == "91110000802100433B"
    # The centre's intake standard runs from reception (clockrules: intake_register, _decide).
    assert {d["kind"] for d in body["deadlines"]} == {"intake_register", "intake_decide"}
    assert {
        "id",
        "number",
        "category",
        "channel",
        "collective",
        "lead_department",
        "assignees",
    } <= set(body)


COLLECTIVE_PAYLOAD = {
    **PAYLOAD,
    "employer": {"name": "杭州某某劳务有限公司"},
    "claims": [
        {"item": "工资", "amount": "16000.5"},
        {"item": "经济补偿"},
        {"item": "加班费", "amount": "0"},
    ],
    "claimants": [
        {
            "name": f"工人{i}",
            # Some with an identity number, some with a phone only; the representative last.
            **({"id_number": id_number(400 + i)} if i % 2 else {"phone": f"1371234{i:04d}"}),
            "representative": i == 9,
        }
        for i in range(10)
    ],
}


@pytest.mark.parametrize("payload", [PAYLOAD, COLLECTIVE_PAYLOAD], ids=["one", "collective"])
def test_the_answer_to_registering_is_the_case_as_read_back(api_as, clerk, payload):
    # The answer is built from what intake wrote, not read again: it must be what a read gives.
    api = api_as(clerk)
    created = api.post("/api/v1/cases/", payload, format="json")
    assert created.status_code == 201, created.json()

    assert created.json() == api.get(f"/api/v1/cases/{created.json()['id']}/").json()


@pytest.mark.parametrize(
    "typed",
    [
        {},
        {"name": "张叁", "phone": "13912345678", "identity": "update", "identity_reason": "更正"},
        {"name": "张叁", "phone": "13912345678", "identity": "keep"},
    ],
    ids=["as-on-file", "record-updated", "record-kept"],
)
def test_the_answer_to_registering_a_person_on_file_is_the_case_as_read_back(api_as, clerk, typed):
    api = api_as(clerk)
    assert api.post("/api/v1/cases/", PAYLOAD, format="json").status_code == 201
    claimant = {**PAYLOAD["claimants"][0], **typed}
    again = api.post(
        "/api/v1/cases/",
        {**PAYLOAD, "summary": "又拖欠一个月工资", "claimants": [claimant]},
        format="json",
    )
    assert again.status_code == 201, again.json()

    assert again.json() == api.get(f"/api/v1/cases/{again.json()['id']}/").json()


def test_the_answer_to_registering_shows_the_registration_deadline_met(api_as, clerk):
    body = api_as(clerk).post("/api/v1/cases/", PAYLOAD, format="json").json()

    states = {d["kind"]: d["state"] for d in body["deadlines"]}
    assert states["intake_register"] == "met"
    assert states["intake_decide"] != "met"


def test_create_with_a_bad_identity_number_answers_400_naming_the_claimant(api_as, clerk):
    bad = {**PAYLOAD, "claimants": [{"name": "张三", "id_number": "110105194912310021"}]}
    response = api_as(clerk).post("/api/v1/cases/", bad, format="json")
    assert response.status_code == 400
    assert "claimants[1]" in response.json()
    assert not Case.objects.exists()


def test_create_with_several_wrong_fields_lists_each(api_as, clerk):
    bad = {**PAYLOAD, "category": "theft", "village_code": "123", "claimants": []}
    response = api_as(clerk).post("/api/v1/cases/", bad, format="json")
    assert response.status_code == 400
    assert {"category", "village_code", "claimants"} <= set(response.json())


def test_create_in_a_village_outside_the_scope_is_refused(api_as, clerk_elsewhere):
    response = api_as(clerk_elsewhere).post("/api/v1/cases/", PAYLOAD, format="json")
    assert response.status_code == 400
    assert "village_code" in response.json()


def test_a_future_received_at_is_a_400(api_as, clerk):
    response = api_as(clerk).post(
        "/api/v1/cases/", {**PAYLOAD, "received_at": "2099-01-01T00:00:00+08:00"}, format="json"
    )
    assert response.status_code == 400
    assert "received_at" in response.json()


def test_actions_move_the_case_and_accept_starts_both_deadlines(api_as, clerk):
    api = api_as(clerk)
    created = api.post("/api/v1/cases/", PAYLOAD, format="json").json()
    assert created["status"] == "registered"
    body = api.post(f"/api/v1/cases/{created['id']}/actions/accept/", {}, format="json").json()
    assert body["status"] == "accepted"
    assert body["lead_department"] == "mediation_committee"
    states = {d["kind"]: d["state"] for d in body["deadlines"]}
    assert states.keys() == {
        "intake_register",
        "intake_decide",
        "resolve_7_workdays",
        "mediation_15_days",
    }
    assert states["intake_register"] == states["intake_decide"] == "met"
    assert {states["resolve_7_workdays"], states["mediation_15_days"]} <= {
        "on_time",
        "due_soon",
        "overdue",
    }


def test_an_illegal_move_answers_409(api_as, clerk):
    case = make_case(actor=clerk, status=S.RECEIVED)
    response = api_as(clerk).post(f"/api/v1/cases/{case.pk}/actions/close/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"


def test_a_stale_version_answers_409(api_as, clerk):
    case = make_case(actor=clerk, status=S.REGISTERED)
    response = api_as(clerk).post(
        f"/api/v1/cases/{case.pk}/actions/accept/", {"version": case.version - 1}, format="json"
    )
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.status == S.REGISTERED


def test_a_decline_without_reason_answers_400_on_note(api_as, clerk):
    case = make_case(actor=clerk, status=S.REGISTERED)
    response = api_as(clerk).post(f"/api/v1/cases/{case.pk}/actions/decline/", {}, format="json")
    assert response.status_code == 400
    assert "note" in response.json()


def test_escalate_is_an_action(api_as, leader):
    case = make_case(actor=leader, status=S.HANDLING)
    response = api_as(leader).post(
        f"/api/v1/cases/{case.pk}/actions/escalate/", {"note": "村级调解不成"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["level"] == "street"


def test_list_filters_by_status_and_keyword(api_as, clerk):
    make_case(actor=clerk, status=S.REGISTERED, summary="拖欠工资甲")
    make_case(actor=clerk, status=S.RECEIVED, summary="拖欠工资乙")
    api = api_as(clerk)
    assert api.get("/api/v1/cases/", {"status": "registered"}).json()["count"] == 1
    assert api.get("/api/v1/cases/", {"q": "工资乙"}).json()["count"] == 1


def test_a_two_character_search_finds_the_word_and_not_its_characters_apart(api_as, clerk):
    together = make_case(actor=clerk, summary="王芳反映被拖欠工资")
    make_case(actor=clerk, summary="王某与芳某加班费争议")
    found = api_as(clerk).get("/api/v1/cases/", {"q": "王芳"}).json()["results"]
    assert [c["number"] for c in found] == [together.number]


def test_list_rejects_an_unknown_status(api_as, clerk):
    response = api_as(clerk).get("/api/v1/cases/", {"status": "lost"})
    assert response.status_code == 400


def test_a_case_outside_the_scope_is_404(api_as, clerk, clerk_elsewhere):
    case = make_case(actor=clerk, village_code="330106010002")
    assert api_as(clerk_elsewhere).get(f"/api/v1/cases/{case.pk}/").status_code == 404


def test_list_only_shows_cases_in_scope(api_as, clerk, clerk_elsewhere):
    make_case(actor=clerk, village_code="330106010002")
    make_case(actor=clerk_elsewhere, village_code="330106109001")
    numbers = [
        c["village_code"] for c in api_as(clerk_elsewhere).get("/api/v1/cases/").json()["results"]
    ]
    assert numbers == ["330106109001"]


def test_timeline_lists_every_move_in_order(api_as, clerk):
    case = make_case(actor=clerk, status=S.ACCEPTED)
    events = api_as(clerk).get(f"/api/v1/cases/{case.pk}/timeline/").json()
    moves = [(e["old_status"], e["new_status"]) for e in events if e["kind"] == "transition"]
    assert moves == [("", "received"), ("received", "registered"), ("registered", "accepted")]


def test_the_list_runs_a_fixed_number_of_queries(api_as, clerk, django_assert_max_num_queries):
    for _ in range(5):
        make_case(actor=clerk, status=S.ACCEPTED, claimants=2)
    api = api_as(clerk)
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/cases/").json()["count"] == 5


def test_collective_cases_are_flagged(api_as, clerk):
    payload = {
        **PAYLOAD,
        "claimants": [
            {"name": f"工人{i}", "id_number": id_number(300 + i), "representative": i == 0}
            for i in range(10)
        ],
    }
    assert api_as(clerk).post("/api/v1/cases/", payload, format="json").json()["collective"] is True


def test_a_closed_case_still_says_what_it_came_to(api_as, clerk):
    case = make_case(actor=clerk, status=S.HANDLING)
    api = api_as(clerk)
    api.post(
        f"/api/v1/cases/{case.pk}/actions/mark_unresolved/", {"note": "拒不支付"}, format="json"
    )
    api.post(f"/api/v1/cases/{case.pk}/actions/close/", {}, format="json")
    body = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert (body["status"], body["outcome"]) == ("closed", "unresolved")
