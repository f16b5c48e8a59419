"""Reads of labor inspection, scoped to the reader through the cases they may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from jiefen.cases.clocks import clock_views, end_of_day
from jiefen.cases.models import Case, Clock
from jiefen.cases.selectors import case_scope_q
from jiefen.core.messages import money
from jiefen.inspection.choices import INVESTIGATE_60, TRACK, InspectionStatus, OrderStatus
from jiefen.inspection.models import (
    ComplainantNotice,
    Inspection,
    RectificationOrder,
    WageRecovery,
)
from jiefen.workdays.services import WorkdayCalendar

SORTS = {
    "received": "received_at",
    "-received": "-received_at",
    "due": "investigation_due",
    "-due": "-investigation_due",
    "status": "status",
    "-status": "-status",
    "number": "case__number",
    "-number": "-case__number",
}


@dataclass
class InspectionFilters:
    status: str = ""
    kind: str = ""
    street: str = ""
    anonymous: bool = False
    late: bool = False
    q: str = ""
    sort: str = "-received"


def _scoped(user) -> QuerySet[Inspection]:
    scope = case_scope_q(user)
    qs = Inspection.objects.all()
    if scope != Q():
        qs = qs.filter(case__in=Case.objects.filter(scope).values("pk"))
    return qs


def _with_due(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    due = Clock.objects.filter(case=OuterRef("case_id"), kind=INVESTIGATE_60).values("due_at")[:1]
    return qs.annotate(
        investigation_due=Subquery(due), recovered_total=Sum("wage_recoveries__amount")
    )


def inspection_list(*, user, filters: InspectionFilters) -> QuerySet[Inspection]:
    f = filters
    qs = _scoped(user)
    if f.status:
        qs = qs.filter(status__in=f.status.split(","))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.street:
        qs = qs.filter(case__village__code__startswith=f.street)
    if f.anonymous:
        qs = qs.filter(anonymous=True)
    if f.late:
        qs = qs.filter(opened_late=True)
    if f.q:
        for word in f.q.split()[:5]:
            qs = qs.filter(case__search_text__contains=word)
    return (
        _with_due(qs)
        .select_related("case__village__street", "case__employer", "inspector")
        .order_by(SORTS.get(f.sort, "-received_at"), "-id")
    )


def inspection_get_for_user(*, user, pk: int) -> Inspection:
    """The inspection, or 404 when outside the user's scope."""
    qs = _scoped(user).select_related(
        "case__village__street", "case__employer", "inspector", "extension_approved_by"
    )
    return get_object_or_404(qs, pk=pk)


def inspection_for_case(*, case: Case) -> Inspection | None:
    return Inspection.objects.filter(case=case).select_related("inspector").first()


def _per_inspection(qs: QuerySet, **aggregate) -> Subquery:
    # One figure over the inspection's rows, as a column of the inspection's own query.
    rows = qs.filter(inspection=OuterRef("pk")).order_by().values("inspection")
    return Subquery(rows.annotate(**aggregate).values(*aggregate))


def inspection_panel_for_case(*, case: Case) -> Inspection | None:
    """The case's inspection with what its panel on the case page shows, in one query: the open
    rectification orders (`open_orders`), the notices owed to the complainant (`owed_notices`),
    the wages recovered (`recovered`) and whether an order went unheeded (`unheeded`)."""
    inspection = (
        Inspection.objects.filter(case=case)
        .select_related("inspector")
        .annotate(
            open_orders=_per_inspection(
                RectificationOrder.objects.filter(status=OrderStatus.OPEN), n=Count("*")
            ),
            owed_notices=_per_inspection(
                ComplainantNotice.objects.filter(sent_at__isnull=True), n=Count("*")
            ),
            recovered=_per_inspection(WageRecovery.objects.all(), s=Sum("amount")),
            unheeded=Exists(
                RectificationOrder.objects.filter(
                    inspection=OuterRef("pk"), status=OrderStatus.NOT_COMPLIED
                )
            ),
        )
        .first()
    )
    if inspection is not None:  # no rows: no group, so the subquery gives NULL
        inspection.open_orders = inspection.open_orders or 0
        inspection.owed_notices = inspection.owed_notices or 0
        inspection.recovered = inspection.recovered or Decimal(0)
    return inspection


