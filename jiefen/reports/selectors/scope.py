"""The reader's scope: which villages, cases and clocks a figure may count."""

from __future__ import annotations

from django.db.models import (
    Q,
    QuerySet,
)

from jiefen.cases.models import Case, Clock
from jiefen.geo.models import Street, Village
from jiefen.geo.selectors import village_scope_q


def scope_villages(*, user, street: str = "") -> list[int] | None:
    """The ids of the villages counted (the reader's scope, narrowed to `street`), or None for
    the whole district. Resolved once into a short list, so that every figure checks a row's
    village inside the index it reads by, instead of joining the map (or, for a clock, its case)
    for each row."""
    q = village_scope_q(user, prefix="")
    if street:
        q &= Q(street__code=street)
    if q == Q():
        return None
    return list(Village.objects.filter(q).values_list("pk", flat=True))


def whole_district(user) -> bool:
    """The reader's scope is the whole district (their figures count every case)."""
    return village_scope_q(user, prefix="") == Q()


def _scope_q(user, *, street: str = "", prefix: str = "village") -> Q:
    villages = scope_villages(user=user, street=street)
    return Q() if villages is None else Q(**{f"{prefix}__in": villages})


def cases_in_scope(*, user, street: str = "") -> QuerySet[Case]:
    """The cases a figure counts: a duplicate merged into another case is that case's dispute,
    not one of its own (one dispute, one case; the case list leaves it out too)."""
    return Case.objects.filter(_scope_q(user, street=street), merged_into__isnull=True)


def clocks_in_scope(*, user, street: str = "") -> QuerySet[Clock]:
    return Clock.objects.filter(_scope_q(user, street=street))


def street_choices(*, user) -> QuerySet[Street]:
    """The streets a person may filter by: those holding a village of their scope."""
    return (
        Street.objects.filter(village_scope_q(user, prefix="villages")).distinct().order_by("code")
    )
