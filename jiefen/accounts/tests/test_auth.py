from pathlib import Path

import pytest
from django.contrib.auth.hashers import identify_hasher

from jiefen.accounts.choices import Role

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese_by_default(client):
    html = client.get("/accounts/login/").content.decode()
    assert "工作人员登录" in html and 'lang="zh-hans"' in html


def test_login_page_switches_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert "Staff sign-in" in html


def test_the_login_page_leads_a_citizen_to_the_portal_and_a_developer_to_the_api_docs(client):
    html = client.get("/accounts/login/").content.decode()

    assert 'href="/portal/"' in html
    assert 'href="/api/docs/"' in html


def test_staff_logs_in_and_reaches_the_grid_page(client, clerk):
    response = client.post(
        "/accounts/login/", {"username": clerk.username, "password": "Pass-word-123"}
    )
    assert response.status_code == 302
    assert "调解网格" in client.get("/grid/").content.decode()


def test_pages_need_a_login(client):
    response = client.get("/grid/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_wrong_password_shows_a_chinese_error(client, clerk):
    response = client.post("/accounts/login/", {"username": clerk.username, "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client, clerk):
    for _ in range(5):
        client.post("/accounts/login/", {"username": clerk.username, "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": clerk.username, "password": "Pass-word-123"}
    )
    assert response.status_code == 429
    assert "账户已暂时锁定" in response.content.decode()


def test_logout_ends_the_session(client, clerk):
    client.force_login(clerk)
    client.post("/accounts/logout/")
    assert client.get("/grid/").status_code == 302


def test_production_hasher_is_argon2(settings):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    assert identify_hasher(make_password("Secret-123")).algorithm == "argon2"


def test_roles_are_the_eight_of_the_glossary():
    assert set(Role.values) == {
        "reception_clerk",
        "mediator",
        "arbitrator",
        "tribunal_clerk",
        "labor_inspector",
        "police_liaison",
        "leader",
        "administrator",
    }


@pytest.mark.django_db
def test_the_readmes_demo_logins_are_those_make_run_prints():
    from jiefen.accounts.demo import NAMED, welcome_lines

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    table = readme.split("<!-- demo-logins:")[1].split("\n\n")[0]
    rows = [
        [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        for line in table.splitlines()[3:]
    ]
    printed = [line.split(None, 1)[0] for line in welcome_lines()[1:]]

    assert [row[0] for row in rows] == printed == [username for username, *_ in NAMED]
    assert all(f"{name} · {role}" in " ".join(welcome_lines()) for _, name, role, _ in rows)
