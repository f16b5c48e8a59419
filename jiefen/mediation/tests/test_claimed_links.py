"""A claimed link (issue 16.1: an applicant linked to a person on file by identity number alone):
mediation texts and names the applicant as given on the case, never the person on file."""

import io

from docx import Document

from jiefen.cases.tests.factories import (
    CLAIMED_NAME,
    CLAIMED_PHONE,
    RECORD_NAME,
    RECORD_PHONE,
    make_claimed,
)
from jiefen.core.senders import ConsoleSender
from jiefen.mediation.services import mediation_refuse, mediation_start


def test_a_refusal_texts_the_phone_given_on_the_case_not_the_person_on_file(
    handling_case, clerk, mediator, django_capture_on_commit_callbacks
):
    make_claimed(handling_case)
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    ConsoleSender.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mediation_refuse(mediation=mediation, actor=mediator, note="公司明确拒绝调解")

    [sms] = [m for m in ConsoleSender.sent if m.subject == "调解终止告知"]
    assert sms.to == CLAIMED_PHONE
    assert sms.body.startswith(f"{CLAIMED_NAME}您好")
    assert RECORD_PHONE not in [m.to for m in ConsoleSender.sent]


def test_the_agreement_document_names_the_applicant_as_given_on_the_case(
    client, clerk, mediator, handling_case
):
    make_claimed(handling_case)
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    client.force_login(mediator)
    client.post(
        f"/mediation/{mediation.pk}/agree/",
        {
            "signed_on": "2026-09-16",
            "terms": "被申请人支付拖欠工资",
            "item": "拖欠工资",
            "amount": "8000.00",
            "due_on": "2026-09-30",
        },
    )

    response = client.get(f"/mediation/{mediation.pk}/agreement.docx")

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert f"申请人：{CLAIMED_NAME}" in text
    assert RECORD_NAME not in text
    assert "转塘街道某小区" not in text  # the record's address is no part of the claim
