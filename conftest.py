"""Shared fixtures: the Xihu reference data (loaded once per test database) and staff by role."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.accounts.models import Department, User
from jiefen.geo.models import District, GridArea, Street, Village

ZHUANTANG = "330106010"  # 转塘街道, the district's grid-mediation pilot street
SANDUN = "330106109"  # 三墩镇


def reference_data_ensure() -> None:
    """Load the Xihu grid, the calendar and the bodies unless present (a flush removes them)."""
    if District.objects.exists():
        return
    from jiefen.accounts.services import departments_ensure
    from jiefen.geo.demo import seed as seed_grid_areas
    from jiefen.geo.services import XIHU_DIVISIONS, divisions_load
    from jiefen.workdays.services import calendar_load_default

    divisions_load(text=XIHU_DIVISIONS.read_text(encoding="utf-8"))
    calendar_load_default()
    departments_ensure()
    seed_grid_areas(out=_Null(), rng=None)


class _Null:
    def write(self, *_args) -> None:
        pass


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        reference_data_ensure()


@pytest.fixture
def xihu(db) -> District:
    reference_data_ensure()
    return District.objects.get()


@pytest.fixture
def make_staff(xihu):
    counter = iter(range(10_000))

    def make(
        role: str = Role.RECEPTION_CLERK,
        *,
        scope_level: str = ScopeLevel.DISTRICT,
        scope_code: str | None = None,
        department_kind: str = DepartmentKind.MEDIATION_COMMITTEE,
        username: str | None = None,
        **extra,
    ) -> User:
        code = scope_code or xihu.code
        street = None
        if scope_level == ScopeLevel.STREET:
            street = Street.objects.get(code=code)
        elif scope_level == ScopeLevel.GRID:
            street = GridArea.objects.get(code=code).street
        elif scope_level == ScopeLevel.VILLAGE:
            street = Village.objects.get(code=code).street
        user = User.objects.create_user(
            username=username or f"{role}_{next(counter)}",
            password="Pass-word-123",
            full_name=extra.pop("full_name", f"{Role(role).label}{next(counter)}"),
            role=role,
            # Above the district a person belongs to no district's body.
            department=None
            if scope_level in (ScopeLevel.CITY, ScopeLevel.PROVINCE)
            else Department.objects.get(
                kind=department_kind,
                street=street,
                district=street.district if street else District.objects.get(code=code),
            ),
            scope_level=scope_level,
            scope_code=code,
            **extra,
        )
        return user

    return make


@pytest.fixture
def administrator(make_staff) -> User:
    return make_staff(
        Role.ADMINISTRATOR,
        department_kind=DepartmentKind.GOVERNANCE_SECTION,
        username="root",
        is_staff=True,
    )


@pytest.fixture
def leader(make_staff) -> User:
    return make_staff(Role.LEADER, department_kind=DepartmentKind.GOVERNANCE_SECTION)


@pytest.fixture
def clerk(make_staff) -> User:
    return make_staff(Role.RECEPTION_CLERK, scope_level=ScopeLevel.STREET, scope_code=ZHUANTANG)


@pytest.fixture
def clerk_elsewhere(make_staff) -> User:
    return make_staff(Role.RECEPTION_CLERK, scope_level=ScopeLevel.STREET, scope_code=SANDUN)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as(api_client):
    def login(user: User) -> APIClient:
        api_client.force_authenticate(user=user)
        return api_client

    return login


@pytest.fixture(autouse=True)
def language_of_the_site():
    """Each test starts in the site's language: a request answered in English (a test client
    with the language cookie) leaves English active in the thread, and a later test in the same
    worker, matching a Chinese message, failed by the order xdist happened to give it."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def audit_checkpoints_apart(settings, tmp_path_factory):
    """Each test its own audit checkpoint file: a checkpoint naming entries another test rolled
    back would make every later `audit_verify` in the process report a removal."""
    from uuid import uuid4

    settings.JIEFEN_AUDIT_CHECKPOINT_FILE = (
        tmp_path_factory.getbasetemp() / "audit-checkpoints" / f"{uuid4().hex}.jsonl"
    )
