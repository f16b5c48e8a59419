"""Exchange with the provincial network: taking cases in (idempotent on the message id),
importing and exporting batches, and the outbox of state changes delivered with back-off."""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import Department
from jiefen.cases.choices import CaseStatus, Channel, EventKind, Outcome
from jiefen.cases.models import Case, CaseEvent
from jiefen.cases.services import ClaimantInput, case_event_add, case_intake
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded, internal, system
from jiefen.exchange import format as fmt
from jiefen.exchange import policies as P
from jiefen.exchange.models import (
    Direction,
    ExchangeDocument,
    ExchangeLink,
    InboundMessage,
    OutboxMessage,
)
from jiefen.geo.models import Street, Village
from jiefen.parties.services import employer_find_or_create

logger = logging.getLogger("jiefen.exchange")

# Redelivery waits 30 s, 1, 2, 4 … minutes after each failure, at most an hour.
BACKOFF_BASE = dt.timedelta(seconds=30)
BACKOFF_CAP = dt.timedelta(hours=1)
# A worker that claimed a message and died leaves it claimed this long at most.
CLAIM_LEASE = dt.timedelta(minutes=2)
HTTP_TIMEOUT = 10


@internal
def local_sender() -> str:
    return settings.JIEFEN_EXCHANGE_SENDER or f"jiefen-{settings.JIEFEN_DISTRICT_CODE}"


# ---------------------------------------------------------------------------
# Taking a case in
# ---------------------------------------------------------------------------


def _village(code: str, field: str) -> Village:
    village = Village.objects.filter(code=code).first()
    if village is None:
        raise ValidationError({field: [f"本区无此村/社区代码：{code}"]})
    return village


def _case_from_document(*, doc: dict, channel: str, actor=None) -> Case:
    village = _village(doc["village_code"], "case.village_code")
    employer = None
    if doc.get("employer"):
        e = doc["employer"]
        try:
            employer = employer_find_or_create(
                name=e["name"],
                credit_code=e.get("credit_code") or "",
                registration_number=e.get("registration_number") or "",
                legal_representative=e.get("legal_representative") or "",
                phone=e.get("phone") or "",
                address=e.get("address") or "",
                village=Village.objects.filter(code=e.get("village_code") or "").first(),
            )
        except ValidationError as err:
            # A check of one value raises a plain list: it is about the credit code.
            found = err.message_dict if hasattr(err, "error_dict") else {"": err.messages}
            raise ValidationError(
                {f"case.employer.{k}".rstrip("."): v for k, v in found.items()}
            ) from None
    # A peer's claimants are claims: an identity number on file is linked, never rewritten.
    case = case_intake(
        actor=actor,
        source="exchange" if actor is None else "",
        channel=channel,
        category=doc["category"],
        summary=doc["summary"],
        village=village,
        received_at=fmt.parse_datetime_field(doc["received_at"], "received_at", {}),
        claimants=[
            ClaimantInput(
                name=c["name"],
                id_number=c.get("id_number") or "",
                phone=c.get("phone") or "",
                address=c.get("address") or "",
                representative=bool(c.get("representative")),
            )
            for c in doc["claimants"]
        ],
        claims=[
            (c["item"], fmt.parse_money(c.get("amount"), "amount", {}))
            for c in doc.get("claims", [])
        ],
        employer=employer,
        people_gathered=int(doc.get("people_gathered") or 0),
        extreme_behaviour=bool(doc.get("extreme_behaviour")),
        suspected_extortion=bool(doc.get("suspected_extortion")),
    )
    _documents_keep(case, doc.get("documents") or [])
    return case


