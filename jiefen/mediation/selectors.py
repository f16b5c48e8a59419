"""Reads of the mediation track, always within the reader's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.accounts.models import User
from jiefen.cases.clocks import MEDIATION_15
from jiefen.cases.models import Case, Clock
from jiefen.cases.selectors import case_scope_q
from jiefen.geo.selectors import people_serving_q
from jiefen.mediation.choices import MediationStatus
from jiefen.mediation.models import AgreementItem, Mediation

SORTS = {
    "started": "started_at",
    "-started": "-started_at",
    "status": "status",
    "-status": "-status",
    "case": "case__number",
    "-case": "-case__number",
}


@dataclass
class MediationFilters:
    status: str = ""
    level: str = ""
    mediator: int | None = None
    q: str = ""
    sort: str = "-started"


def mediation_scope(user) -> QuerySet[Mediation]:
    return Mediation.objects.filter(case__in=Case.objects.filter(case_scope_q(user)).values("pk"))


def mediation_list(*, user, filters: MediationFilters) -> QuerySet[Mediation]:
    qs = mediation_scope(user)
    f = filters
    if f.status:
        qs = qs.filter(status=f.status)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.mediator:
        qs = qs.filter(mediator_id=f.mediator)
    if f.q:
        qs = qs.filter(Q(case__number__icontains=f.q) | Q(case__search_text__contains=f.q))
    return qs.select_related("case__village__street", "case__employer", "mediator").order_by(
        SORTS.get(f.sort, "-started_at"), "-id"
    )


def mediation_get_for_user(*, user, pk: int) -> Mediation:
    qs = mediation_scope(user).select_related(
        "case__village__street", "case__employer", "mediator", "arbitration"
    )
    return get_object_or_404(qs, pk=pk)


def mediation_open_for_case(case: Case) -> Mediation | None:
    """The case's latest mediation, with its mediator and its agreement if signed."""
    return (
        Mediation.objects.filter(case=case)
        .select_related("mediator", "agreement")
        .order_by("-id")
        .first()
    )


def mediator_candidates(*, case: Case) -> list[User]:
    """The case's village mediators, its street's, and the district's, each with open load."""
    village = case.village
    qs = User.objects.filter(is_active=True, role=Role.MEDIATOR).filter(
        Q(pk__in=village.mediators.values("pk"))
        | people_serving_q(village, levels=(ScopeLevel.STREET, ScopeLevel.DISTRICT))
    )
    order = {ScopeLevel.VILLAGE: 0, ScopeLevel.GRID: 1, ScopeLevel.STREET: 1}
    users = list(
        qs.annotate(
            open_load=Count("mediations", filter=Q(mediations__status=MediationStatus.OPEN))
        ).order_by("open_load", "id")
    )
    return sorted(users, key=lambda u: (order.get(u.scope_level, 2), u.open_load, u.pk))


def mediations_due(*, user, within_days: int = 7) -> list[Mediation]:
    """My open mediations, the nearest statutory deadline first (overdue ones included)."""
    horizon = timezone.now() + dt.timedelta(days=within_days)  # a look-ahead window, not a period
    mediations = list(
        Mediation.objects.filter(mediator=user, status=MediationStatus.OPEN).select_related(
            "case__village", "case__employer"
        )
    )
    clocks = {
        c.case_id: c
        for c in Clock.objects.filter(
            case_id__in=[m.case_id for m in mediations], kind=MEDIATION_15
        )
    }
    rows = []
    for m in mediations:
        m.clock = clocks.get(m.case_id)
        if m.clock is None or (m.clock.is_open and m.clock.due_at <= horizon):
            rows.append(m)
    far = timezone.now() + dt.timedelta(days=3650)
    return sorted(rows, key=lambda m: m.clock.due_at if m.clock else far)


def payments_due(*, user) -> QuerySet[AgreementItem]:
    """Agreement items of my mediations still to be paid, the earliest due first. Not those of a
    case merged into another: they are followed up under that number (held until a split)."""
    return (
        AgreementItem.objects.filter(
            agreement__mediation__mediator=user,
            agreement__mediation__case__merged_into__isnull=True,
        )
        .exclude(status="paid")
        .select_related("agreement__mediation__case")
        .order_by("due_on", "id")
    )
