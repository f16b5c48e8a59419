"""The exchange format, version 1 (docs/exchange/case-v1.schema.json, docs/exchange/README.md):
building a message from a case and checking an incoming one against that very schema.

Identity numbers and phones go in full: this is a government-to-government channel, and the
receiver must be able to serve documents and match parties. Confidentiality in transit is TLS,
configured by the deployment, outside this code."""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from jsonschema import Draft202012Validator, FormatChecker

from jiefen.cases.choices import CaseStatus, Category, Channel, Level, Track
from jiefen.cases.models import Case
from jiefen.cases.track_hooks import case_papers
from jiefen.core import crypto

FORMAT = "jiefen.case"
VERSION = 1
BATCH_FORMAT = "jiefen.case-batch"


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
        # The name and phone given on this case; the identity number is the person's. A claim
        # (linked by identity number alone) carries nothing else of the person on file.
        "claimants": [
            {
                "name": c.shown_name,
                "id_number": crypto.decrypt(c.worker.id_number_cipher),
                "phone": crypto.decrypt(c.phone_cipher),
                "address": "" if c.claimed else c.worker.address,
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
# Checking what comes in: the published JSON Schema is the contract, and the validator
# ---------------------------------------------------------------------------

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "exchange" / "case-v1.schema.json"


@functools.cache
def schema() -> dict:
    """docs/exchange/case-v1.schema.json, as published to peers."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _is_datetime(value) -> bool:
    """RFC 3339 with an offset; jsonschema checks no format unless told how."""
    if not isinstance(value, str):
        return True  # the type keyword reports it
    parsed = parse_datetime(value)
    return parsed is not None and parsed.tzinfo is not None


@functools.cache
def validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(schema())
    checker = FormatChecker(formats=())
    checker.checks("date-time", raises=(TypeError, ValueError))(_is_datetime)
    return Draft202012Validator(schema(), format_checker=checker)


def json_path(parts) -> str:
    """`case.claims[0].amount`: the field an error is about, as the 400 names it."""
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


def schema_errors(body) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(parts, text: str) -> None:
        found = errors.setdefault(json_path(parts), [])
        if text not in found:
            found.append(text)

    for error in validator().iter_errors(body):
        parts = list(error.absolute_path)
        kind, expected, value = error.validator, error.validator_value, error.instance
        if kind == "required":
            for name in expected:
                if isinstance(value, dict) and name not in value:
                    add([*parts, name], "必填")
        elif kind == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            for name in sorted(set(value) - known):
                add([*parts, name], "不允许的字段")
        elif parts == ["version"] and kind == "const":
            add(parts, f"不支持的版本：{value!r}（支持 {VERSION}）")
        elif kind == "const":
            add(parts, f"应为 {expected}")
        elif kind == "enum":
            add(parts, "未知取值（可选：" + "、".join(str(v) for v in expected) + "）")
        elif kind == "type":
            add(parts, f"类型应为 {expected}")
        elif kind == "format":
            add(parts, "应为带时区的 ISO 8601 时间")
        elif kind == "minLength" and expected == 1:
            add(parts, "必填")
        elif kind in ("minLength", "maxLength"):
            add(parts, f"长度应{'至少' if kind == 'minLength' else '至多'} {expected} 个字符")
        elif kind == "minItems":
            add(parts, f"至少 {expected} 项")
        elif kind == "pattern" and parts == ["message_id"]:
            add(parts, "应为8-64位字母、数字或 ._:-")
        else:  # pattern, anyOf (money or null), minimum …
            add(parts, f"格式不符（{kind}）")
    return errors


def _choice_errors(case: dict) -> dict[str, list[str]]:
    """The model's choices, which the schema's enums publish; kept here so that a choice added
    to the model and not to the schema (or the reverse) is refused rather than stored."""
    errors: dict[str, list[str]] = {}
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
    if isinstance(case.get("summary"), str) and not case["summary"].strip():
        errors["case.summary"] = ["必填"]
    for i, claimant in enumerate(case.get("claimants") or []):
        if isinstance(claimant, dict) and not str(claimant.get("name") or "").strip():
            errors[f"case.claimants[{i}].name"] = ["必填"]
    return errors


def message_check(body) -> dict:
    """Raise ValidationError (JSON path → errors) unless `body` is a version-1 case message:
    first the published schema, then the model's choices."""
    errors = schema_errors(body)
    case = body.get("case") if isinstance(body, dict) else None
    if isinstance(case, dict):
        for path, found in _choice_errors(case).items():
            errors.setdefault(path, found)
    if errors:
        raise ValidationError(errors)
    return body


# ---------------------------------------------------------------------------
# Reading fields of a checked message
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
