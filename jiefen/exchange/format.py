"""The exchange format, version 1 (docs/exchange/case-v1.schema.json, docs/exchange/README.md):
building a message from a case and checking an incoming one.

Identity numbers and phones go in full: this is a government-to-government channel, and the
receiver must be able to serve documents and match parties. Confidentiality in transit is TLS,
configured by the deployment, outside this code."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from jiefen.cases.choices import CaseStatus, Category, Channel, Level, Track
from jiefen.cases.models import Case
from jiefen.cases.track_hooks import case_papers
from jiefen.core import crypto

FORMAT = "jiefen.case"
VERSION = 1
BATCH_FORMAT = "jiefen.case-batch"
MESSAGE_ID_RE = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def _iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 in the centre's time zone (+08:00), the same however the value was stored."""
    return timezone.localtime(value).isoformat() if value else None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def case_document(case: Case) -> dict:
    """The `case` part of a message: the case, its parties in full, claims, state, documents."""
    employer = case.employer
    link = getattr(case, "exchange_link", None)
    return {
        "number": case.number,
        **({"remote_ref": link.remote_ref} if link and link.remote_ref else {}),
        "status": case.status,
        "channel": case.channel,
        "category": case.category,
        "summary": case.summary,
        "village_code": case.village.code,
        "level": case.level,
        "received_at": _iso(case.received_at),
        "registered_at": _iso(case.registered_at),
        "accepted_at": _iso(case.accepted_at),
        "concluded_at": _iso(case.concluded_at),
        "closed_at": _iso(case.closed_at),
        "collective": case.collective,
        "claim_total": _money(case.claim_total),
        "people_gathered": case.people_gathered,
        "extreme_behaviour": case.extreme_behaviour,
        "suspected_extortion": case.suspected_extortion,
        "lead_department": (
            {
                "kind": case.lead_department.kind,
                "street_code": case.lead_department.street.code
                if case.lead_department.street_id
                else None,
            }
            if case.lead_department_id
            else None
        ),
        "assisting_kinds": list(case.assisting_kinds or []),
        "tracks": list(case.tracks or []),
        "triage_rule": case.triage_rule,
        "outcome": case.outcome,
        "outcome_note": case.outcome_note,
        "amount_recovered": _money(case.amount_recovered),
        "employer": (
            {
                "name": employer.name,
                "credit_code": employer.credit_code or "",
                "registration_number": employer.registration_number or "",
                "legal_representative": employer.legal_representative,
                "phone": crypto.decrypt(employer.phone_cipher),
                "address": employer.address,
                "village_code": employer.village.code if employer.village_id else None,
            }
            if employer
            else None
        ),
        "claimants": [
            {
                "name": c.worker.name,
                "id_number": crypto.decrypt(c.worker.id_number_cipher),
                "phone": crypto.decrypt(c.worker.phone_cipher),
                "address": c.worker.address,
                "representative": c.representative,
            }
            for c in case.claimants.select_related("worker").order_by("id")
        ],
        "claims": [{"item": c.item, "amount": _money(c.amount)} for c in case.claims.all()],
        "documents": case_documents(case),
    }


def case_documents(case: Case) -> list[dict]:
    """Documents on the case: those received through the exchange, then the papers the other
    parts register with the case (the evidence received online, the tracks' served documents and
    agreements), described, not embedded."""
    from jiefen.exchange.models import ExchangeDocument

    received = [
        {
            key: value
            for key, value in {
                "kind": d.kind,
                "title": d.title,
                "number": d.number,
                "issued_at": _iso(d.issued_at),
                "content_type": d.content_type,
                "sha256": d.sha256,
            }.items()
            if value not in ("", None) or key in ("kind", "title")
        }
        for d in ExchangeDocument.objects.filter(case=case).order_by("id")
    ]
    papers = [
        {
            key: value
            for key, value in {
                "kind": p.kind,
                "title": p.title,
                "issued_at": _iso(p.issued_at),
                "content_type": p.content_type,
                "sha256": p.sha256,
            }.items()
            if value != ""
        }
        for p in case_papers(case)
    ]
    return received + papers


