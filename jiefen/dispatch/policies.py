"""Who may do what in the 110 linkage. The services enforce these; pages, the API and the menu read
the same ones.

The centre's dispatchers (the window, leaders) take incidents, place them, end them and turn them
into cases; the units (the police office's liaison, the inspection squad) work their own orders;
the 110 platform's signed requests arrive with no person acting."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import DISPATCHERS, UNITS, R
from jiefen.core.policy import policy


def in_scope(user: Any, obj: Any) -> bool:
    """The incident (or an order's incident) lies in the person's scope."""
    from jiefen.dispatch.selectors import incident_list_for_user

    incident = getattr(obj, "incident", obj)
    return incident_list_for_user(user=user).filter(pk=incident.pk).exists()


def own_order(user: Any, order: Any) -> bool:
    """The unit's own people (a police liaison for the police's order, an inspector for the
    squad's) and the centre's dispatchers; within their scope either way."""
    from jiefen.dispatch.choices import UNIT_DEPARTMENT

    if not (user.is_superuser or user.role in DISPATCHERS):
        department = user.department
        if department is None or department.kind != UNIT_DEPARTMENT[order.unit_kind]:
            return False
    return in_scope(user, order)


# Who sees the incidents, the board and the arrival figures.
VIEW = policy("dispatch.view", _("查看110警情"), DISPATCHERS | UNITS)
# An incident taken by telephone, or pushed by the 110 platform (no person acting).
RECEIVE = policy(
    "dispatch.receive",
    _("登记110警情"),
    DISPATCHERS | {R.POLICE_LIAISON},
    without_actor=True,
)
# Placing an incident, ending it by hand and turning it into a case: the centre's dispatchers.
MANAGE = policy("dispatch.manage", _("指挥调度110警情"), DISPATCHERS, test=in_scope)
# An incident ends by itself once every unit has reported or been called off.
FINISH = policy("dispatch.finish", _("各处置单位处置完毕"), (), without_actor=True)
# A unit's order: sign for it, set out, arrive, report; hand it on or call it off.
ORDER = policy("dispatch.order", _("处理该派单"), DISPATCHERS | UNITS, test=own_order)
