"""The village picker: its endpoints (staff, scoped; portal, public, names only) and its
fallback without the script (the text matched on submit, candidates to tick when ambiguous)."""

import pytest
from django import forms
from django.urls import reverse

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.geo.forms import VillageField
from jiefen.geo.models import Village

pytestmark = pytest.mark.django_db


def test_the_staff_endpoint_finds_a_village_by_its_pinyin_initials(client, clerk):
    client.force_login(clerk)

    response = client.get(reverse("geo:village_search"), {"q": "ztsq"})

    assert response.status_code == 200
    labels = [r["label"] for r in response.json()["results"]]
    assert labels[0] == "转塘街道 · 转塘社区"


def test_the_staff_endpoint_finds_a_village_by_a_landmark_of_its_gazetteer(
    client, clerk, demo_gazetteer
):
    client.force_login(clerk)

    response = client.get(reverse("geo:village_search"), {"q": "象山校区"})

    results = response.json()["results"]
    assert [r["label"] for r in results] == ["转塘街道 · 美院社区"]
    assert results[0]["reason"] == "地标：中国美术学院象山校区"


def test_the_staff_endpoint_offers_only_villages_in_the_persons_scope(client, make_staff):
    mediator = make_staff(Role.MEDIATOR, scope_level=ScopeLevel.STREET, scope_code="330106002")
    client.force_login(mediator)

    response = client.get(reverse("geo:village_search"), {"q": "社区"})

    assert response.json()["results"]
    assert all(r["label"].startswith("北山街道") for r in response.json()["results"])


def test_the_staff_endpoint_needs_a_login(client, xihu):
    response = client.get(reverse("geo:village_search"), {"q": "ztsq"})

    assert response.status_code == 302
    assert "/login" in response.url


def test_the_portal_endpoint_is_public_and_answers_official_names_only(client, demo_gazetteer):
    response = client.get(reverse("portal:village_search"), {"q": "转塘菜场"})

    assert response.status_code == 200
    assert response.json()["results"] == [
        {"id": Village.objects.get(code="330106010023").pk, "label": "转塘街道 · 转塘街社区"}
    ]


def test_the_portal_endpoint_is_rate_limited_per_address(client, xihu, settings):
    settings.JIEFEN_PORTAL_LIMITS = {"village_lookups_per_ip_hour": 2}
    for _ in range(2):
        assert client.get(reverse("portal:village_search"), {"q": "zt"}).status_code == 200

    response = client.get(reverse("portal:village_search"), {"q": "zt"})

    assert response.status_code == 429
    assert response.json()["results"] == []


class _Form(forms.Form):
    village = VillageField(label="村/社区", queryset=Village.objects.all())


def test_without_the_script_an_unambiguous_text_is_matched_on_submit(demo_gazetteer):
    form = _Form({"village": "", "village_q": "之江九里"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["village"].code == "330106010002"


def test_without_the_script_an_ambiguous_text_comes_back_with_candidates_to_tick(
    demo_gazetteer,
):
    form = _Form({"village": "", "village_q": "之江路"})

    assert not form.is_valid()
    html = str(form["village"])
    assert 'type="radio"' in html
    assert "转塘街道 · 珊瑚沙社区" in html and "转塘街道 · 沈家弄社区" in html
    assert "请确认" in form.errors["village"][0]


def test_a_ticked_candidate_is_taken_although_the_box_still_holds_the_ambiguous_text(
    demo_gazetteer,
):
    village = Village.objects.get(code="330106010003")
    form = _Form({"village": str(village.pk), "village_q": "之江路", "village_asked": "之江路"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["village"] == village


def test_an_id_from_the_script_outside_the_fields_villages_is_refused(xihu):
    class Narrow(forms.Form):
        village = VillageField(
            label="村", queryset=Village.objects.filter(street__code="330106002")
        )

    outside = Village.objects.get(code="330106010002")
    form = Narrow({"village": str(outside.pk), "village_q": "转塘街道 · 珊瑚沙社区"})

    assert not form.is_valid()
    assert "不在可选范围" in form.errors["village"][0]


def test_the_picker_is_a_labelled_combobox_and_lists_no_options_up_front(xihu):
    html = _Form().as_div()

    assert 'role="combobox"' in html
    assert 'aria-controls="id_village-listbox"' in html
    assert '<label for="id_village"' in html
    assert "<option" not in html
    assert "geo/village-picker.js" in html


@pytest.mark.parametrize(
    "url",
    [
        "cases:intake",
        "dispatch:incident_create",
        "outreach:enterprise_create",
        "inspection:complaint_new",
    ],
)
def test_every_staff_form_with_a_village_has_the_picker_instead_of_a_dropdown(client, xihu, url):
    # A superuser may open every one of these forms.
    from jiefen.accounts.models import User

    admin = User.objects.create_superuser(username="root", password="x")
    client.force_login(admin)

    response = client.get(reverse(url))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="combobox"' in page
    assert reverse("geo:village_search") in page
    assert "珊瑚沙社区</option>" not in page
