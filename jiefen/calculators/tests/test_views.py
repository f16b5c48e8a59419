"""The calculator's pages and API: compute, print, Word, save onto a case; the portal's page."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.utils import translation

from jiefen.accounts.choices import Role
from jiefen.calculators.models import Calculation

pytestmark = pytest.mark.django_db

FORM = {
    "monthly_wage": "8000",
    "start_date": "2020-03-01",
    "end_date": "2023-08-31",
    "reason": "mutual",
    "unpaid_wages": "5000",
}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_staff_page_shows_each_amount_with_its_article(mediator):
    response = client_for(mediator).post("/calculators/", FORM)

    assert response.status_code == 200
    page = response.content.decode()
    assert "32,000.00" in page  # 4 months × 8,000 (第四十七条)
    assert "《劳动合同法》第四十六条、第四十七条" in page
    assert "37,000.00" in page


def test_a_bad_form_answers_400_with_the_reason(mediator):
    response = client_for(mediator).post("/calculators/", {**FORM, "end_date": "2019-01-01"})
    assert response.status_code == 400
    assert "离职日期不能早于入职日期" in response.content.decode()


def test_the_result_downloads_as_word(mediator):
    response = client_for(mediator).post("/calculators/", {**FORM, "output": "docx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "劳动争议应得金额测算表" in document
    assert "32,000.00" in document


def test_the_result_prints(mediator):
    response = client_for(mediator).post("/calculators/", {**FORM, "output": "print"})
    assert "劳动争议应得金额测算表" in response.content.decode()


def test_a_mediator_saves_onto_a_case_as_its_claims(mediator, handling_case):
    response = client_for(mediator).post(
        f"/calculators/cases/{handling_case.pk}/save/", {**FORM, "as_claims": "1"}
    )

    assert response.status_code == 302
    handling_case.refresh_from_db()
    assert handling_case.claim_total == 37000
    page = client_for(mediator).get(handling_case.get_absolute_url()).content.decode()
    assert 'data-testid="calc-panel"' in page
    assert "已设为请求事项" in page


def test_a_saved_calculation_prints_and_downloads(mediator, handling_case):
    client = client_for(mediator)
    client.post(f"/calculators/cases/{handling_case.pk}/save/", {**FORM, "as_claims": "1"})
    pk = Calculation.objects.get().pk

    assert (
        "32,000.00" in client.get(f"/calculators/calculations/{pk}/?output=print").content.decode()
    )
    docx = client.get(f"/calculators/calculations/{pk}/?output=docx")
    assert docx["Content-Disposition"].startswith("attachment")


def test_a_saved_calculation_is_not_found_outside_the_scope(
    mediator, handling_case, clerk_elsewhere
):
    client_for(mediator).post(f"/calculators/cases/{handling_case.pk}/save/", FORM)
    pk = Calculation.objects.get().pk

    assert client_for(clerk_elsewhere).get(f"/calculators/calculations/{pk}/").status_code == 404


def test_a_case_outside_the_scope_is_not_found(handling_case, clerk_elsewhere):
    response = client_for(clerk_elsewhere).get(f"/calculators/?case={handling_case.pk}")
    assert response.status_code == 404


def test_a_police_liaison_is_refused_the_calculator(make_staff):
    assert client_for(make_staff(Role.POLICE_LIAISON)).get("/calculators/").status_code == 403


def test_the_api_computes_the_same(mediator, api_as):
    response = api_as(mediator).post(
        "/api/v1/calculators/calculate/",
        {
            "monthly_wage": "8000",
            "start_date": "2020-03-01",
            "end_date": "2023-08-31",
            "reason": "mutual",
        },
        format="json",
    )

    assert response.status_code == 200
    lines = {x["key"]: x for x in response.json()["lines"]}
    assert lines["compensation"]["amount"] == "32000.00"
    assert "第四十七条" in lines["compensation"]["basis"]


def test_the_api_refuses_a_bad_date_with_400(mediator, api_as):
    response = api_as(mediator).post(
        "/api/v1/calculators/calculate/",
        {"monthly_wage": "8000", "start_date": "0001-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "start_date" in response.json()


def test_the_api_saves_onto_a_case(mediator, handling_case, api_as):
    client = api_as(mediator)
    response = client.post(
        f"/api/v1/calculators/cases/{handling_case.pk}/calculations/",
        {**FORM, "as_claims": True},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["total"] == "37000.00"
    listed = client.get(f"/api/v1/calculators/cases/{handling_case.pk}/calculations/").json()
    assert [c["id"] for c in listed] == [response.json()["id"]]


def test_the_portal_page_computes_in_plain_words():
    response = Client().post("/portal/calculator/", FORM)

    page = response.content.decode()
    assert response.status_code == 200
    assert "32,000.00" in page
    assert "每满一年补一个月工资" in page


def test_the_portal_page_says_what_is_wrong():
    response = Client().post("/portal/calculator/", {**FORM, "monthly_wage": ""})
    assert response.status_code == 400
    assert 'data-testid="error-monthly_wage"' in response.content.decode()


def test_a_saved_calculation_shows_its_result_and_its_inputs_to_compute_again(
    mediator, handling_case
):
    client = client_for(mediator)
    client.post(f"/calculators/cases/{handling_case.pk}/save/", {**FORM, "as_claims": "1"})
    pk = Calculation.objects.get().pk

    page = client.get(f"/calculators/calculations/{pk}/").content.decode()

    assert "32,000.00" in page
    assert 'value="2020-03-01"' in page


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def _chinese_after():
    """A request in English leaves English active in the thread: later tests read Chinese."""
    yield
    translation.deactivate()


@pytest.mark.usefixtures("_chinese_after")
def test_a_calculation_saved_in_chinese_reads_in_english_to_an_english_reader(
    mediator, handling_case
):
    client = client_for(mediator)
    client.post(f"/calculators/cases/{handling_case.pk}/save/", {**FORM, "as_claims": "1"})
    pk = Calculation.objects.get().pk

    page = _english(client).get(f"/calculators/calculations/{pk}/").content.decode()

    assert "Labour Contract Law, Articles 46 and 47" in page
    assert "counted as 4 months × CNY 8,000.00 = CNY 32,000.00" in page
    assert "第四十七条" not in page


@pytest.mark.usefixtures("_chinese_after")
def test_a_calculation_saved_as_sentences_shows_them_marked_chinese_on_an_english_page(
    mediator, handling_case
):
    # Saved before a calculation kept its words as messages: the sentences as they were written.
    client = client_for(mediator)
    client.post(f"/calculators/cases/{handling_case.pk}/save/", {**FORM, "as_claims": "1"})
    calculation = Calculation.objects.get()
    line = next(x for x in calculation.result["lines"] if x["key"] == "compensation")
    line["basis"] = "《劳动合同法》第四十六条、第四十七条"
    calculation.save(update_fields=["result"])

    page = _english(client).get(f"/calculators/calculations/{calculation.pk}/").content.decode()

    assert '<span lang="zh">《劳动合同法》第四十六条、第四十七条</span>' in page


@pytest.mark.usefixtures("_chinese_after")
def test_the_api_gives_the_words_in_the_requests_language(mediator, api_as):
    response = api_as(mediator).post(
        "/api/v1/calculators/calculate/",
        {
            "monthly_wage": "8000",
            "start_date": "2020-03-01",
            "end_date": "2023-08-31",
            "reason": "mutual",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    lines = {x["key"]: x for x in response.json()["lines"]}
    assert lines["compensation"]["basis"] == "Labour Contract Law, Articles 46 and 47"
    assert lines["compensation"]["label"] == "Economic compensation"
