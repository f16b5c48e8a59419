"""The citizen's language: a visible switch on every portal page, remembered; the receipt and
every later SMS in the language they applied in (issue 22 item 5)."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.utils import translation

from jiefen.core.senders import ConsoleSender
from jiefen.portal import services
from jiefen.portal.tests.test_apply import submit
from jiefen.portal.views import CASES_SESSION

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """A request in English leaves English active in the thread: later tests read Chinese."""
    yield
    translation.deactivate()


def test_the_portal_offers_each_language_named_in_itself_with_a_button():
    page = Client().get("/portal/").content.decode()

    assert '<option value="zh-hans" lang="zh-hans" selected>简体中文</option>' in page
    assert '<option value="en" lang="en">English</option>' in page
    assert 'data-testid="language-switch"' in page
    assert (
        "data-autosubmit" not in page.split('data-testid="language-switch"')[1].split("</form>")[0]
    )


def test_the_chosen_language_is_remembered_for_the_next_page():
    client = Client()

    client.post("/i18n/setlang/", {"language": "en", "next": "/portal/"})
    page = client.get("/portal/track/").content.decode()

    assert client.cookies["django_language"].value == "en"
    assert '<html lang="en">' in page


def test_the_staff_switch_names_english_in_english(make_staff):
    client = Client()
    client.force_login(make_staff())

    page = client.get("/").content.decode()

    assert ">English</option>" in page
    assert "英语" not in page


def test_an_application_made_in_english_is_answered_by_sms_in_english(
    xihu, leader, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        application = submit()
    ConsoleSender.sent.clear()

    # The clerk who accepts it works in Chinese.
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, actor=leader)

    assert application.language == "en"
    assert ConsoleSender.sent[-1].body.startswith(f"Your application ({application.case.number})")


def test_the_printed_receipt_is_in_the_language_of_the_reader(xihu):
    application = submit()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    session = client.session
    session[CASES_SESSION] = {str(application.case_id): time.time() + 600}
    session.save()

    page = client.get(f"/portal/receipt/{application.case.number}/print/").content.decode()

    assert '<html lang="en">' in page
    assert "Case number: " in page
    assert "has been received with 0 pieces of evidence" in page
    assert "网上申请回执" not in page


def test_the_english_receipt_marks_the_centres_chinese_name(xihu):
    application = submit()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    session = client.session
    session[CASES_SESSION] = {str(application.case_id): time.time() + 600}
    session.save()

    with translation.override("en"):  # the request leaves its language active in the thread
        page = client.get(f"/portal/receipt/{application.case.number}/print/").content.decode()

    centre = application.case.village.street.district.centre_title
    assert f'<div class="issuing-body"><span lang="zh">{centre}</span></div>' in page
