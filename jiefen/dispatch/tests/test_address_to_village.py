"""A 110 incident that arrives with only an address: the gazetteer fills in its village when
the address is unique and confident (and the units go out), or lists the candidates to confirm."""

import pytest
from django.urls import reverse

from jiefen.dispatch.choices import EventKind
from jiefen.dispatch.models import Incident
from jiefen.dispatch.tests.conftest import VILLAGE, payload
from jiefen.geo.services import gazetteer_load

pytestmark = pytest.mark.django_db

GAZETTEER = """kind,name,section,villages,aliases
road,之江路,,330106010002|330106010003,
road_section,之江路,1-199号,330106010002,
road_section,之江路,200-499号,330106010003,
"""


@pytest.fixture
def gazetteer(xihu):
    gazetteer_load(text=GAZETTEER, source="test")


def test_an_incident_with_only_an_address_arrives_with_its_village_and_is_dispatched(
    post_signed, police, inspector, gazetteer
):
    response = post_signed(payload(village_code="", address="西湖区之江路88号工地门口"))

    assert response.status_code == 201, response.content
    incident = Incident.objects.get()
    assert incident.village.code == VILLAGE
    assert response.json()["village_code"] == VILLAGE
    assert incident.orders.count() == 2
    received = incident.events.get(kind=EventKind.RECEIVED)
    assert "村社由地址匹配：转塘街道珊瑚沙社区（路段：之江路1-199号）" in received.summary


def test_an_address_on_a_boundary_road_waits_with_its_candidates_for_confirmation(
    post_signed, police, inspector, gazetteer
):
    response = post_signed(payload(village_code="", address="之江路沿线某工地"))

    incident = Incident.objects.get()
    assert incident.village is None and not incident.orders.exists()
    candidates = response.json()["village_candidates"]
    assert {c["village_code"] for c in candidates} == {"330106010002", "330106010003"}
    assert all("跨村界" in c["reason"] for c in candidates)
    received = incident.events.get(kind=EventKind.RECEIVED)
    assert "地址匹配到多个村社，待确认" in received.summary


def test_the_incident_page_offers_the_address_candidates_to_tick(
    client, post_signed, police, inspector, leader, gazetteer
):
    post_signed(payload(village_code="", address="之江路沿线某工地"))
    incident = Incident.objects.get()
    client.force_login(leader)

    page = client.get(reverse("dispatch:incident_detail", args=[incident.pk])).content.decode()

    assert 'type="radio"' in page
    assert "转塘街道 · 珊瑚沙社区" in page and "转塘街道 · 沈家弄社区" in page


def test_a_phoned_in_incident_entered_with_only_its_address_is_placed_by_it(
    client, clerk, police, inspector, gazetteer
):
    import datetime as dt

    from django.utils import timezone

    client.force_login(clerk)

    response = client.post(
        reverse("dispatch:incident_create"),
        {
            "received_at": (timezone.localtime() - dt.timedelta(minutes=3)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "caller_name": "王芳",
            "address": "之江路300号",
            "village": "",
            "village_q": "",
            "people_involved": "2",
            "category": "wage_arrears",
            "description": "来电称老板拖欠工资",
        },
    )

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.village.code == "330106010003"
    assert incident.orders.count() == 2
