import pytest

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User

pytestmark = pytest.mark.django_db

STAFF = {
    "username": "li_mediator",
    "password": "Strong-pass-2026",
    "full_name": "李调解",
    "role": "mediator",
    "department_kind": "mediation_committee",
    "scope_level": "village",
    "scope_code": "330106010002",
}


def test_token_is_issued_for_valid_credentials_and_authenticates(api_client, clerk):
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": clerk.username, "password": "Pass-word-123"},
        format="json",
    )
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/geo/streets/").status_code == 200


def test_token_is_refused_for_a_wrong_password(api_client, clerk):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": clerk.username, "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_administrator_provisions_a_village_mediator_in_the_street_committee(api_as, administrator):
    response = api_as(administrator).post("/api/v1/staff/", STAFF, format="json")
    assert response.status_code == 201, response.json()
    user = User.objects.get(username="li_mediator")
    assert (user.role, user.scope_level, user.scope_code) == (
        Role.MEDIATOR,
        "village",
        "330106010002",
    )
    assert user.department.street.name == "转塘街道"
    assert user.check_password("Strong-pass-2026")


def test_a_provisioned_village_mediator_serves_the_village_and_gets_its_cases(
    api_as, administrator, clerk
):
    from jiefen.cases.choices import Duty
    from jiefen.cases.services import case_act
    from jiefen.cases.tests.factories import make_case

    api_as(administrator).post("/api/v1/staff/", STAFF, format="json")
    mediator = User.objects.get(username="li_mediator")
    case = make_case(actor=clerk, village_code="330106010002", status="registered")

    case_act(case=case, action="accept", actor=clerk)

    assert mediator.mediated_villages.filter(code="330106010002").exists()
    assert case.assignments.get(duty=Duty.MEDIATOR, active=True).user == mediator


def test_non_administrator_gets_403(api_as, leader):
    response = api_as(leader).post("/api/v1/staff/", STAFF, format="json")
    assert response.status_code == 403
    assert not User.objects.filter(username="li_mediator").exists()


def test_unknown_role_is_a_400_naming_the_field(api_as, administrator):
    response = api_as(administrator).post(
        "/api/v1/staff/", {**STAFF, "role": "judge"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["role"]


def test_unknown_scope_code_is_a_400_naming_the_field(api_as, administrator):
    response = api_as(administrator).post(
        "/api/v1/staff/", {**STAFF, "scope_code": "330106010999"}, format="json"
    )
    assert response.status_code == 400
    assert "330106010999" in response.json()["scope_code"][0]


def test_weak_password_is_a_400_on_password(api_as, administrator):
    response = api_as(administrator).post(
        "/api/v1/staff/", {**STAFF, "password": "12345678"}, format="json"
    )
    assert response.status_code == 400
    assert "password" in response.json()


def test_duplicate_username_is_a_400(api_as, administrator):
    api_as(administrator).post("/api/v1/staff/", STAFF, format="json")
    response = api_as(administrator).post("/api/v1/staff/", STAFF, format="json")
    assert response.status_code == 400 and "username" in response.json()
