from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from conftest import ZHUANTANG
from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.cases.choices import CaseStatus, Category
from jiefen.cases.tests.factories import make_case
from jiefen.inspection.services import complaint_receive_from_case, inspection_open

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def inspector(make_staff):
    return make_staff(
        Role.LABOR_INSPECTOR,
        scope_level=ScopeLevel.STREET,
        scope_code=ZHUANTANG,
        department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD,
        full_name="钱监察",
        phone="13900000001",
    )


@pytest.fixture
def inspector2(make_staff):
    return make_staff(
        Role.LABOR_INSPECTOR,
        scope_level=ScopeLevel.STREET,
        scope_code=ZHUANTANG,
        department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD,
        full_name="孙监察",
    )


@pytest.fixture
def inspector_elsewhere(make_staff):
    return make_staff(
        Role.LABOR_INSPECTOR,
        scope_level=ScopeLevel.STREET,
        scope_code="330106109",
        department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD,
    )


@pytest.fixture
def wage_case(clerk):
    """A wage-arrears case that triage put on the inspection track."""
    return make_case(
        actor=clerk, status=CaseStatus.HANDLING, category=Category.WAGE_ARREARS, claimants=2
    )


@pytest.fixture
def received(wage_case, inspector):
    """A complaint received on Monday 28 September 2026 (the National Day week follows)."""
    with time_machine.travel(at(2026, 9, 28, 9), tick=False):
        return complaint_receive_from_case(case=wage_case, actor=inspector, allegation="拖欠工资")


@pytest.fixture
def opened(received, inspector):
    """Opened on Tuesday 29 September 2026."""
    with time_machine.travel(at(2026, 9, 29, 10), tick=False):
        return inspection_open(inspection=received, actor=inspector)
