"""Receiving a dispute: its number, its parties, its claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases import policies as P
from jiefen.cases.choices import COLLECTIVE_THRESHOLD, Category, Channel, EventKind
from jiefen.cases.clocks import case_clocks_start_on_receive
from jiefen.cases.models import Case, CaseEvent, CaseNumberSeries, Claimant, ClaimItem
from jiefen.core.policy import guarded, internal
from jiefen.geo.models import Village
from jiefen.parties.models import Employer, Worker
from jiefen.parties.services import worker_find_or_create

# A paper record may be entered after the fact, never dated ahead; allow for a clock a little fast.
CLOCK_SKEW = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class ClaimantInput:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    representative: bool = False
    # A worker already on file, picked by the clerk (found by name within their scope).
    worker: Worker | None = None


@internal
def case_number_next(*, year: int) -> str:
    """The next number of the year's series. Call inside the transaction that saves the case:
    the series row stays locked until it commits, and a rollback returns the number, so the
    series has no gaps and no two cases share a number."""
    prefix = settings.JIEFEN_CASE_PREFIX
    CaseNumberSeries.objects.bulk_create(
        [CaseNumberSeries(prefix=prefix, year=year)], ignore_conflicts=True
    )
    series = CaseNumberSeries.objects.select_for_update().get(prefix=prefix, year=year)
    series.last += 1
    series.save(update_fields=["last"])
    return f"{prefix}{year}-{series.last:05d}"


@internal
def search_text_for(case: Case, *, claimant_names: list[str], employer: Employer | None) -> str:
    parts = [case.number, employer.name if employer else "", *claimant_names, case.summary]
    return " ".join(p for p in parts if p)[:4000]


@guarded(P.RECEIVE)
@transaction.atomic
def case_create(
    *,
    actor,
    channel: str,
    category: str,
    summary: str,
    village: Village,
    received_at: dt.datetime | None = None,
    claimants: list[ClaimantInput],
    claims: list[tuple[str, Decimal | None]] | None = None,
    employer: Employer | None = None,
    people_gathered: int = 0,
    extreme_behaviour: bool = False,
    suspected_extortion: bool = False,
    anonymous: bool = False,
) -> Case:
    """Receive a dispute (接待): one case, one number, its first timeline entry.

    `anonymous`: an anonymous report (匿名举报) to labor inspection names no worker, so the case
    has no claimants."""
    now = timezone.now()
    received_at = received_at or now
    errors: dict[str, list[str]] = {}
    if received_at > now + CLOCK_SKEW:
        errors["received_at"] = [_("接待时间不能晚于现在")]
    if channel not in Channel.values:
        errors["channel"] = [_("未知来源渠道")]
    if category not in Category.values:
        errors["category"] = [_("未知纠纷类别")]
    if not summary.strip():
        errors["summary"] = [_("请填写纠纷概要")]
    if anonymous and claimants:
        errors["claimants"] = [_("匿名举报不登记申请人")]
    elif not claimants and not anonymous:
        errors["claimants"] = [_("至少需要一名申请人")]
    collective = len(claimants) >= COLLECTIVE_THRESHOLD and employer is not None
    if collective and not any(c.representative for c in claimants):
        errors["claimants"] = [_("集体争议（10人以上）须推举代表人")]
    if errors:
        raise ValidationError(errors)

    workers = []
    row_errors: dict[str, list[str]] = {}
    for index, c in enumerate(claimants, start=1):
        try:
            workers.append(
                (
                    c.worker
                    or worker_find_or_create(
                        name=c.name, id_number=c.id_number, phone=c.phone, address=c.address
                    ),
                    c.representative,
                )
            )
        except ValidationError as e:
            row_errors[f"claimants[{index}]"] = [f"{c.name or '?'}：{m}" for m in e.messages]
    if row_errors:
        raise ValidationError(row_errors)
    if len({w.pk for w, _rep in workers}) != len(workers):
        raise ValidationError({"claimants": [_("同一申请人不能重复登记")]})

    claims = claims or []
    case = Case(
        number=case_number_next(year=timezone.localdate().year),
        channel=channel,
        category=category,
        summary=summary.strip(),
        village=village,
        employer=employer,
        received_at=received_at,
        collective=collective,
        claimant_count=len(workers),
        claim_total=sum((a for _i, a in claims if a), Decimal(0)),
        people_gathered=people_gathered,
        extreme_behaviour=extreme_behaviour,
        suspected_extortion=suspected_extortion,
        created_by=actor,
    )
    case.search_text = search_text_for(
        case, claimant_names=[w.name for w, _r in workers], employer=employer
    )
    case.save()
    Claimant.objects.bulk_create(
        [Claimant(case=case, worker=w, representative=rep) for w, rep in workers]
    )
    ClaimItem.objects.bulk_create([ClaimItem(case=case, item=i, amount=a) for i, a in claims])
    CaseEvent.objects.create(
        case=case,
        at=now,
        actor=actor,
        kind=EventKind.TRANSITION,
        new_status=case.status,
        summary=f"接待：{Channel(channel).label}，"
        + ("匿名举报" if anonymous else f"{len(workers)}名申请人")
        + ("（集体争议）" if collective else ""),
    )
    # The centre's intake standard runs from reception (clockrules: intake_register, _decide).
    case_clocks_start_on_receive(case=case, actor=actor)
    audit_record(
        action=AuditAction.CREATE, actor=actor, obj=case, summary=f"新建案件 {case.number}"
    )
    return case
