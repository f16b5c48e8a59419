"""Receiving a dispute: its number, its parties, its claims."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases import messages as M
from jiefen.cases import policies as P
from jiefen.cases.choices import COLLECTIVE_THRESHOLD, Category, Channel, EventKind
from jiefen.cases.clocks import case_clocks_start_on_receive
from jiefen.cases.models import Case, CaseEvent, CaseNumberSeries, Claimant, ClaimItem, Clock
from jiefen.cases.selectors import case_visible_known
from jiefen.cases.services.identity import (
    ClaimantInput,
    IdentityConflict,
    IdentityQuestion,
    _claimant_resolve,
    _Resolved,
)
from jiefen.cases.services.lifecycle import case_act
from jiefen.cases.services.related import case_related_find
from jiefen.cases.timeline import case_events_together, case_events_write
from jiefen.core import crypto
from jiefen.core.messages import event_text_fields
from jiefen.core.policy import Forbidden, guarded, internal
from jiefen.core.transactions import service_atomic
from jiefen.geo.models import District, Street, Village
from jiefen.geo.selectors import village_in_scope_known, village_list_for_user
from jiefen.parties.models import Employer
from jiefen.parties.validators import mask_phone

# A paper record may be entered after the fact, never dated ahead; allow for a clock a little fast.
CLOCK_SKEW = dt.timedelta(minutes=2)


def _case_prefix(village: Village | None) -> str:
    """The number prefix of the village's district: read from the village when its street and
    district came with it (the API's lookup brings them), else in one query."""
    if village is None:
        own = None
    elif Village.street.is_cached(village) and Street.district.is_cached(village.street):
        own = village.street.district.case_prefix
    else:
        own = (
            District.objects.filter(streets__villages=village)
            .values_list("case_prefix", flat=True)
            .first()
        )
    return own or settings.JIEFEN_CASE_PREFIX


def _series_advance(*, prefix: str, year: int) -> int | None:
    """Add one to the series in one statement and return the new last number (None when the
    series has no row yet). The UPDATE takes the row's lock, as SELECT ... FOR UPDATE did: a
    second registration waits for this transaction and then counts on from its number."""
    using = router.db_for_write(CaseNumberSeries)
    qn = connections[using].ops.quote_name
    table = qn(CaseNumberSeries._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {qn('last')} = {qn('last')} + 1"
            f" WHERE {qn('prefix')} = %s AND {qn('year')} = %s RETURNING {qn('last')}",
            [prefix, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


@internal
def case_number_next(*, year: int, village: Village | None = None) -> str:
    """The next number of the series of the village's district for the year (each district
    numbers its own cases under its prefix; JIEFEN_CASE_PREFIX for a district without one). Call
    inside the transaction that saves the case: the series row stays locked until it commits,
    and a rollback returns the number, so the series has no gaps and no two cases share a
    number."""
    prefix = _case_prefix(village)
    last = _series_advance(prefix=prefix, year=year)
    if last is None:  # the first case of the year: open the series (once, whoever comes first)
        CaseNumberSeries.objects.bulk_create(
            [CaseNumberSeries(prefix=prefix, year=year)], ignore_conflicts=True
        )
        last = _series_advance(prefix=prefix, year=year)
    return f"{prefix}{year}-{last:05d}"


@internal
def search_text_for(case: Case, *, claimant_names: list[str], employer: Employer | None) -> str:
    parts = [case.number, employer.name if employer else "", *claimant_names, case.summary]
    return " ".join(p for p in parts if p)[:4000]


def _lists_in_hand(
    case: Case, *, claimants: list[Claimant], claims: list[ClaimItem], clocks: list[Clock]
) -> None:
    """Give the case just written its lists as written, as `prefetch_related` would (each in the
    order its model reads it): `case.claimants.all()` and the rest then read no query. Every row
    of these lists was written in the running transaction, on a case no other request sees yet,
    so these are all there are; a service that changes one of them later in the request on this
    object keeps it (as `clock_meet` does)."""
    lists = {
        "claimants": sorted(claimants, key=lambda c: (not c.representative, c.pk)),
        "claims": sorted(claims, key=lambda c: c.pk),
        "clocks": sorted(clocks, key=lambda c: (c.due_at, c.pk)),
        "assignments": [],
    }
    cache = case.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, rows in lists.items():
        qs = getattr(case, name).all()
        qs._result_cache, qs._prefetch_done = rows, True
        cache[name] = qs


@guarded(P.RECEIVE)
@service_atomic()
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
    lists_in_hand: bool = False,
) -> Case:
    """Receive a dispute (接待): one case, one number, its first timeline entry.

    `anonymous`: an anonymous report (匿名举报) to labor inspection names no worker, so the case
    has no claimants. `lists_in_hand`: the case comes back with its claimants (with their
    workers), claims, clocks and assignments (none yet) as written, as if prefetched, for a
    caller that answers with them (the API) without reading them again."""
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

    resolved: list[_Resolved] = []
    row_errors: dict[str, list[str]] = {}
    questions: list[IdentityQuestion] = []
    for index, c in enumerate(claimants, start=1):
        try:
            row = _claimant_resolve(c, index=index, actor=actor)
        except ValidationError as e:
            row_errors[f"claimants[{index}]"] = [f"{c.name or '?'}：{m}" for m in e.messages]
            continue
        if isinstance(row, IdentityQuestion):
            questions.append(row)
        else:
            resolved.append(row)
    if row_errors:
        raise ValidationError(row_errors)
    if questions:
        raise IdentityConflict(questions)
    if len({r.worker.pk for r in resolved}) != len(resolved):
        raise ValidationError({"claimants": [_("同一申请人不能重复登记")]})
    workers = [(r.worker, r.representative) for r in resolved]

    claims = claims or []
    case = Case(
        number=case_number_next(year=timezone.localdate().year, village=village),
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
        case, claimant_names=[r.name for r in resolved], employer=employer
    )
    case.save()
    claimant_rows = Claimant.objects.bulk_create(
        [
            Claimant(
                case=case,
                worker=r.worker,
                representative=r.representative,
                name=r.name,
                phone_cipher=crypto.encrypt(r.phone),
                phone_hash=(crypto.lookup_hash(r.phone) or "") if r.phone else "",
                phone_masked=mask_phone(r.phone) if r.phone else "",
                claimed=r.claimed,
            )
            for r in resolved
        ]
    )
    claim_rows = ClaimItem.objects.bulk_create(
        [ClaimItem(case=case, item=i, amount=a) for i, a in claims]
    )
    received = CaseEvent(
        case=case,
        at=now,
        actor=actor,
        kind=EventKind.TRANSITION,
        new_status=case.status,
        **event_text_fields(
            M.RECEIVED_ANONYMOUS(channel=channel)
            if anonymous
            else (M.RECEIVED_COLLECTIVE if collective else M.RECEIVED)(
                channel=channel, claimants=len(workers)
            )
        ),
        note="；".join(r.note for r in resolved if r.note)[:2000],
    )
    # The centre's intake standard runs from reception (clockrules: intake_register, _decide);
    # the reception and the clocks' starts go on the timeline together.
    clocks, clock_events = case_clocks_start_on_receive(case=case, actor=actor)
    case_events_write(received, *clock_events)
    if lists_in_hand:
        _lists_in_hand(case, claimants=claimant_rows, claims=claim_rows, clocks=clocks)
    audit_record(
        action=AuditAction.CREATE, actor=actor, obj=case, summary=f"新建案件 {case.number}"
    )
    # One dispute, one case: every channel comes through here, so every channel is checked for
    # duplicates, related cases and a collective dispute (suggestions only; a clerk decides).
    case_related_find(case=case, actor=actor, now=received_at, claimants=claimant_rows)
    return case


SYSTEM_SOURCES = frozenset({"portal", "exchange", "open311"})


@guarded(P.RECEIVE)
@service_atomic()
def case_intake(
    *,
    actor,
    source: str = "",
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
    lists_in_hand: bool = False,
) -> Case:
    """Take a dispute in, by any channel: the window, the API, the portal, 110, a letter, the
    provincial exchange. One scope check, one identity rule (see _claimant_resolve) and one
    registration rule:

    - a person acting must have the village in their scope; a channel with no person acting
      names itself (`source`, one of SYSTEM_SOURCES);
    - a dispute a person takes in is registered at once (they saw the party and the papers);
      one that arrives by itself (portal, exchange, Open311) stays received until a person
      registers it.

    Routing follows at acceptance, to the people who serve the village (its mediators, its grid
    area's inspector). `lists_in_hand`: as for `case_create`."""
    if actor is None:
        if source not in SYSTEM_SOURCES:
            raise Forbidden(_("须由工作人员办理：%(what)s。") % {"what": P.RECEIVE.label})
    elif (
        not village_in_scope_known(user=actor, village=village)
        and not village_list_for_user(user=actor).filter(pk=village.pk).exists()
    ):
        raise ValidationError({"village": [_("该村/社区不在您的工作范围内")]})
    # The reception, the clocks started, the related cases found and the registration go on
    # the timeline in one INSERT, at the end.
    with case_events_together():
        case = case_create(
            actor=actor,
            channel=channel,
            category=category,
            summary=summary,
            village=village,
            received_at=received_at,
            claimants=claimants,
            claims=claims,
            employer=employer,
            people_gathered=people_gathered,
            extreme_behaviour=extreme_behaviour,
            suspected_extortion=suspected_extortion,
            lists_in_hand=lists_in_hand,
        )
        if actor is not None:
            case_visible_known(user=actor, case=case)  # its village passed the check above
            case = case_act(case=case, action="register", actor=actor)
    return case
