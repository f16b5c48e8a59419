"""A claimed link (issue 16.1: a complainant linked to a person on file by identity number
alone): inspection texts and names the complainant as given on the case, never the person on
file."""

from __future__ import annotations

from decimal import Decimal

import time_machine
from django.urls import reverse

from jiefen.cases.tests.factories import (
    CLAIMED_NAME,
    CLAIMED_PHONE,
    RECORD_NAME,
    RECORD_PHONE,
    make_claimed,
)
from jiefen.core.senders import ConsoleSender
from jiefen.inspection.services import (
    complainant_notice_send,
    inspection_suspend,
    wage_recovery_record,
)
from jiefen.inspection.tests.conftest import at


def test_the_written_notice_texts_the_phone_given_on_the_case(
    opened, inspector, django_capture_on_commit_callbacks
):
    make_claimed(opened.case)
    with time_machine.travel(at(2026, 10, 12), tick=False):
        inspection_suspend(inspection=opened, actor=inspector, reason="等待司法鉴定")
    notice = opened.notices.get()
    ConsoleSender.sent.clear()

    with (
        time_machine.travel(at(2026, 10, 13, 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        complainant_notice_send(notice=notice, actor=inspector, text="因等待鉴定，调查中止。")

    assert [m.to for m in ConsoleSender.sent] == [CLAIMED_PHONE]
    notice.refresh_from_db()
    assert notice.sms_to == "139****0000"


def test_the_page_and_the_api_name_the_complainant_as_given_on_the_case(
    opened, inspector, client, api_as
):
    claimant = make_claimed(opened.case)
    wage_recovery_record(
        inspection=opened, actor=inspector, amount=Decimal("8000"), claimant=claimant
    )
    client.force_login(inspector)

    page = client.get(reverse("inspection:detail", args=[opened.pk])).content.decode()
    body = api_as(inspector).get(f"/api/v1/inspection/inspections/{opened.pk}/").json()

    assert f"{CLAIMED_NAME}（139****0000）" in page
    assert RECORD_NAME not in page and RECORD_PHONE[:3] + "****" + RECORD_PHONE[-4:] not in page
    assert [r["worker_name"] for r in body["wage_recoveries"]] == [CLAIMED_NAME]
    assert opened.case.events.filter(summary=f"追发工资8,000.00 元：{CLAIMED_NAME}").exists()