def _documents_keep(case: Case, documents: list) -> None:
    rows = []
    for d in documents:
        if not isinstance(d, dict) or not d.get("title"):
            continue
        rows.append(
            ExchangeDocument(
                case=case,
                kind=str(d.get("kind") or "document")[:40],
                title=str(d["title"])[:200],
                number=str(d.get("number") or "")[:64],
                issued_at=fmt.parse_datetime_field(d.get("issued_at"), "issued_at", {}),
                content_type=str(d.get("content_type") or "")[:80],
                sha256=str(d.get("sha256") or "")[:64],
            )
        )
    ExchangeDocument.objects.bulk_create(rows)


def _link(case: Case, *, peer: str, remote_ref: str, direction: str) -> ExchangeLink:
    # State changes from now on go to the peer; what happened before it already knows.
    last = CaseEvent.objects.filter(case=case).aggregate(m=Max("id"))["m"] or 0
    return ExchangeLink.objects.create(
        case=case, peer=peer, remote_ref=remote_ref[:64], direction=direction, swept_event_id=last
    )


@dataclass(frozen=True)
class InboundResult:
    case: Case
    created: bool


@system
def inbound_receive(*, sender: str, body: dict) -> InboundResult:
    """Take a case from a peer (channel provincial, status received). The same message id from
    the same sender answers with the case it created the first time and changes nothing."""
    fmt.message_check(body)
    message_id = body["message_id"]
    seen = InboundMessage.objects.filter(sender=sender, message_id=message_id).first()
    if seen is not None:
        return InboundResult(case=seen.case, created=False)
    doc = body["case"]
    try:
        with transaction.atomic():
            case = _case_from_document(doc=doc, channel=Channel.PROVINCIAL)
            # The unique (sender, message id) row: of two simultaneous deliveries of one message
            # the second waits for the first to commit, fails here and rolls back its case.
            InboundMessage.objects.create(sender=sender, message_id=message_id, case=case)
            _link(case, peer=sender, remote_ref=doc["number"], direction=Direction.INBOUND)
            case_event_add(
                case=case,
                actor=None,
                kind=EventKind.NOTE,
                summary=phrase(
                    N_("省平台转入：%(sender)s 编号 %(number)s"),
                    sender=sender,
                    number=doc["number"],
                ),
                data={"message_id": message_id},
            )
    except IntegrityError:
        seen = InboundMessage.objects.filter(sender=sender, message_id=message_id).first()
        if seen is None:
            raise
        return InboundResult(case=seen.case, created=False)
    return InboundResult(case=case, created=True)


# ---------------------------------------------------------------------------
# Batches: export and import as files
# ---------------------------------------------------------------------------


@system
def batch_export(*, cases) -> dict:
    """A batch file: one version-1 message per case."""
    sender = local_sender()
    return {
        "format": fmt.BATCH_FORMAT,
        "version": fmt.VERSION,
        "exported_at": timezone.now().isoformat(),
        "sender": sender,
        "messages": [
            fmt.message(case=case, sender=sender)
            for case in cases.select_related(
                "village", "employer__village", "lead_department__street"
            ).order_by("id")
        ],
    }


def _outcome(doc: dict) -> str:
    """The recorded outcome; a message from before the field existed implies it by the state."""
    outcome = doc.get("outcome") or ""
    if outcome in Outcome.values:
        return outcome
    return doc["status"] if doc["status"] in Outcome.values else ""


RESTORED_FIELDS = [
    "registered_at",
    "accepted_at",
    "concluded_at",
    "closed_at",
]


