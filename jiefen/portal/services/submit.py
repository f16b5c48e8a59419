"""Filing an online application: its case, its evidence, the SMS to the applicant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.choices import Channel, EventKind
from jiefen.cases.public import PublicState
from jiefen.cases.services import ClaimantInput, case_event_add, case_intake
from jiefen.core import crypto
from jiefen.core.policy import guarded
from jiefen.core.senders import send_message
from jiefen.geo.models import Village
from jiefen.parties.services import employer_find_or_create
from jiefen.parties.validators import mask_phone
from jiefen.portal import policies as P
from jiefen.portal.choices import ApplicationKind
from jiefen.portal.evidence import evidence_check, evidence_remove, evidence_write
from jiefen.portal.models import Application, Evidence
from jiefen.portal.services.limits import RateLimited, limit_of, rate_take


def _notify_applicant(application: Application, body: str) -> None:
    phone = crypto.decrypt(application.phone_cipher)
    transaction.on_commit(
        lambda: send_message(channel="sms", to=phone, subject=_("解纷网上申请"), body=body)
    )


KIND_SUMMARY = {
    ApplicationKind.MEDIATION: "申请调解",
    ApplicationKind.ARBITRATION: "申请仲裁",
    ApplicationKind.INSPECTION: "劳动监察投诉",
}


@guarded(P.PUBLIC)
def application_submit(
    *,
    kind: str,
    phone: str,
    client_ip: str | None,
    name: str,
    id_number: str,
    address: str,
    employer_name: str,
    employer_credit_code: str,
    employer_address: str,
    village: Village,
    category: str,
    summary: str,
    claims: list[tuple[str, Decimal | None]],
    files: list,
    now: dt.datetime | None = None,
) -> Application:
    """File an online application: its case (channel online, received), its evidence files."""
    now = now or timezone.now()
    if kind not in ApplicationKind.values:
        raise ValidationError({"kind": [_("请选择申请事项")]})
    checked = evidence_check(files)
    written: list[Path] = []
    try:
        with transaction.atomic():
            if client_ip and not rate_take(
                key=f"apply:ip:{client_ip}",
                limit=limit_of("applications_per_ip_day"),
                per="day",
                now=now,
            ):
                raise RateLimited(_("本网络今日提交的申请已达上限，请明天再试或到窗口办理。"))
            try:
                employer = employer_find_or_create(
                    name=employer_name,
                    credit_code=employer_credit_code,
                    address=employer_address,
                    village=village,
                )
            except ValidationError as e:
                raise ValidationError(
                    {f"employer_{k}": v for k, v in e.message_dict.items()}
                ) from None
            # The typed name and phone are the applicant's claim on this application only:
            # an identity number on file is linked, never rewritten (case_intake).
            case = case_intake(
                actor=None,
                source="portal",
                channel=Channel.ONLINE,
                category=category,
                summary=summary,
                village=village,
                received_at=now,
                claimants=[
                    ClaimantInput(
                        name=name,
                        id_number=id_number,
                        phone=phone,
                        address=address,
                        representative=True,
                    )
                ],
                claims=claims,
                employer=employer,
            )
            application = Application.objects.create(
                case=case,
                kind=kind,
                phone_cipher=crypto.encrypt(phone),
                phone_hash=crypto.lookup_hash(phone),
                phone_masked=mask_phone(phone),
                client_ip=client_ip,
                submitted_at=now,
            )
            _evidence_save(application, checked, written, now=now)
            case_event_add(
                case=case,
                actor=None,
                kind=EventKind.NOTE,
                summary=f"网上申请：{KIND_SUMMARY[kind]}，证据{len(checked)}份",
            )
            _notify_applicant(
                application,
                _("您的网上申请%(state)s，案件编号%(number)s。可凭编号和手机验证码查询进度。")
                % {"number": case.number, "state": PublicState.RECEIVED.label},
            )
    except BaseException:
        evidence_remove(written)
        raise
    return application


def _evidence_save(application, checked, written, *, now) -> None:
    for item in checked:
        stored_name, digest, scan = evidence_write(item, written)
        Evidence.objects.create(
            application=application,
            original_name=item.name,
            stored_name=stored_name,
            content_type=item.content_type,
            size=item.size,
            sha256=digest,
            scan_note=scan.note[:200],
            uploaded_at=now,
        )
