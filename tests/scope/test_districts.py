"""Many districts on one installation: a city leader sees every district of the city, a
district's people only theirs; a case of one district answers 404 to the other's staff on every
URL keyed by it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import get_resolver

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.accounts.services import departments_ensure
from jiefen.cases.choices import CaseStatus
from jiefen.cases.models import Case
from jiefen.cases.selectors import case_list_for_user
from jiefen.cases.tests.factories import make_case
from jiefen.geo.models import District
from jiefen.geo.services import HANGZHOU_DIVISIONS, divisions_load
from tests.scope.walker import _routes, walk

pytestmark = pytest.mark.django_db

SHANGCHENG = "330102"
SC_STREET = "330102001"  # 清波街道
SC_VILLAGE = "330102001051"  # 清波门社区
XH_VILLAGE = "330106010002"


@pytest.fixture
def city(xihu) -> District:
    """Xihu and 上城 on one installation, each with its seven bodies."""
    divisions_load(text=(HANGZHOU_DIVISIONS / f"{SHANGCHENG}.json").read_text(encoding="utf-8"))
    departments_ensure()
    return District.objects.get(code=SHANGCHENG)


@pytest.fixture
def people(city, make_staff) -> dict:
    kind = {"department_kind": DepartmentKind.MEDIATION_COMMITTEE}
    return {
        "city_leader": make_staff(Role.LEADER, scope_level=ScopeLevel.CITY, scope_code="3301"),
        "xh_clerk": make_staff(Role.RECEPTION_CLERK, **kind),
        "sc_clerk": make_staff(Role.RECEPTION_CLERK, scope_code=SHANGCHENG, **kind),
        "sc_street_clerk": make_staff(
            Role.RECEPTION_CLERK, scope_level=ScopeLevel.STREET, scope_code=SC_STREET, **kind
        ),
        "sc_mediator": make_staff(
            Role.MEDIATOR, scope_level=ScopeLevel.VILLAGE, scope_code=SC_VILLAGE, **kind
        ),
    }


@pytest.fixture
def cases(people) -> dict[str, list[Case]]:
    leader = people["city_leader"]
    return {
        "xihu": [
            make_case(actor=leader, village_code=XH_VILLAGE, status=status)
            for status in (CaseStatus.REGISTERED, CaseStatus.HANDLING, CaseStatus.RESOLVED)
        ],
        "shangcheng": [
            make_case(actor=leader, village_code=SC_VILLAGE, status=status)
            for status in (CaseStatus.REGISTERED, CaseStatus.HANDLING)
        ],
    }


def numbers(user) -> set[str]:
    return set(case_list_for_user(user=user).values_list("number", flat=True))


def test_the_city_leader_sees_both_districts_and_each_district_only_its_own(people, cases):
    xihu = {c.number for c in cases["xihu"]}
    shangcheng = {c.number for c in cases["shangcheng"]}

    assert numbers(people["city_leader"]) == xihu | shangcheng
    assert numbers(people["xh_clerk"]) == xihu
    assert numbers(people["sc_clerk"]) == shangcheng
    assert numbers(people["sc_street_clerk"]) == shangcheng
    assert numbers(people["sc_mediator"]) == shangcheng


def test_a_district_leader_without_a_code_serves_the_home_district(people, cases, make_staff):
    leader = make_staff(Role.LEADER)
    leader.scope_code = ""
    leader.save(update_fields=["scope_code"])

    assert numbers(leader) == {c.number for c in cases["xihu"]}


def test_each_district_numbers_its_cases_in_its_own_series(cases):
    xihu = [c.number for c in cases["xihu"]]
    shangcheng = [c.number for c in cases["shangcheng"]]

    assert all(n.startswith("XH") for n in xihu)
    assert all(n.startswith("SC") for n in shangcheng)
    assert shangcheng[0].endswith("-00001")


def _case_routes() -> list[str]:
    """Every routed URL keyed by a case (its pk as the first integer parameter)."""
    out = []
    for route in _routes(get_resolver()):
        if re.match(r"^(api/v1/)?cases/<int:pk>/", route):
            out.append(route)
    return out


def _fill(route: str, pk: int) -> list[str]:
    url = "/" + route.replace("<int:pk>", str(pk), 1)
    if "<str:action>" in url:
        return [url.replace("<str:action>", a) for a in ("register", "accept", "resolve")]
    return [url]


def test_a_district_clerk_gets_404_on_every_case_of_the_other_district(people, cases):
    client = Client()
    client.force_login(people["sc_clerk"])
    routes = _case_routes()
    assert "cases/<int:pk>/" in routes and "api/v1/cases/<int:pk>/" in routes

    answers = {}
    for case in cases["xihu"]:
        for route in routes:
            for url in _fill(route, case.pk):
                answers[url] = client.get(url).status_code
        # The track pages and documents of the case, and the exports of the list.
        for url in (
            f"/mediation/start/{case.pk}/",
            f"/arbitration/file/{case.pk}/",
            f"/inspection/from-case/{case.pk}/",
            f"/consultations/cases/{case.pk}/answer/",
            f"/exchange/cases/{case.pk}/send/",
        ):
            answers[url] = client.get(url).status_code

    # A URL that answers GET with 405 (or, for the API's actions, 403) takes only POST: post.
    for url, status in list(answers.items()):
        if status in (403, 405):
            if url.startswith("/api/"):
                answers[url] = client.post(url, {}, content_type="application/json").status_code
            else:
                answers[url] = client.post(url, {}).status_code
    assert {url: status for url, status in answers.items() if status != 404} == {}


def test_no_url_shows_a_case_of_another_district_at_any_level(people, cases):
    """The scope walk over every URL and its exports, as city, district, street and village
    staff of 上城 and district staff of Xihu."""
    everyone = {c.number for group in cases.values() for c in group}
    found = {}
    for name in ("city_leader", "xh_clerk", "sc_clerk", "sc_street_clerk", "sc_mediator"):
        user = people[name]
        client = Client()
        client.force_login(user)
        outside = sorted(everyone - numbers(user))
        leaks, errors = walk(client, outside)
        found[name] = (leaks, errors)

    assert {who: errors for who, (_leaks, errors) in found.items() if errors} == {}
    assert {who: leaks for who, (leaks, _errors) in found.items() if leaks} == {}


def test_a_city_leader_reads_the_city_summary_and_compares_its_districts(people, cases, api_as):
    client = api_as(people["city_leader"])

    body = client.get("/api/v1/reports/summary/", {"by": "district"}).json()

    rows = {row["district"]: row for row in body["districts"]}
    assert set(rows) == {"330106", SHANGCHENG}
    assert rows["330106"]["received"] == 3
    assert rows[SHANGCHENG]["received"] == 2
    assert body["received"] == rows["330106"]["received"] + rows[SHANGCHENG]["received"]
    assert body["backlog"] == sum(r["backlog"] for r in rows.values())


def test_the_summary_narrows_to_one_district_of_the_city(people, cases, api_as):
    body = api_as(people["city_leader"]).get("/api/v1/reports/summary/", {"district": SHANGCHENG})

    assert body.status_code == 200
    assert body.json()["received"] == 2


def test_a_district_clerk_may_not_read_the_other_districts_figures(people, cases, api_as):
    response = api_as(people["sc_clerk"]).get("/api/v1/reports/summary/", {"district": "330106"})

    assert response.status_code == 400
    assert "district" in response.json()


def test_documents_carry_the_heading_of_the_cases_district(cases):
    from jiefen.calculators.documents import calculation_document

    result = {"lines": [], "total": 0, "warnings": [], "figures": []}
    sc = calculation_document(result=result, case=cases["shangcheng"][0], day=None)
    xh = calculation_document(result=result, case=cases["xihu"][0], day=None)

    assert sc.issuing_body == "杭州市上城区矛盾纠纷综合调处中心"
    assert xh.issuing_body == "杭州市西湖区矛盾纠纷综合调处中心"


def test_a_district_may_name_its_own_commission(city):
    city.commission_name = "上城区劳动人事争议仲裁院"
    city.save()

    assert District.objects.get(code=SHANGCHENG).commission_title == "上城区劳动人事争议仲裁院"
    assert District.objects.get(code="330106").commission_title == (
        "杭州市西湖区劳动人事争议仲裁委员会"
    )


def test_a_districts_mediators_are_offered_only_its_own_cases(people, cases, make_staff):
    from jiefen.mediation.selectors import mediator_candidates

    sc_mediator = make_staff(Role.MEDIATOR, scope_code=SHANGCHENG)

    assert sc_mediator not in mediator_candidates(case=cases["xihu"][0])
    assert sc_mediator in mediator_candidates(case=cases["shangcheng"][0])


def test_arbitration_documents_are_the_districts_own_and_404_to_the_other(people, cases):
    from jiefen.arbitration.documents import acceptance_notice
    from jiefen.arbitration.services import application_accept, application_file

    leader = people["city_leader"]
    filed = {}
    for district, group in cases.items():
        application = application_file(case=group[1], actor=leader)
        application_accept(application=application, actor=leader)
        filed[district] = application
    client = Client()
    client.force_login(people["sc_clerk"])
    xihu = filed["xihu"].pk

    assert acceptance_notice(filed["shangcheng"]).issuing_body == (
        "杭州市上城区劳动人事争议仲裁委员会"
    )
    assert acceptance_notice(filed["shangcheng"]).doc_number.startswith("上劳人仲受字")
    assert acceptance_notice(filed["xihu"]).issuing_body == "杭州市西湖区劳动人事争议仲裁委员会"
    assert client.get(f"/arbitration/{xihu}/").status_code == 404
    assert client.get(f"/arbitration/{xihu}/documents/acceptance.docx").status_code == 404
    assert client.get(f"/arbitration/{xihu}/documents/acceptance.print").status_code == 404
    own = filed["shangcheng"].pk
    assert client.get(f"/arbitration/{own}/documents/acceptance.docx").status_code == 200
