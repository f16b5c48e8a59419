"""A remembered device opens the cases it confirmed without a new code; the accepted case names
its handler and the centre's phone."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from jiefen.accounts.choices import Role
from jiefen.cases.choices import Duty
from jiefen.cases.models import Assignment
from jiefen.core import crypto
from jiefen.portal import services
from jiefen.portal.devices import COOKIE
from jiefen.portal.models import Application
from jiefen.portal.tests.conftest import last_code
from jiefen.portal.tests.test_apply import submit

pytestmark = pytest.mark.django_db
PHONE = "13905710001"


def confirm(client, number, capture, *, remember: bool):
    with capture(execute=True):
        client.post(reverse("portal:track"), {"step": "send", "number": number})
    data = {"step": "verify", "code": last_code(PHONE)}
    if remember:
        data["remember"] = "on"
    return client.post(reverse("portal:track"), data)


def same_device(client) -> Client:
    """A new visit from the same browser: its cookies but not its session."""
    other = Client()
    other.cookies[COOKIE] = client.cookies[COOKIE].value
    return other


def test_a_remembered_device_opens_the_case_next_visit_without_a_code(
    client, xihu, django_capture_on_commit_callbacks
):
    number = submit().case.number
    confirm(client, number, django_capture_on_commit_callbacks, remember=True)

    later = same_device(client)

    assert later.get(reverse("portal:track_case", args=[number])).status_code == 200
    assert number in later.get(reverse("portal:track")).content.decode()


def test_without_remembering_a_new_visit_needs_a_code_again(
    client, xihu, django_capture_on_commit_callbacks
):
    number = submit().case.number
    confirm(client, number, django_capture_on_commit_callbacks, remember=False)

    assert COOKIE not in client.cookies
    assert Client().get(reverse("portal:track_case", args=[number])).status_code == 404


def test_a_remembered_device_expires(client, xihu, django_capture_on_commit_callbacks, settings):
    number = submit().case.number
    confirm(client, number, django_capture_on_commit_callbacks, remember=True)
    later = same_device(client)

    with time_machine.travel(dt.timedelta(days=settings.JIEFEN_PORTAL_DEVICE_DAYS + 1)):
        assert later.get(reverse("portal:track_case", args=[number])).status_code == 404


def test_an_edited_cookie_opens_nothing(client, xihu, django_capture_on_commit_callbacks):
    mine = submit().case
    other = submit(name="王芳", id_number="", phone="13905712222", client_ip="10.0.0.2").case
    confirm(client, mine.number, django_capture_on_commit_callbacks, remember=True)
    forged = Client()
    forged.cookies[COOKIE] = client.cookies[COOKIE].value.replace(f'"{mine.pk}"', f'"{other.pk}"')

    assert forged.get(reverse("portal:track_case", args=[other.number])).status_code == 404
    assert forged.get(reverse("portal:track_case", args=[mine.number])).status_code == 404


def test_a_new_phone_on_file_needs_a_new_code(client, xihu, django_capture_on_commit_callbacks):
    application = submit()
    confirm(client, application.case.number, django_capture_on_commit_callbacks, remember=True)
    Application.objects.filter(pk=application.pk).update(phone_cipher=crypto.encrypt("13905719999"))

    url = reverse("portal:track_case", args=[application.case.number])
    assert same_device(client).get(url).status_code == 404


def test_forgetting_the_device_closes_its_cases(client, xihu, django_capture_on_commit_callbacks):
    number = submit().case.number
    confirm(client, number, django_capture_on_commit_callbacks, remember=True)

    client.post(reverse("portal:track_forget"))

    assert client.get(reverse("portal:track_case", args=[number])).status_code == 404
    assert client.cookies[COOKIE].value == ""


def test_an_accepted_case_names_its_handler_and_the_centres_phone(
    client, clerk, make_staff, django_capture_on_commit_callbacks, settings
):
    mediator = make_staff(Role.MEDIATOR, full_name="王调解")
    settings.JIEFEN_CENTRE_PHONE = "0571-87654321"
    application = submit()
    before = confirm(
        client, application.case.number, django_capture_on_commit_callbacks, remember=False
    )
    page = client.get(before.url).content.decode()
    assert 'data-testid="case-handler"' not in page

    services.application_accept(application=application, actor=clerk)
    page = client.get(before.url).content.decode()
    assert 'data-testid="case-handler"' in page
    assert "0571-87654321" in page

    Assignment.objects.create(case=application.case, user=mediator, duty=Duty.MEDIATOR)
    page = client.get(before.url).content.decode()
    assert f"{mediator.full_name}（调解员）" in page
