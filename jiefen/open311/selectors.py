"""Reads of the Open311 door, scoped to the client whose key asked: which key, which requests
it may see, and each request as GeoReport v2 describes it (status, notes in plain words, the
expected date from the case's governing clock, personal data masked)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.choices import CaseStatus, Category, Outcome, Track
from jiefen.cases.clockrules import Counting
from jiefen.cases.models import Case, Clock
from jiefen.open311.choices import ClientScope, Open311Status
from jiefen.open311.models import Client, Request
from jiefen.open311.wire import w3
from jiefen.parties.validators import mask_phone

# GeoReport's "closed: it has been resolved": the case is closed (结案), or it ended at intake as
# a consultation answered or a dispute declined. A resolved or unresolved case is still open
# until the centre closes it (it may be reopened before).
CLOSED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.ANSWERED, CaseStatus.DECLINED})
# GET requests: at most this span, and this many requests (the specification's defaults).
MAX_SPAN = dt.timedelta(days=90)
MAX_RESULTS = 1000


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def client_for_key(key: str) -> Client | None:
    """The active client holding this key, or None."""
    if not key:
        return None
    return Client.objects.filter(
        key_hash=key_hash(key), active=True, revoked_at__isnull=True
    ).first()


# ---------------------------------------------------------------- which requests


def _visible(client: Client) -> QuerySet[Request]:
    qs = Request.objects.all()
    if client.scope != ClientScope.OPEN311:
        qs = qs.filter(client=client)
    clocks = Clock.objects.filter(met_at__isnull=True, cancelled=False).exclude(
        unit=Counting.MINUTES
    )
    return qs.select_related(
        "case__village__street__district", "case__lead_department", "client"
    ).prefetch_related(Prefetch("case__clocks", queryset=clocks, to_attr="running_clocks"))


def request_get_for_client(*, client: Client, request_id: str) -> Request | None:
    """One request, if this client may see it (another client's is as if it did not exist)."""
    return _visible(client).filter(request_id=request_id).first()


def request_get_by_token(*, client: Client, token: str) -> Request | None:
    return _visible(client).filter(token=token).first()


@dataclass(frozen=True)
class RequestQuery:
    request_ids: list[str]
    service_codes: list[str]
    statuses: list[str]
    start: dt.datetime | None
    end: dt.datetime | None


def request_list_for_client(*, client: Client, query: RequestQuery) -> list[Request]:
    """GET requests: by id (which overrides the rest), else by service, status and a span of at
    most 90 days of requested_datetime (the last 90 days by default); newest first, 1000 at most."""
    qs = _visible(client)
    if query.request_ids:
        qs = qs.filter(request_id__in=query.request_ids)
    else:
        end = query.end or (query.start + MAX_SPAN if query.start else timezone.now())
        start = query.start or end - MAX_SPAN
        qs = qs.filter(requested_at__gte=start, requested_at__lte=end)
        if query.service_codes:
            qs = qs.filter(service_code__in=query.service_codes)
        if query.statuses and set(query.statuses) != set(Open311Status.values):
            closed = Q(case__status__in=CLOSED_STATUSES)
            qs = qs.filter(closed if query.statuses == [Open311Status.CLOSED] else ~closed)
    return list(qs[:MAX_RESULTS])


# ---------------------------------------------------------------- one request, described


def governing_clock(case: Case) -> Clock | None:
    """The clock that says when the case, on its present course, is due to be done: of the
    clocks running on it (not met, not cancelled; a 110 arrival promise aside), the one due
    last. At intake that is the decision on acceptance; once accepted, the 7-working-day
    promise or a track's own period (mediation 15 days, an award 45, an inspection 60 working
    days), whichever ends later. Its due date is the clock's own (jiefen.cases.clocks)."""
    running = getattr(case, "running_clocks", None)
    if running is None:
        running = list(
            case.clocks.filter(met_at__isnull=True, cancelled=False).exclude(unit=Counting.MINUTES)
        )
    return max(running, key=lambda c: (c.due_at, c.pk), default=None)


def open311_status(case: Case) -> str:
    return Open311Status.CLOSED if case.status in CLOSED_STATUSES else Open311Status.OPEN


def status_notes(case: Case, clock: Clock | None) -> str:
    """Where the case stands, in words a worker reads (never a state code)."""
    tracks = "、".join(str(Track(t).label) for t in case.tracks if t in Track.values)
    notes = {
        CaseStatus.RECEIVED: _("已收到您的诉求，等待工作人员登记。"),
        CaseStatus.REGISTERED: _("已登记，工作人员正在审查是否受理。"),
        CaseStatus.ANSWERED: _("已作咨询答复，本诉求办结。"),
        CaseStatus.DECLINED: _("决定不予受理，理由以书面告知为准；如有异议可到中心窗口咨询。"),
        CaseStatus.ACCEPTED: _("已受理，正在安排承办人员。"),
        CaseStatus.HANDLING: (
            _("正在处理（%(tracks)s）。") % {"tracks": tracks} if tracks else _("正在处理。")
        ),
        CaseStatus.RESOLVED: _("纠纷已化解，等待结案。"),
        CaseStatus.UNRESOLVED: _("纠纷未能化解，等待结案；当事人可依法申请仲裁或提起诉讼。"),
        CaseStatus.CLOSED: (
            _("已结案：纠纷已化解。")
            if case.outcome == Outcome.RESOLVED
            else _("已结案：纠纷未能化解。")
            if case.outcome == Outcome.UNRESOLVED
            else _("已结案。")
        ),
    }
    text = str(notes.get(CaseStatus(case.status), ""))
    if clock is not None and clock.paused_at is not None:
        text += _("办理期限依法中止，恢复后另行计算。")
    elif clock is not None and clock.provisional:
        text += _("预计办结时间以法定节假日安排公布为准。")
    return text


_ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def mask_text(text: str) -> str:
    """A description as the GET answers show it: identity numbers removed, mobiles masked."""
    text = _ID_NUMBER.sub(_("（身份证号已隐去）"), text)
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)