def message(
    *, case: Case, sender: str, message_id: str | None = None, event=None, sent_at=None
) -> dict:
    body = {
        "format": FORMAT,
        "version": VERSION,
        "message_id": message_id or str(uuid.uuid4()),
        "sent_at": _iso(sent_at or timezone.now()),
        "sender": sender,
    }
    if event is not None:
        body["event"] = {
            "type": "case.status_changed",
            "at": _iso(event.at),
            "old_status": event.old_status,
            "new_status": event.new_status,
            "summary": event.summary,
            "note": event.note,
        }
    body["case"] = case_document(case)
    return body


# ---------------------------------------------------------------------------
# Checking what comes in (the schema's rules that matter for creating a case)
# ---------------------------------------------------------------------------


def parse_datetime_field(value, field: str, errors: dict, *, required: bool = False):
    if value in (None, ""):
        if required:
            errors[field] = ["必填"]
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or parsed.tzinfo is None:
        errors[field] = ["应为带时区的 ISO 8601 时间"]
        return None
    return parsed


def parse_money(value, field: str, errors: dict) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        errors[field] = ["应为金额"]
        return None
    return amount


def message_check(body) -> dict:
    """Raise ValidationError (field → errors) unless `body` is a version-1 case message."""
    errors: dict[str, list[str]] = {}
    if not isinstance(body, dict):
        raise ValidationError({"body": ["应为 JSON 对象"]})
    if body.get("format") != FORMAT:
        errors["format"] = [f"应为 {FORMAT}"]
    if body.get("version") != VERSION:
        errors["version"] = [f"不支持的版本：{body.get('version')!r}（支持 {VERSION}）"]
    if not isinstance(body.get("message_id"), str) or not MESSAGE_ID_RE.fullmatch(
        body["message_id"]
    ):
        errors["message_id"] = ["应为8-64位字母、数字或 ._:-"]
    case = body.get("case")
    if not isinstance(case, dict):
        errors["case"] = ["必填"]
        raise ValidationError(errors)
    if case.get("status") not in CaseStatus.values:
        errors["case.status"] = ["未知状态"]
    if case.get("channel") not in Channel.values:
        errors["case.channel"] = ["未知来源渠道"]
    if case.get("category") not in Category.values:
        errors["case.category"] = ["未知纠纷类别"]
    if case.get("level", Level.VILLAGE) not in Level.values:
        errors["case.level"] = ["未知办理层级"]
    if any(t not in Track.values for t in case.get("tracks") or []):
        errors["case.tracks"] = ["未知办理途径"]
    if not isinstance(case.get("summary"), str) or not case["summary"].strip():
        errors["case.summary"] = ["必填"]
    if not isinstance(case.get("village_code"), str) or not re.fullmatch(
        r"\d{12}", case["village_code"]
    ):
        errors["case.village_code"] = ["应为12位村/社区代码"]
    claimants = case.get("claimants")
    if not isinstance(claimants, list) or not claimants:
        errors["case.claimants"] = ["至少一名申请人"]
    elif not all(isinstance(c, dict) and (c.get("name") or "").strip() for c in claimants):
        errors["case.claimants"] = ["每名申请人须有姓名"]
    if not isinstance(case.get("claims", []), list):
        errors["case.claims"] = ["应为数组"]
    else:
        for i, claim in enumerate(case.get("claims", [])):
            if not isinstance(claim, dict) or not (claim.get("item") or "").strip():
                errors[f"case.claims[{i}]"] = ["须有请求事项"]
            else:
                parse_money(claim.get("amount"), f"case.claims[{i}].amount", errors)
    employer = case.get("employer")
    if employer is not None and (
        not isinstance(employer, dict) or not (employer.get("name") or "").strip()
    ):
        errors["case.employer"] = ["须有单位名称"]
    parse_datetime_field(case.get("received_at"), "case.received_at", errors, required=True)
    for name in ["registered_at", "accepted_at", "concluded_at", "closed_at"]:
        parse_datetime_field(case.get(name), f"case.{name}", errors)
    if errors:
        raise ValidationError(errors)
    return body
