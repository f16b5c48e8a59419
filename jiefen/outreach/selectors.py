"""Reads of the outreach track, always within the reader's villages (`village_scope_q`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jiefen.geo.models import GridArea
from jiefen.geo.selectors import village_scope_q
from jiefen.outreach.choices import OPEN_WARNING_STATUSES, PlanStatus, WarningLevel, WarningStatus
from jiefen.outreach.models import EarlyWarning, Enterprise, FollowUp, Visit, VisitPhoto, VisitPlan


def grid_areas_for_user(*, user) -> QuerySet[GridArea]:
    """The grid areas holding at least one village the user may see."""
    return (
        GridArea.objects.filter(
            pk__in=GridArea.objects.filter(village_scope_q(user, prefix="villages")).values("pk")
        )
        .select_related("street", "inspector")
        .order_by("code")
    )


# --- registry ---------------------------------------------------------------------------------

ENTERPRISE_SORTS = {
    "name": "employer__name",
    "-name": "-employer__name",
    "headcount": "headcount",
    "-headcount": "-headcount",
    "last_visit": "last_visit_at",
    "-last_visit": "-last_visit_at",
    "completion": "planned_completion",
    "village": "village__code",
}


@dataclass
class EnterpriseFilters:
    kind: str = ""
    street: str = ""
    grid: str = ""
    q: str = ""
    sort: str = "village"


def enterprise_list_for_user(*, user) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(village_scope_q(user))


def enterprise_list(*, user, filters: EnterpriseFilters) -> QuerySet[Enterprise]:
    qs = enterprise_list_for_user(user=user)
    f = filters
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.grid:
        qs = qs.filter(village__grid_area__code=f.grid)
    elif f.street:
        qs = qs.filter(village__street__code=f.street)
    if f.q:
        for word in f.q.split()[:5]:
            qs = qs.filter(
                Q(employer__name__contains=word)
                | Q(project_name__contains=word)
                | Q(employer__credit_code=word.upper())
            )
    return (
        qs.select_related("employer", "village__street", "village__grid_area")
        .annotate(
            last_visit_at=Max("visits__visited_at"),
            open_warnings=Count(
                "warnings", filter=Q(warnings__status__in=OPEN_WARNING_STATUSES), distinct=True
            ),
        )
        .order_by(ENTERPRISE_SORTS.get(f.sort, "village__code"), "id")
    )


def enterprise_get_for_user(*, user, pk: int) -> Enterprise:
    qs = enterprise_list_for_user(user=user).select_related(
        "employer", "village__street", "village__grid_area__inspector"
    )
    return get_object_or_404(qs, pk=pk)


def enterprise_detail_parts(*, enterprise: Enterprise) -> dict:
    return {
        "visits": list(enterprise.visits.select_related("visitor").order_by("-visited_at")[:20]),
        "plans": list(
            enterprise.plans.filter(status=PlanStatus.PLANNED).select_related("assignee")
        ),
        "warnings": list(
            EarlyWarning.objects.filter(employer_id=enterprise.employer_id).order_by("-raised_at")[
                :20
            ]
        ),
        "cases": list(enterprise.employer.cases.order_by("-received_at")[:20]),
    }


def unvisited_list(
    *, user, grid_code: str, days: int, today: dt.date | None = None
) -> QuerySet[Enterprise]:
    """Enterprises of a grid area not visited within the last `days` days (or never)."""
    today = today or timezone.localdate()
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time.min))
    qs = enterprise_list_for_user(user=user)
    if grid_code:
        qs = qs.filter(village__grid_area__code=grid_code)
    return (
        qs.annotate(last_visit_at=Max("visits__visited_at"))
        .filter(Q(last_visit_at__lt=since) | Q(last_visit_at__isnull=True))
        .select_related("employer", "village__grid_area")
        .order_by("last_visit_at", "id")
    )


# --- visits -----------------------------------------------------------------------------------

VISIT_SORTS = {"visited": "visited_at", "-visited": "-visited_at", "severity": "severity"}


@dataclass
class VisitFilters:
    grid: str = ""
    severity: str = ""
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    sort: str = "-visited"


def visit_list_for_user(*, user) -> QuerySet[Visit]:
    return Visit.objects.filter(village_scope_q(user, prefix="enterprise__village"))


def visit_list(*, user, filters: VisitFilters) -> QuerySet[Visit]:
    qs = visit_list_for_user(user=user)
    f = filters
    if f.grid:
        qs = qs.filter(enterprise__village__grid_area__code=f.grid)
    if f.severity:
        qs = qs.filter(severity=f.severity)
    if f.kind:
        qs = qs.filter(enterprise__kind=f.kind)
    if f.date_from:
        qs = qs.filter(visited_at__date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(visited_at__date__lte=f.date_to)
    if f.q:
        qs = qs.filter(Q(enterprise__employer__name__contains=f.q) | Q(findings__contains=f.q))
    return (
        qs.select_related("enterprise__employer", "enterprise__village", "visitor")
        .annotate(
            open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_at__isnull=True)),
            photo_count=Count("photos", distinct=True),
        )
        .order_by(VISIT_SORTS.get(f.sort, "-visited_at"), "-id")
    )


def visit_get_for_user(*, user, pk: int) -> Visit:
    qs = visit_list_for_user(user=user).select_related(
        "enterprise__employer", "enterprise__village__grid_area", "visitor", "plan"
    )
    return get_object_or_404(qs, pk=pk)


def plan_list(*, user, grid: str = "", status: str = PlanStatus.PLANNED) -> QuerySet[VisitPlan]:
    qs = VisitPlan.objects.filter(village_scope_q(user, prefix="enterprise__village"))
    if grid:
        qs = qs.filter(enterprise__village__grid_area__code=grid)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("enterprise__employer", "enterprise__village", "assignee").order_by(
        "planned_for", "id"
    )


def plan_get_for_user(*, user, pk: int) -> VisitPlan:
    qs = VisitPlan.objects.filter(village_scope_q(user, prefix="enterprise__village"))
    return get_object_or_404(qs.select_related("enterprise__employer"), pk=pk)


def photo_get_for_user(*, user, pk: int) -> VisitPhoto:
    qs = VisitPhoto.objects.filter(village_scope_q(user, prefix="visit__enterprise__village"))
    return get_object_or_404(qs, pk=pk)


def follow_up_get_for_user(*, user, pk: int) -> FollowUp:
    qs = FollowUp.objects.filter(village_scope_q(user, prefix="visit__enterprise__village"))
    return get_object_or_404(qs.select_related("visit"), pk=pk)


# --- warnings ---------------------------------------------------------------------------------

WARNING_SORTS = {
    "raised": "raised_at",
    "-raised": "-raised_at",
    "level": "level",
    "status": "status",
}


@dataclass
class WarningFilters:
    status: str = "open"
    level: str = ""
    rule: str = ""
    grid: str = ""
    street: str = ""
    q: str = ""
    sort: str = "-raised"


def warning_list_for_user(*, user) -> QuerySet[EarlyWarning]:
    return EarlyWarning.objects.filter(village_scope_q(user))


def warning_list(*, user, filters: WarningFilters) -> QuerySet[EarlyWarning]:
    qs = warning_list_for_user(user=user)
    f = filters
    if f.status == "open":
        qs = qs.filter(status__in=OPEN_WARNING_STATUSES)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.rule:
        qs = qs.filter(rule=f.rule)
    if f.grid:
        qs = qs.filter(village__grid_area__code=f.grid)
    elif f.street:
        qs = qs.filter(village__street__code=f.street)
    if f.q:
        qs = qs.filter(Q(employer__name__contains=f.q) | Q(reason__contains=f.q))
    return qs.select_related(
        "employer", "enterprise", "village__grid_area", "owner", "case"
    ).order_by(WARNING_SORTS.get(f.sort, "-raised_at"), "-id")


def warning_get_for_user(*, user, pk: int) -> EarlyWarning:
    warning = _warning_get_for_user(user=user, pk=pk)
    warning.evidence = evidence_for_user(user=user, evidence=warning.evidence)  # shown, never saved
    return warning


def _warning_get_for_user(*, user, pk: int) -> EarlyWarning:
    qs = warning_list_for_user(user=user).select_related(
        "employer", "enterprise", "village__grid_area", "village__street", "owner", "case"
    )
    return get_object_or_404(qs, pk=pk)


def warning_board(*, user) -> list[dict]:
    """Per grid area within scope: open warnings by level and by status, and closed ones."""
    counts = {
        f"{level}": Count("pk", filter=Q(level=level, status__in=OPEN_WARNING_STATUSES))
        for level in WarningLevel.values
    }
    counts.update(
        {f"s_{status}": Count("pk", filter=Q(status=status)) for status in WarningStatus.values}
    )
    rows = {
        r["village__grid_area"]: r
        for r in warning_list_for_user(user=user).values("village__grid_area").annotate(**counts)
    }
    board = []
    for area in grid_areas_for_user(user=user):
        row = rows.get(area.pk, {})
        entry = {
            "area": area,
            "levels": {level: row.get(level, 0) for level in WarningLevel.values},
            "statuses": {s: row.get(f"s_{s}", 0) for s in WarningStatus.values},
        }
        entry["open"] = sum(entry["levels"].values())
        board.append(entry)
    return board


def board_totals(board: list[dict]) -> dict:
    return {
        "levels": {lv: sum(r["levels"][lv] for r in board) for lv in WarningLevel.values},
        "statuses": {s: sum(r["statuses"][s] for r in board) for s in WarningStatus.values},
        "open": sum(r["open"] for r in board),
    }


OUTSIDE_SCOPE_LABEL = "另一辖区的案件（不在您的范围内）"


def evidence_for_user(*, user, evidence: list[dict]) -> list[dict]:
    """A warning's evidence as this user may see it: a case outside their scope keeps its place
    in the list (it counts towards the warning) but loses its number and link."""
    from jiefen.cases.selectors import case_list_for_user

    case_ids = [e.get("id") for e in evidence if e.get("kind") == "case"]
    if not case_ids:
        return evidence
    visible = set(
        case_list_for_user(user=user).filter(pk__in=case_ids).values_list("pk", flat=True)
    )
    return [
        e
        if e.get("kind") != "case" or e.get("id") in visible
        else {**e, "id": None, "label": OUTSIDE_SCOPE_LABEL, "url": ""}
        for e in evidence
    ]
