"""Who may do what in grid outreach. The grid is worked by its responsible labour inspectors (专人
专岗) and the villages' mediators; leaders oversee it. The police liaison, the window and the
tribunal do not visit enterprises. Every object test keeps a person to the villages of their
scope."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import INSPECTORS, R
from jiefen.core.policy import policy

# Who works the grid: visits, the registry, follow-ups.
GRID = INSPECTORS | {R.MEDIATOR}


def _village_id(obj: Any) -> int | None:
    """The village an outreach object lies in (an enterprise, plan, visit, photo, follow-up,
    warning, or an enterprise's input before it is saved)."""
    for path in (
        ("village_id",),
        ("village", "pk"),
        ("enterprise", "village_id"),
        ("visit", "enterprise", "village_id"),
    ):
        value: Any = obj
        for name in path:
            value = getattr(value, name, None)
            if value is None:
                break
        if value is not None:
            return int(value)
    return None


def in_area(user: Any, obj: Any) -> bool:
    """The object lies in a village of the person's scope."""
    from jiefen.geo.selectors import village_in_scope

    village_id = _village_id(obj)
    return village_id is not None and village_in_scope(user=user, village_id=village_id)


VIEW = policy("outreach.view", _("查看走访预警"), GRID)
REGISTER = policy("outreach.register", _("维护企业名册"), GRID, test=in_area)
REVEAL = policy("outreach.reveal", _("查看企业联系人完整电话"), GRID, test=in_area)
VISIT = policy("outreach.visit", _("走访企业"), GRID, test=in_area)
# The warning's owner is the grid area's responsible inspector; mediators see warnings, and
# leaders may act on any in their scope.
WARNING = policy("outreach.warning", _("处置预警"), INSPECTORS, test=in_area)
# Turning a warning into a case receives a case: the window's people who also work the grid.
CONVERT = policy("outreach.convert", _("预警转为案件"), GRID, test=in_area)
