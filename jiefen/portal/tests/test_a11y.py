"""The portal's forms are usable without sight: errors linked to their fields, a summary that
links to each, and a wrong SMS code that leaves the phone as it was."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jiefen.core.tests.test_form_rendering import dangling_descriptions, summary_links
from jiefen.portal.tests.conftest import PHONE, last_code

pytestmark = pytest.mark.django_db


def _send(client, django_capture_on_commit_callbacks, kind="mediation") -> str:
    start = reverse("portal:apply_start", args=[kind])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start, {"step": "send", "phone": PHONE})
    return start


def test_the_portal_form_with_errors_names_only_ids_that_exist_and_summarises_them(
    client, xihu, django_capture_on_commit_callbacks
):
    start = _send(client, django_capture_on_commit_callbacks)
    client.post(start, {"step": "verify", "code": last_code(PHONE)})

    response = client.post(reverse("portal:apply_form", args=["mediation"]), {"summary": "x"})
    html = response.content.decode()

    assert response.status_code == 400
    assert dangling_descriptions(html) == set()
    links = summary_links(html)
    assert "id_name" in links and "id_village" in links
    name_input = re.search(r'<input[^>]*id="id_name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in name_input and "id_name_error" in name_input


def test_a_wrong_sms_code_keeps_the_phone_and_reports_only_the_code(
    client, xihu, django_capture_on_commit_callbacks
):
    start = _send(client, django_capture_on_commit_callbacks)
    wrong = "000000" if last_code(PHONE) != "000000" else "111111"

    html = client.post(start, {"step": "verify", "code": wrong}).content.decode()

    assert "该字段是必填项" not in html
    assert re.search(rf'<input[^>]*name="phone"[^>]*value="{PHONE}"', html)
    assert summary_links(html) == ["id_code"]
    assert dangling_descriptions(html) == set()


def test_the_steps_say_which_is_current_in_words(client, xihu):
    html = client.get(reverse("portal:apply_start", args=["mediation"])).content.decode()

    current = re.search(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', html, re.S)
    assert current and "验证手机" in current.group(1) and "（当前）" in current.group(1)
    assert html.count('aria-current="step"') == 1
