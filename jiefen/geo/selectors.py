"""Reads of the map, and the one place that turns a person's scope into a filter."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from jiefen.accounts.choices import ScopeLevel
from jiefen.geo.models import GridArea, Street, Village


def village_scope_q(user, *, prefix: str = "village") -> Q:
    """A filter on `<prefix>` (a Village relation) that keeps only what the user's scope covers.

    Every scoped list in jiefen goes through this, so a scope rule lives in one place."""
    if user.is_superuser or user.scope_level == ScopeLevel.DISTRICT:
        return Q()
    code = user.scope_code
    if not code:
        return Q(pk__in=[])
    field = {
        ScopeLevel.STREET: "street__code",
        ScopeLevel.GRID: "grid_area__code",
        ScopeLevel.VILLAGE: "code",
    }[user.scope_level]
    path = f"{prefix}__{field}" if prefix else field
    return Q(**{path: code})


def village_in_scope(*, user, village_id: int) -> bool:
    """Whether the village lies in the person's scope (the object test of scoped policies)."""
    if user.is_superuser or user.scope_level == ScopeLevel.DISTRICT:
        return True
    return Village.objects.filter(village_scope_q(user, prefix=""), pk=village_id).exists()


def village_list_for_user(*, user) -> QuerySet[Village]:
    return Village.objects.filter(village_scope_q(user, prefix="")).select_related(
        "street", "grid_area"
    )


def street_list() -> QuerySet[Street]:
    return Street.objects.order_by("code")


def village_list(*, street_code: str | None = None) -> QuerySet[Village]:
    qs = Village.objects.select_related("street", "grid_area").order_by("code")
    if street_code:
        qs = qs.filter(street__code=street_code)
    return qs


def grid_overview(*, user, street_code: str | None = None) -> QuerySet[Street]:
    """Streets with their grid areas, villages and the people serving each, within scope."""
    villages = village_list_for_user(user=user).prefetch_related("mediators")
    streets = Street.objects.filter(villages__in=villages).distinct().order_by("code")
    if street_code:
        streets = streets.filter(code=street_code)
    return streets.prefetch_related(
        Prefetch("villages", queryset=villages.order_by("code"), to_attr="scoped_villages"),
        Prefetch(
            "grid_areas",
            queryset=GridArea.objects.select_related("inspector").order_by("code"),
            to_attr="all_grid_areas",
        ),
    )