@system
@transaction.atomic
def case_import(*, body: dict, peer: str = "") -> InboundResult:
    """Restore a case from an exported message, keeping its number and every exported field.

    Restoring is not a lifecycle move: the recorded state is written as it was, in one update,
    with one timeline entry saying so (the only status write outside case_act)."""
    fmt.message_check(body)
    doc = body["case"]
    sender = body.get("sender") or "file"
    seen = InboundMessage.objects.filter(sender=sender, message_id=body["message_id"]).first()
    if seen is not None:
        return InboundResult(case=seen.case, created=False)
    if Case.objects.filter(number=doc["number"]).exists():
        raise ValidationError({"case.number": [f"本地已有案件 {doc['number']}"]})
    case = _case_from_document(doc=doc, channel=doc["channel"])
    errors: dict = {}
    fields = {
        "number": doc["number"],
        "status": doc["status"],
        "level": doc.get("level") or "village",
        "collective": bool(doc.get("collective")),
        "claim_total": fmt.parse_money(doc.get("claim_total"), "claim_total", errors) or Decimal(0),
        "assisting_kinds": list(doc.get("assisting_kinds") or []),
        "tracks": list(doc.get("tracks") or []),
        "triage_rule": (doc.get("triage_rule") or "")[:40],
        "outcome": _outcome(doc),
        "outcome_note": doc.get("outcome_note") or "",
        "amount_recovered": fmt.parse_money(
            doc.get("amount_recovered"), "amount_recovered", errors
        ),
        "lead_department": _department(doc.get("lead_department")),
    }
    for name in RESTORED_FIELDS:
        fields[name] = fmt.parse_datetime_field(doc.get(name), name, errors)
    if errors:
        raise ValidationError(errors)
    fields["search_text"] = case.search_text.replace(case.number, doc["number"], 1)
    Case.objects.filter(pk=case.pk).update(**fields)
    InboundMessage.objects.create(sender=sender, message_id=body["message_id"], case=case)
    case_event_add(
        case=case,
        actor=None,
        kind=EventKind.NOTE,
        new_status=doc["status"],
        summary=phrase(
            N_("批量导入：恢复为“%(status)s”状态"),
            status=CaseStatus(doc["status"])
            if doc["status"] in CaseStatus.values
            else doc["status"],
        ),
        data={"message_id": body["message_id"], "from": sender},
    )
    if peer:
        _link(case, peer=peer, remote_ref=doc.get("remote_ref") or "", direction=Direction.IMPORTED)
    case.refresh_from_db()
    return InboundResult(case=case, created=True)


def _department(value) -> Department | None:
    if not value:
        return None
    street = Street.objects.filter(code=value.get("street_code") or "").first()
    if street is None:
        # A district-level body: the installation's home district's.
        return Department.objects.filter(
            kind=value.get("kind"),
            street=None,
            district__code=value.get("district_code") or settings.JIEFEN_DISTRICT_CODE,
        ).first()
    return Department.objects.filter(kind=value.get("kind"), street=street).first()


@system
def batch_import(*, body: dict) -> list[InboundResult]:
    if not isinstance(body, dict) or body.get("format") != fmt.BATCH_FORMAT:
        raise ValidationError({"format": [f"应为 {fmt.BATCH_FORMAT}"]})
    if body.get("version") != fmt.VERSION:
        raise ValidationError({"version": [f"不支持的版本：{body.get('version')!r}"]})
    return [case_import(body=m) for m in body.get("messages", [])]


# ---------------------------------------------------------------------------
# Outbound: the sweep that fills the outbox, and delivery with back-off
# ---------------------------------------------------------------------------


@guarded(P.SEND, on="case")
@transaction.atomic
def case_send_to_peer(*, case: Case, peer: str, actor) -> OutboxMessage:
    """Start exchanging `case` with `peer`: the whole case goes out now, its changes later."""
    if hasattr(case, "exchange_link"):
        raise ValidationError({"case": ["该案件已与省平台交换"]})
    _link(case, peer=peer, remote_ref="", direction=Direction.OUTBOUND)
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=phrase(N_("推送至省平台：%(peer)s"), peer=peer),
    )
    now = timezone.now()
    outbox = OutboxMessage(peer=peer, case=case, created_at=now, next_attempt_at=now, payload={})
    outbox.payload = fmt.message(
        case=case, sender=local_sender(), message_id=str(outbox.message_id)
    )
    outbox.save()
    return outbox