def _place(case: Case) -> str:
    village = case.village
    street = village.street
    return "，".join(p for p in (village.name, street.name, street.district.name) if p)


def agency_responsible(case: Case) -> str:
    if case.lead_department is not None:
        return case.lead_department.name
    return _("%(district)s矛盾纠纷综合调处中心") % {"district": case.village.street.district.name}


def request_document(request: Request, *, client: Client) -> dict:
    """A request as GeoReport v2's <request> element, for this client."""
    case = request.case
    clock = governing_clock(case)
    closed = open311_status(case) == Open311Status.CLOSED
    own = request.client_id == client.pk
    expected = None
    if clock is not None and clock.paused_at is None and not closed:
        expected = clock.due_at
    # For a closed request the specification wants the day it was closed.
    updated = (case.closed_at or case.concluded_at) if closed else None
    return {
        "service_request_id": request.request_id,
        "status": open311_status(case),
        "status_notes": status_notes(case, None if closed else clock),
        "service_name": str(Category(case.category).label),
        "service_code": case.category,
        "description": mask_text(case.summary),
        "agency_responsible": agency_responsible(case),
        "service_notice": service_notice(clock) if not closed else None,
        "requested_datetime": w3(request.requested_at),
        "updated_datetime": w3(updated or case.updated_at),
        "expected_datetime": w3(expected),
        "address": _place(case),
        "address_id": case.village.code,
        "zipcode": None,
        # The point and the photo the filing client sent go back to it alone.
        "lat": request.lat if own else None,
        "long": request.long if own else None,
        "media_url": (request.media_url or None) if own else None,
    }


def service_notice(clock: Clock | None) -> str | None:
    """What happens next and by when, from the governing clock's own label and due date."""
    if clock is None or clock.paused_at is not None:
        return None
    due = timezone.localtime(clock.due_at).strftime("%Y-%m-%d")
    return _("按“%(label)s”时限，预计%(due)s前办结当前环节。") % {
        "label": clock.label,
        "due": due,
    }
