"""Applying on the portal: the phone code, the limits, the evidence checks, the receipt."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiefen.cases.choices import CaseStatus, Channel
from jiefen.cases.models import Case
from jiefen.core import crypto
from jiefen.core.senders import ConsoleSender
from jiefen.geo.models import Village
from jiefen.portal import services
from jiefen.portal.choices import ApplicationStatus, CodePurpose
from jiefen.portal.models import Application, Evidence, PhoneCode
from jiefen.portal.tests.conftest import (
    EXE,
    ID_NUMBER,
    PDF,
    PHONE,
    PNG,
    evidence_files,
    last_code,
)

pytestmark = pytest.mark.django_db


def submit(**overrides):
    data = {
        "kind": "mediation",
        "phone": PHONE,
        "client_ip": "10.0.0.1",
        "name": "李明",
        "id_number": ID_NUMBER,
        "address": "",
        "employer_name": "杭州之江建设有限公司",
        "employer_credit_code": "",
        "employer_address": "转塘街道",
        "village": Village.objects.get(code="330106010002"),
        "category": "wage_arrears",
        "summary": "2026年8月起拖欠工资三个月",
        "claims": [("支付拖欠工资", Decimal("15000"))],
        "files": [],
    }
    data.update(overrides)
    return services.application_submit(**data)


def test_a_code_is_sent_by_sms_and_only_its_hash_is_kept(xihu, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = services.code_send(phone=PHONE, purpose=CodePurpose.APPLY, client_ip="10.0.0.1")

    code = last_code(PHONE)
    row.refresh_from_db()
    assert code not in row.code_hash
    assert row.phone_hash == crypto.lookup_hash(PHONE)
    assert ConsoleSender.sent[-1].channel == "sms"


def test_the_right_code_is_accepted_once(xihu, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.code_send(phone=PHONE, purpose=CodePurpose.APPLY, client_ip=None)
    code = last_code(PHONE)
    phone_hash = crypto.lookup_hash(PHONE)

    services.code_verify(phone_hash=phone_hash, purpose=CodePurpose.APPLY, code=code)

    with pytest.raises(services.ValidationError) as err:
        services.code_verify(phone_hash=phone_hash, purpose=CodePurpose.APPLY, code=code)
    assert "验证码不正确或已过期" in str(err.value)


def test_a_code_expires_after_ten_minutes(xihu, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.code_send(phone=PHONE, purpose=CodePurpose.APPLY, client_ip=None)
    code = last_code(PHONE)
    with (
        time_machine.travel(dt.datetime(2026, 9, 1, 2, 10, 1, tzinfo=dt.UTC), tick=False),
        pytest.raises(services.ValidationError),
    ):
        services.code_verify(
            phone_hash=crypto.lookup_hash(PHONE), purpose=CodePurpose.APPLY, code=code
        )


def test_a_code_is_dead_after_five_wrong_tries(xihu, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.code_send(phone=PHONE, purpose=CodePurpose.APPLY, client_ip=None)
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    phone_hash = crypto.lookup_hash(PHONE)
    for _i in range(5):
        with pytest.raises(services.ValidationError):
            services.code_verify(phone_hash=phone_hash, purpose=CodePurpose.APPLY, code=wrong)

    with pytest.raises(services.ValidationError):
        services.code_verify(phone_hash=phone_hash, purpose=CodePurpose.APPLY, code=code)
    assert PhoneCode.objects.get().attempts == 5


def test_a_sixth_code_to_one_phone_within_the_hour_is_refused(xihu):
    with time_machine.travel(dt.datetime(2026, 9, 1, 2, 5, tzinfo=dt.UTC), tick=False):
        for i in range(5):
            services.code_send(phone=PHONE, purpose=CodePurpose.APPLY, client_ip=f"10.0.0.{i}")
        with pytest.raises(services.RateLimited) as err:
            services.code_send(phone=PHONE, purpose=CodePurpose.APPLY, client_ip="10.0.1.1")
    assert err.value.status_code == 429
    assert "该手机号获取验证码次数过多" in err.value.message
    assert PhoneCode.objects.count() == 5
    # The next hour brings a new allowance.
    with time_machine.travel(dt.datetime(2026, 9, 1, 3, 0, tzinfo=dt.UTC), tick=False):
        services.code_send(phone=PHONE, purpose=CodePurpose.APPLY, client_ip="10.0.1.1")
    assert PhoneCode.objects.count() == 6


def test_codes_from_one_address_are_limited_across_phones(xihu, settings):
    settings.JIEFEN_PORTAL_LIMITS = {"codes_per_ip_hour": 3}
    for i in range(3):
        services.code_send(phone=f"1390571{i:04d}", purpose=CodePurpose.APPLY, client_ip="10.9.9.9")

    with pytest.raises(services.RateLimited) as err:
        services.code_send(phone="13905719999", purpose=CodePurpose.APPLY, client_ip="10.9.9.9")
    assert "本网络发送验证码过于频繁" in err.value.message


def test_a_fourth_application_from_one_address_in_a_day_is_refused(xihu):
    for i in range(3):
        submit(name=f"工人{i}", id_number="", phone=f"1390571{i:04d}")

    with pytest.raises(services.RateLimited) as err:
        submit(name="工人9", id_number="", phone="13905719999")
    assert "本网络今日提交的申请已达上限" in err.value.message
    assert Application.objects.count() == 3
    # Another address is not affected.
    submit(name="工人8", id_number="", phone="13905718888", client_ip="10.0.0.2")
    assert Application.objects.count() == 4


def test_an_application_creates_an_online_received_case_with_its_evidence(xihu, media_root):
    application = submit(
        files=[
            SimpleUploadedFile("合同.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile("工资条.png", PNG, content_type="image/png"),
        ]
    )

    case = application.case
    assert case.channel == Channel.ONLINE
    assert case.status == CaseStatus.RECEIVED
    assert case.claimants.get().worker.name == "李明"
    assert [e.content_type for e in application.evidence.all()] == ["application/pdf", "image/png"]
    stored = evidence_files(media_root)
    assert len(stored) == 2
    assert all(p.name != "合同.pdf" and len(p.stem) == 32 for p in stored)
    assert case.events.filter(summary__startswith="网上申请：申请调解，证据2份").exists()
    assert application.evidence.first().scan_note == "未配置病毒扫描，文件未经扫描"


def test_a_renamed_executable_is_refused_and_leaves_nothing_behind(xihu, media_root):
    with pytest.raises(services.ValidationError) as err:
        submit(
            files=[
                SimpleUploadedFile("合同.pdf", PDF),
                SimpleUploadedFile("evidence.pdf", EXE, content_type="application/pdf"),
            ]
        )

    assert err.value.message_dict["evidence"] == ["“evidence.pdf”不是PDF、JPEG或PNG文件"]
    assert evidence_files(media_root) == []
    assert not Case.objects.exists()
    assert not Evidence.objects.exists()


def test_an_oversized_file_is_refused_and_leaves_nothing_behind(xihu, media_root, settings):
    settings.JIEFEN_EVIDENCE_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)

    with pytest.raises(services.ValidationError) as err:
        submit(files=[SimpleUploadedFile("扫描件.pdf", big)])

    assert "超过1 MB" in err.value.message_dict["evidence"][0]
    assert evidence_files(media_root) == []
    assert not Case.objects.exists()


def test_a_file_the_scanner_rejects_is_deleted_and_the_application_rolled_back(
    xihu, media_root, settings
):
    settings.JIEFEN_EVIDENCE_SCANNER = "jiefen.portal.tests.test_apply.infected_scanner"

    with pytest.raises(services.ValidationError) as err:
        submit(files=[SimpleUploadedFile("a.pdf", PDF)])

    assert "未通过病毒扫描：EICAR" in err.value.message_dict["evidence"][0]
    assert evidence_files(media_root) == []
    assert not Application.objects.exists()


def infected_scanner(path):
    from jiefen.portal.evidence import ScanResult

    return ScanResult(clean=False, note="EICAR")


def test_the_apply_pages_take_a_phone_code_then_the_form_and_give_a_receipt(
    client, xihu, media_root, django_capture_on_commit_callbacks
):
    start = reverse("portal:apply_start", args=["mediation"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start, {"step": "send", "phone": PHONE})
    client.post(start, {"step": "verify", "code": last_code(PHONE)})
    village = Village.objects.get(code="330106010002")

    response = client.post(
        reverse("portal:apply_form", args=["mediation"]),
        {
            "name": "李明",
            "id_number": ID_NUMBER,
            "employer_name": "杭州之江建设有限公司",
            "village": village.pk,
            "category": "wage_arrears",
            "summary": "拖欠工资",
            "claim_1": "支付工资",
            "amount_1": "8000",
            "evidence": [SimpleUploadedFile("合同.pdf", PDF)],
        },
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:receipt", args=[case.number])
    receipt = client.get(response.url)
    assert case.number in receipt.content.decode()
    assert case.portal_application.status == ApplicationStatus.SUBMITTED
    assert case.claim_total == Decimal("8000")


def test_the_form_is_refused_without_a_confirmed_phone(client, xihu):
    response = client.get(reverse("portal:apply_form", args=["mediation"]))

    assert response.status_code == 302
    assert response.url == reverse("portal:apply_start", args=["mediation"])


def test_a_wrong_identity_number_is_shown_on_its_field(
    client, xihu, django_capture_on_commit_callbacks
):
    start = reverse("portal:apply_start", args=["arbitration"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start, {"step": "send", "phone": PHONE})
    client.post(start, {"step": "verify", "code": last_code(PHONE)})

    response = client.post(
        reverse("portal:apply_form", args=["arbitration"]),
        {"name": "李明", "id_number": "330106199003071235", "summary": "x"},
    )

    assert response.status_code == 400
    assert "身份证号校验位不正确" in response.content.decode()
    assert not Case.objects.exists()


def test_the_phone_page_answers_429_when_the_phone_has_had_its_codes(client, xihu):
    start = reverse("portal:apply_start", args=["mediation"])
    for _i in range(5):
        assert client.post(start, {"step": "send", "phone": PHONE}).status_code == 302

    response = client.post(start, {"step": "send", "phone": PHONE})

    assert response.status_code == 429
    assert "该手机号获取验证码次数过多" in response.content.decode()


def test_pruning_removes_spent_counters_and_old_codes(xihu):
    with time_machine.travel(dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        services.code_send(phone=PHONE, purpose=CodePurpose.APPLY, client_ip="10.0.0.1")
    with time_machine.travel(dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        services.code_send(phone=PHONE, purpose=CodePurpose.APPLY, client_ip="10.0.0.1")

        removed = services.portal_prune()

    assert removed == 3  # two counters and one code of June
    assert PhoneCode.objects.count() == 1