@system
def exchange_sweep(*, now: dt.datetime | None = None) -> int:
    """Put each new state change of an exchanged case in the outbox; the number written.

    Reads CaseEvent rows past each link's mark: the event is committed with the state change, so
    nothing is missed across restarts, and the unique event column writes each message once."""
    now = now or timezone.now()
    written = 0
    for link in ExchangeLink.objects.select_related("case").iterator():
        events = list(
            CaseEvent.objects.filter(
                case_id=link.case_id, id__gt=link.swept_event_id, kind=EventKind.TRANSITION
            ).order_by("id")
        )
        last = CaseEvent.objects.filter(case_id=link.case_id, id__gt=link.swept_event_id).aggregate(
            m=Max("id")
        )["m"]
        if last is None:
            continue
        with transaction.atomic():
            rows = []
            done = set(
                OutboxMessage.objects.filter(event__in=events).values_list("event_id", flat=True)
            )
            events = [e for e in events if e.pk not in done]
            case = Case.objects.select_related("village", "employer__village").get(pk=link.case_id)
            for event in events:
                row = OutboxMessage(
                    peer=link.peer, case=case, event=event, created_at=now, next_attempt_at=now
                )
                row.payload = fmt.message(
                    case=case, sender=local_sender(), message_id=str(row.message_id), event=event
                )
                rows.append(row)
            OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
            written += len(rows)
            ExchangeLink.objects.filter(pk=link.pk, swept_event_id=link.swept_event_id).update(
                swept_event_id=last
            )
    return written


@internal
def backoff(attempts: int) -> dt.timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def _post(*, url: str, body: bytes, headers: dict) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST")
    for name, value in {**headers, "Content-Type": "application/json"}.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as e:
        return e.code, f"HTTP {e.code}"
    except (urllib.error.URLError, OSError) as e:
        return 0, str(getattr(e, "reason", e))[:300]


@system
def outbox_deliver_one(*, message: OutboxMessage, now: dt.datetime | None = None) -> bool:
    """Try one message once; True when the peer confirmed it (2xx)."""
    from jiefen.core.webhooks import signed_headers

    now = now or timezone.now()
    # Claim it: a second worker finds next_attempt_at moved and leaves it alone.
    claimed = OutboxMessage.objects.filter(
        pk=message.pk, delivered_at__isnull=True, next_attempt_at=message.next_attempt_at
    ).update(next_attempt_at=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    if claimed != 1:
        return False
    attempts = message.attempts + 1
    url = (settings.JIEFEN_EXCHANGE_PEERS or {}).get(message.peer)
    secret = (settings.JIEFEN_WEBHOOK_SECRETS or {}).get(message.peer)
    if not url or not secret:
        status, error = 0, f"未配置对方地址或密钥：{message.peer}"
    else:
        body = json.dumps(message.payload, ensure_ascii=False, separators=(",", ":")).encode()
        headers = signed_headers(sender=local_sender(), secret=secret, body=body)
        status, error = _post(url=url, body=body, headers=headers)
    if 200 <= status < 300:
        OutboxMessage.objects.filter(pk=message.pk).update(
            delivered_at=timezone.now(), last_status=status, last_error=""
        )
        return True
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=now + backoff(attempts),
        last_status=status or None,
        last_error=(error or f"HTTP {status}")[:300],
    )
    logger.warning("exchange: %s to %s failed (%s)", message.message_id, message.peer, error)
    return False


@system
def outbox_deliver_due(*, now: dt.datetime | None = None, limit: int = 100) -> tuple[int, int]:
    """Deliver what is due; (delivered, failed)."""
    now = now or timezone.now()
    due = list(
        OutboxMessage.objects.filter(delivered_at__isnull=True, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "id"
        )[:limit]
    )
    delivered = failed = 0
    for message in due:
        if outbox_deliver_one(message=message, now=now):
            delivered += 1
        else:
            failed += 1
    return delivered, failed
