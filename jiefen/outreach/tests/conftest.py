import pytest

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.geo.models import GridArea

GRID = "330106010G01"  # 转塘街道 第一片区 (villages 330106010001-…)
OTHER_GRID = "330106109G01"  # 三墩镇 第一片区


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def grid_inspector(make_staff):
    """The responsible inspector (专人专岗) of GRID, scoped to it."""
    user = make_staff(
        Role.LABOR_INSPECTOR,
        scope_level=ScopeLevel.GRID,
        scope_code=GRID,
        department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD,
    )
    GridArea.objects.filter(code=GRID).update(inspector=user)
    return user


@pytest.fixture
def other_inspector(make_staff):
    user = make_staff(
        Role.LABOR_INSPECTOR,
        scope_level=ScopeLevel.GRID,
        scope_code=OTHER_GRID,
        department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD,
    )
    GridArea.objects.filter(code=OTHER_GRID).update(inspector=user)
    return user