def inspection_detail_parts(*, inspection: Inspection) -> dict:
    """Everything the inspection page shows, each list in one query."""
    case = inspection.case
    return {
        "claimants": list(case.claimants.select_related("worker")),
        "clocks": clock_views(Clock.objects.filter(case=case, track=TRACK).order_by("due_at")),
        "site_inspections": list(inspection.site_inspections.prefetch_related("inspectors")),
        "orders": list(inspection.rectification_orders.all()),
        "penalties": list(inspection.penalties.all()),
        "notices": list(inspection.notices.select_related("clock")),
        "recoveries": list(inspection.wage_recoveries.select_related("claimant__worker")),
        "events": list(case.events.filter(track=TRACK).select_related("actor")),
    }


def inspections_near_limit(
    *, user, days: int = 10, now: dt.datetime | None = None
) -> QuerySet[Inspection]:
    """Inspections under investigation whose 60-working-day limit falls within `days` working
    days from today, or has already passed; the nearest first."""
    now = now or timezone.now()
    horizon = end_of_day(WorkdayCalendar().workday_add(timezone.localtime(now).date(), days))
    near = Clock.objects.filter(
        kind=INVESTIGATE_60,
        met_at__isnull=True,
        cancelled=False,
        paused_at__isnull=True,
        due_at__lte=horizon,
    ).values("case_id")
    qs = _scoped(user).filter(status=InspectionStatus.OPENED, case_id__in=near)
    return (
        _with_due(qs)
        .select_related("case__village__street", "case__employer", "inspector")
        .order_by("investigation_due", "id")
    )


def rectification_orders_overdue(
    *, user=None, today: dt.date | None = None
) -> QuerySet[RectificationOrder]:
    """Open rectification orders past their deadline, the longest overdue first: across the
    district when no `user` is given (the outreach app's early-warning rule), else in their scope.
    Each carries `employer_id` (annotated), `number`, `due_on` and `get_absolute_url()`."""
    today = today or timezone.localdate()
    qs = RectificationOrder.objects.filter(status=OrderStatus.OPEN, deadline__lt=today)
    if user is not None:
        qs = qs.filter(inspection__in=_scoped(user).values("pk"))
    return (
        qs.annotate(employer_id=F("inspection__case__employer_id"))
        .select_related("inspection__case__employer", "inspection__case__village")
        .order_by("deadline", "id")
    )


@dataclass(frozen=True)
class TrackState:
    """What the inspection track says about its case, and why (for the case's own resolution)."""

    status: str
    concluded: bool
    resolved: bool | None
    why: str
    recovered: Decimal


def inspection_track_state(*, case: Case) -> TrackState | None:
    inspection = inspection_for_case(case=case)
    if inspection is None:
        return None
    recovered = inspection.wage_recoveries.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    # Asked only of a concluded inspection, the one state that reads it.
    unheeded = (
        inspection.status == InspectionStatus.CONCLUDED
        and inspection.rectification_orders.filter(status=OrderStatus.NOT_COMPLIED).exists()
    )
    return inspection_state(inspection, recovered=recovered, unheeded=unheeded)


def inspection_state(inspection: Inspection, *, recovered: Decimal, unheeded: bool) -> TrackState:
    """What the inspection says about its case, given the wages recovered and whether a
    rectification order went unheeded."""
    status = inspection.status
    if status == InspectionStatus.NOT_OPENED:
        return TrackState(
            status,
            True,
            None,
            gettext("不予立案：%(reason)s") % {"reason": inspection.not_opened_reason},
            recovered,
        )
    if status != InspectionStatus.CONCLUDED:
        return TrackState(status, False, None, InspectionStatus(status).label, recovered)
    if unheeded and not recovered:
        return TrackState(status, True, False, gettext("责令改正逾期未履行，未追回工资"), recovered)
    return TrackState(
        status,
        True,
        True,
        gettext("监察结案，追发工资合计%(total)s") % {"total": money(recovered)},
        recovered,
    )


def rectification_order_get_for_user(*, user, pk: int) -> RectificationOrder:
    qs = RectificationOrder.objects.filter(inspection__in=_scoped(user).values("pk"))
    return get_object_or_404(qs.select_related("inspection__case__employer"), pk=pk)


def notice_get_for_user(*, user, pk: int) -> ComplainantNotice:
    qs = ComplainantNotice.objects.filter(inspection__in=_scoped(user).values("pk"))
    return get_object_or_404(qs.select_related("inspection__case", "clock"), pk=pk)
