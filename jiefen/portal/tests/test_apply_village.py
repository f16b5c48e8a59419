"""The portal's village: typed, not picked from 222 names; an employer's address in another
street than the village chosen is asked about before the application goes in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiefen.cases.models import Case
from jiefen.geo.gazetteer import gazetteer_forget
from jiefen.geo.models import Village
from jiefen.portal.tests.conftest import ID_NUMBER, PHONE, last_code

pytestmark = pytest.mark.django_db

BAOSHI = "330106002052"  # 宝石社区, 北山街道


@pytest.fixture(autouse=True)
def _fresh_index():
    gazetteer_forget()


@pytest.fixture
def confirmed_phone(client, xihu, django_capture_on_commit_callbacks):
    start = reverse("portal:apply_start", args=["mediation"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start, {"step": "send", "phone": PHONE})
    client.post(start, {"step": "verify", "code": last_code(PHONE)})
    return client


def form_data(**overrides) -> dict:
    data = {
        "name": "李明",
        "id_number": ID_NUMBER,
        "employer_name": "杭州之江建设有限公司",
        "employer_address": "转塘街道象山路18号",
        "village": str(Village.objects.get(code=BAOSHI).pk),
        "village_q": "北山街道 · 宝石社区",
        "category": "wage_arrears",
        "summary": "拖欠工资",
        "claim_1": "支付工资",
    }
    data.update(overrides)
    return data


def test_an_address_in_one_street_with_a_village_in_another_is_asked_about(
    confirmed_phone, media_root
):
    response = confirmed_phone.post(reverse("portal:apply_form", args=["mediation"]), form_data())

    assert response.status_code == 400
    page = response.content.decode()
    assert "位于转塘街道，而所选的宝石社区属于北山街道" in page
    assert 'name="village_confirmed"' in page
    assert not Case.objects.exists()


def test_the_mismatch_once_confirmed_is_accepted(confirmed_phone, media_root):
    response = confirmed_phone.post(
        reverse("portal:apply_form", args=["mediation"]), form_data(village_confirmed="on")
    )

    assert response.status_code == 302
    assert Case.objects.get().village.code == BAOSHI


def test_without_the_script_the_typed_village_name_is_matched_on_submit(
    confirmed_phone, media_root
):
    response = confirmed_phone.post(
        reverse("portal:apply_form", args=["mediation"]),
        form_data(employer_address="", village="", village_q="转塘社区"),
    )

    assert response.status_code == 302
    assert Case.objects.get().village.code == "330106010006"


def test_the_form_page_has_the_picker_and_no_village_dropdown(confirmed_phone):
    page = confirmed_phone.get(reverse("portal:apply_form", args=["mediation"])).content.decode()

    assert 'role="combobox"' in page
    assert reverse("portal:village_search") in page
    assert "宝石社区" not in page
