"""Wall-screen passes (issue 17 item 3): an administrator issues a signed URL for the district or
a street; the screen shows that scope read-only, with no sign-in and no session, and reloads
itself every minute; a revoked or altered pass opens nothing."""

from __future__ import annotations

import json
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from jiefen.core.policy import Forbidden
from jiefen.reports.kiosk import kiosk_token_sign
from jiefen.reports.services import kiosk_token_issue, kiosk_token_revoke
from jiefen.reports.tests.conftest import NOW

SANDUN = "330106109"


def _url(token) -> str:
    return reverse("reports:kiosk", args=[kiosk_token_sign(token)])


def _figure(html: str, key: str) -> str:
    return re.search(rf'data-testid="figure-{key}">([^<]*)<', html).group(1)


def test_a_pass_shows_the_wall_without_signing_in_and_makes_no_session(
    october, administrator, client
):
    token = kiosk_token_issue(actor=administrator, label="三楼大厅")

    with time_machine.travel(NOW, tick=False):
        response = client.get(_url(token))

    assert response.status_code == 200
    html = response.content.decode()
    assert "reports-wall" in html
    assert _figure(html, "received") == "1"  # November: F only
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in html
    assert not Session.objects.exists()


def test_a_pass_reloads_its_page_every_minute(october, administrator, client):
    token = kiosk_token_issue(actor=administrator, label="三楼大厅")

    html = client.get(_url(token)).content.decode()

    data = json.loads(
        re.search(
            r'<script id="reports-data" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert data["refresh"] == 60


def test_a_street_pass_counts_only_that_streets_cases(october, administrator, client):
    token = kiosk_token_issue(actor=administrator, label="三墩镇大屏", street=SANDUN)
    everywhere = kiosk_token_issue(actor=administrator, label="中心大屏")

    with time_machine.travel(NOW, tick=False):
        street_html = client.get(_url(token)).content.decode()
        district_html = client.get(_url(everywhere)).content.decode()

    # November: G (三墩镇) was concluded on 31 October; nothing of 三墩镇 received in November.
    assert _figure(street_html, "received") == "0"
    assert _figure(district_html, "received") == "1"
    assert "三墩镇" in street_html


def test_the_wall_page_has_no_links_into_the_case_lists(october, administrator, client):
    token = kiosk_token_issue(actor=administrator, label="三楼大厅")

    with time_machine.travel(NOW, tick=False):
        html = client.get(_url(token)).content.decode()

    assert "/cases/" not in html


def test_a_revoked_pass_opens_nothing(administrator, client):
    token = kiosk_token_issue(actor=administrator, label="三楼大厅")
    url = _url(token)

    kiosk_token_revoke(actor=administrator, token=token)

    assert client.get(url).status_code == 403


def test_an_altered_pass_opens_nothing(administrator, client):
    token = kiosk_token_issue(actor=administrator, label="三楼大厅")
    signed = kiosk_token_sign(token)
    forged = signed[:-2] + ("aa" if not signed.endswith("aa") else "bb")

    assert client.get(reverse("reports:kiosk", args=[forged])).status_code == 403


def test_a_pass_for_a_deleted_row_does_not_open_a_new_row_with_its_id(administrator, client):
    old = kiosk_token_issue(actor=administrator, label="旧屏")
    url = _url(old)
    pk = old.pk
    old.delete()
    new = kiosk_token_issue(actor=administrator, label="新屏")
    type(new).objects.filter(pk=new.pk).update(id=pk)

    assert client.get(url).status_code == 403


def test_only_an_administrator_issues_passes(leader):
    with pytest.raises(Forbidden):
        kiosk_token_issue(actor=leader, label="三楼大厅")


def test_the_administrator_issues_and_revokes_from_the_passes_page(administrator, client):
    client.force_login(administrator)

    client.post(reverse("reports:kiosks"), {"label": "三楼大厅", "street": SANDUN})
    page = client.get(reverse("reports:kiosks"))
    token = page.context["tokens"][0]
    client.post(reverse("reports:kiosk_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert (token.street, token.label) == (SANDUN, "三楼大厅")
    assert token.revoked_by == administrator
    assert reverse("reports:kiosk", args=[kiosk_token_sign(token)]) in page.content.decode()
