"""Reads of the map, and the one place that turns a person's scope into a filter."""

from __future__ import annotations

from django.conf import settings
from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When

from jiefen.accounts.choices import ScopeLevel
from jiefen.geo.models import District, GridArea, Street, Village

# Where each scope level's code sits, seen from a village.
SCOPE_PATHS = {
    ScopeLevel.PROVINCE: "street__district__city__province__code",
    ScopeLevel.CITY: "street__district__city__code",
    ScopeLevel.DISTRICT: "street__district__code",
    ScopeLevel.STREET: "street__code",
    ScopeLevel.GRID: "grid_area__code",
    ScopeLevel.VILLAGE: "code",
}
# The levels that hold whole districts.
ABOVE_STREET = (ScopeLevel.PROVINCE, ScopeLevel.CITY, ScopeLevel.DISTRICT)


def scope_code_of(user) -> str:
    """The code a person's scope names; a district-level person without one serves the
    installation's home district (settings.JIEFEN_DISTRICT_CODE)."""
    code = getattr(user, "scope_code", "") or ""
    if not code and getattr(user, "scope_level", "") == ScopeLevel.DISTRICT:
        return settings.JIEFEN_DISTRICT_CODE
    return code


def scope_is_everything(user) -> bool:
    """The person's scope holds every village of the installation (a superuser, or the leader of
    its only district or city): their lists need no filter at all. Remembered on the user for the
    request, as the answer costs a query."""
    if getattr(user, "is_superuser", False):
        return True
    level = getattr(user, "scope_level", "")
    if level not in ABOVE_STREET:
        return False
    code = scope_code_of(user)
    memo = user.__dict__.setdefault("_jiefen_scope_everything", {})
    if (level, code) not in memo:
        memo[(level, code)] = bool(code) and not (
            Village.objects.exclude(**{SCOPE_PATHS[level]: code}).exists()
        )
    return memo[(level, code)]


def village_scope_q(user, *, prefix: str = "village", one_row: bool = False) -> Q:
    """A filter on `<prefix>` (a Village relation) that keeps only what the user's scope covers:
    Q() when it covers the whole installation.

    `one_row`: for fetching one row by its key, where the filter costs nothing and asking
    whether the scope holds everything would cost a query: the filter, whatever the answer.

    Every scoped list in jiefen goes through this, so a scope rule lives in one place."""
    if getattr(user, "is_superuser", False) if one_row else scope_is_everything(user):
        return Q()
    code = scope_code_of(user)
    if not code or user.scope_level not in SCOPE_PATHS:
        return Q(pk__in=[])
    field = SCOPE_PATHS[user.scope_level]
    path = f"{prefix}__{field}" if prefix else field
    return Q(**{path: code})


def village_in_scope(*, user, village_id: int) -> bool:
    """Whether the village lies in the person's scope (the object test of scoped policies)."""
    if scope_is_everything(user):
        return True
    return Village.objects.filter(village_scope_q(user, prefix=""), pk=village_id).exists()


def village_get_with_scope(*, user, code: str) -> Village | None:
    """The village with this code, with its street and district, and whether it lies in the
    person's scope, in one query: the answer is remembered for the request
    (`village_in_scope_known`), so intake does not ask the database again."""
    scope = village_scope_q(user, prefix="", one_row=True)
    in_scope = (
        Case(When(scope, then=Value(True)), default=Value(False), output_field=BooleanField())
        if scope
        else Value(True)
    )
    village = (
        Village.objects.select_related("street__district")
        .annotate(in_user_scope=in_scope)
        .filter(code=code)
        .first()
    )
    if village is not None and village.in_user_scope:
        user.__dict__.setdefault("_jiefen_villages_in_scope", set()).add(village.pk)
    return village


def village_in_scope_known(*, user, village: Village) -> bool:
    """Whether `village_get_with_scope` found this village in the person's scope this request."""
    return village.pk in user.__dict__.get("_jiefen_villages_in_scope", ())


def people_serving_q(village: Village, *, levels=tuple(SCOPE_PATHS)) -> Q:
    """A filter on users: those whose scope (at one of `levels`) covers `village`, e.g. the
    leaders a case's warning goes to. The counterpart of village_scope_q, from the place's side."""
    street = village.street
    district = street.district
    city = district.city
    codes = {
        ScopeLevel.PROVINCE: city.province.code if city else None,
        ScopeLevel.CITY: city.code if city else None,
        ScopeLevel.DISTRICT: district.code,
        ScopeLevel.STREET: street.code,
        ScopeLevel.GRID: village.grid_area.code if village.grid_area_id else None,
        ScopeLevel.VILLAGE: village.code,
    }
    q = Q(pk__in=[])
    for level in levels:
        if codes[level]:
            q |= Q(scope_level=level, scope_code=codes[level])
    if ScopeLevel.DISTRICT in levels and district.code == settings.JIEFEN_DISTRICT_CODE:
        q |= Q(scope_level=ScopeLevel.DISTRICT, scope_code="")
    return q


def home_district() -> District | None:
    """The installation's own district (settings.JIEFEN_DISTRICT_CODE), else the first on file."""
    return (
        District.objects.filter(code=settings.JIEFEN_DISTRICT_CODE).first()
        or District.objects.order_by("code").first()
    )


def district_of_user(user) -> District | None:
    """The district a person works in (their body's, else their scope's), for the headings of
    what they issue outside a case; the home district for those above the district."""
    department = getattr(user, "department", None)
    if department is not None and department.district_id:
        return department.district
    level = getattr(user, "scope_level", "")
    if level in SCOPE_PATHS and level not in (ScopeLevel.PROVINCE, ScopeLevel.CITY):
        village = Village.objects.filter(**{SCOPE_PATHS[level]: scope_code_of(user)}).first()
        if village is not None:
            return village.street.district
    return home_district()


def district_list_for_user(*, user) -> QuerySet[District]:
    """The districts holding a village of the person's scope (a city leader's: the city's)."""
    return District.objects.filter(
        pk__in=Street.objects.filter(village_scope_q(user, prefix="villages")).values("district")
    ).order_by("code")


def village_list_for_user(*, user) -> QuerySet[Village]:
    return Village.objects.filter(village_scope_q(user, prefix="")).select_related(
        "street", "grid_area"
    )


def street_list(*, user=None) -> QuerySet[Street]:
    """The streets of the map; given a person, those of the districts their scope lies in (a
    district's people find their way around their district, not the whole city)."""
    qs = Street.objects.order_by("code")
    if user is not None and not scope_is_everything(user):
        qs = qs.filter(district__in=district_list_for_user(user=user))
    return qs


def village_list(*, street_code: str | None = None, user=None) -> QuerySet[Village]:
    qs = Village.objects.select_related("street", "grid_area").order_by("code")
    if user is not None and not scope_is_everything(user):
        qs = qs.filter(street__district__in=district_list_for_user(user=user))
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
