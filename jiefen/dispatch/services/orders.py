"""The units' orders: sign for, set out, arrive, report; reassign or call off; an incident ends
by itself once every unit is done."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import Department, User
from jiefen.accounts.notifications import notify
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded
from jiefen.dispatch import policies as P
from jiefen.dispatch.choices import (
    UNIT_DEPARTMENT,
    IncidentStatus,
    OrderStatus,
    UnitKind,
)
from jiefen.dispatch.models import DispatchOrder, Incident
from jiefen.dispatch.services.common import _check_moment, _may, _reply_instructions
from jiefen.dispatch.services.incidents import _police_members, _squad_members
from jiefen.dispatch.transitions import (
    INCIDENT_LIFECYCLE,
    ORDER_LIFECYCLE,
)


def _order_move(
    *,
    order: DispatchOrder,
    action: str,
    actor: User,
    summary: str,
    note: str = "",
    version: int | None = None,
    **fields,
) -> DispatchOrder:
    """One move of the order's table: compare-and-swap on state and version (a second tap or a
    second device finds it moved), with its one log entry."""
    _may(ORDER_LIFECYCLE, order, action, version)
    ORDER_LIFECYCLE.move(
        order, action=action, actor=actor, note=note, fields=fields, data={"summary": summary}
    )
    return order


def _unit_label(order: DispatchOrder) -> UnitKind:
    return UnitKind(order.unit_kind)


@guarded(P.ORDER, on="order")
@transaction.atomic
def order_acknowledge(
    *,
    order: DispatchOrder,
    actor: User,
    at: dt.datetime | None = None,
    version: int | None = None,
) -> DispatchOrder:
    """The unit has the order (签收)."""
    at = _check_moment(at or timezone.now(), field="at", not_before=order.dispatched_at)
    return _order_move(
        order=order,
        actor=actor,
        action="acknowledge",
        version=version,
        summary=phrase(N_("%(unit)s签收"), unit=_unit_label(order)),
        acknowledged_at=at,
    )


@guarded(P.ORDER, on="order")
@transaction.atomic
def order_depart(
    *,
    order: DispatchOrder,
    actor: User,
    at: dt.datetime | None = None,
    version: int | None = None,
) -> DispatchOrder:
    """The unit is on its way (出发)."""
    at = _check_moment(at or timezone.now(), field="at", not_before=order.dispatched_at)
    fields = {"departed_at": at}
    if order.acknowledged_at is None:
        fields["acknowledged_at"] = at
    return _order_move(
        order=order,
        actor=actor,
        action="depart",
        version=version,
        summary=phrase(N_("%(unit)s出发"), unit=_unit_label(order)),
        **fields,
    )


@guarded(P.ORDER, on="order")
@transaction.atomic
def order_arrive(
    *,
    order: DispatchOrder,
    actor: User,
    arrived_at: dt.datetime | None = None,
    version: int | None = None,
) -> DispatchOrder:
    """The unit is on the scene (到场); the time may be entered a little after the fact."""
    at = _check_moment(
        arrived_at or timezone.now(), field="arrived_at", not_before=order.dispatched_at
    )
    if order.departed_at and at < order.departed_at:
        raise ValidationError({"arrived_at": [_("到场时间不能早于出发时间")]})
    fields = {"arrived_at": at}
    if order.acknowledged_at is None:
        fields["acknowledged_at"] = at
    minutes = (at - order.dispatched_at).total_seconds() / 60
    verdict = gettext_lazy("按时") if at <= order.due_at else gettext_lazy("超时")
    return _order_move(
        order=order,
        actor=actor,
        action="arrive",
        version=version,
        summary=phrase(
            N_("%(unit)s到场，用时%(minutes)s分钟（%(verdict)s）"),
            unit=_unit_label(order),
            minutes=Decimal(f"{minutes:.1f}"),
            verdict=verdict,
        ),
        **fields,
    )


@guarded(P.ORDER, on="order")
@transaction.atomic
def order_report(
    *, order: DispatchOrder, actor: User, report: str, version: int | None = None
) -> DispatchOrder:
    """The unit's on-scene report (现场反馈); when every unit has reported, the incident ends."""
    report = report.strip()
    if not report:
        raise ValidationError({"report": [_("请填写现场情况")]})
    _order_move(
        order=order,
        actor=actor,
        action="report",
        version=version,
        summary=phrase(N_("%(unit)s现场反馈"), unit=_unit_label(order)),
        note=report,
        report=report,
        reported_at=timezone.now(),
    )
    _close_if_done(incident=order.incident, actor=actor)
    return order


@guarded(P.ORDER, on="order")
@transaction.atomic
def order_reassign(
    *,
    order: DispatchOrder,
    actor: User,
    reason: str,
    assignee: User | None = None,
    department: Department | None = None,
    version: int | None = None,
) -> DispatchOrder:
    """Send the order to another person or unit; the clock keeps running from the first dispatch."""
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("请填写改派理由")]
    if assignee is None and department is None:
        errors["assignee"] = [_("请选择改派对象")]
    department = department or (assignee.department if assignee else None)
    if department is not None and department.kind != UNIT_DEPARTMENT[order.unit_kind]:
        errors["department"] = [_("改派对象须为同类处置单位")]
    if errors:
        raise ValidationError(errors)
    who = assignee.display_name if assignee else department.name
    # Status back to dispatched (the new unit must sign for it), dispatched_at untouched.
    _order_move(
        order=order,
        actor=actor,
        action="reassign",
        version=version,
        summary=phrase(
            N_("%(unit)s改派：%(department)s %(who)s（计时不变）"),
            unit=_unit_label(order),
            department=department.name,
            who=who,
        ),
        note=reason,
        department=department,
        assignee=assignee,
        acknowledged_at=None,
        departed_at=None,
    )
    notify(
        users=[assignee]
        if assignee
        else list(
            _police_members(department)
            if order.unit_kind == UnitKind.POLICE
            else _squad_members(department)
        ),
        message=f"110联动改派 {order.incident.incident_no}：{order.incident.address}，"
        f"请于{timezone.localtime(order.due_at):%H:%M}前到场。{_reply_instructions(order)}",
        link=order.incident.get_absolute_url(),
    )
    return order


@guarded(P.ORDER, on="order")
@transaction.atomic
def order_cancel(
    *, order: DispatchOrder, actor: User, reason: str, version: int | None = None
) -> DispatchOrder:
    """Call a unit off (e.g. the crowd dispersed before it arrived), with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写撤销理由")]})
    _order_move(
        order=order,
        actor=actor,
        action="cancel",
        version=version,
        summary=phrase(N_("%(unit)s派单撤销"), unit=_unit_label(order)),
        note=reason,
        cancelled_at=timezone.now(),
        cancel_reason=reason[:200],
    )
    _close_if_done(incident=order.incident, actor=actor)
    return order


def _close_if_done(*, incident: Incident, actor) -> None:
    """Every unit reported or called off: the incident ends by itself (for no person; the log
    names whose report ended it). Moved on a fresh copy: the caller's may predate a change."""
    statuses = set(incident.orders.values_list("status", flat=True))
    if not (statuses and statuses <= {OrderStatus.REPORTED, OrderStatus.CANCELLED}):
        return
    fresh = Incident.objects.get(pk=incident.pk)
    if fresh.status != IncidentStatus.OPEN:
        return
    now = timezone.now()
    INCIDENT_LIFECYCLE.move(
        fresh,
        action="finish",
        actor=None,
        note=_("各处置单位均已反馈或撤销"),
        fields={"closed_at": now},
        data={"summary": _("警情处置结束"), "by": actor},
    )
    for name in ("status", "closed_at", "version", "updated_at"):
        setattr(incident, name, getattr(fresh, name))


def _centre_dispatchers(incident: Incident) -> list[User]:
    """The window's dispatchers whose scope covers the incident's village (who hear a call for
    help); the district's when the incident has no village yet."""
    from django.db.models import Q

    from jiefen.accounts.choices import Role, ScopeLevel

    village = incident.village
    covers = Q(scope_level=ScopeLevel.DISTRICT)
    if village is not None:
        covers |= (
            Q(scope_level=ScopeLevel.STREET, scope_code=village.street.code)
            | Q(scope_level=ScopeLevel.VILLAGE, scope_code=village.code)
            | Q(scope_level=ScopeLevel.GRID, scope_code=getattr(village.grid_area, "code", ""))
        )
    return list(
        User.objects.filter(covers, is_active=True, role=Role.RECEPTION_CLERK).order_by("id")
    )


@guarded(P.ORDER, on="order")
@transaction.atomic
def order_help_request(
    *, order: DispatchOrder, actor: User, note: str = "", version: int | None = None
) -> DispatchOrder:
    """The unit asks the centre for help (求助); the order's state is unchanged, the centre's
    dispatchers are told at once and the board marks the order."""
    note = note.strip()[:500]
    _order_move(
        order=order,
        actor=actor,
        action="help",
        version=version,
        summary=phrase(N_("%(unit)s求助：%(note)s"), unit=_unit_label(order), note=note)
        if note
        else phrase(N_("%(unit)s求助"), unit=_unit_label(order)),
        note=note,
        help_requested_at=timezone.now(),
    )
    incident = order.incident
    notify(
        users=_centre_dispatchers(incident),
        message=phrase(
            N_("110联动求助 %(number)s：%(unit)s%(who)s请求支援，%(address)s。%(note)s"),
            number=incident.incident_no,
            unit=_unit_label(order),
            who=actor.display_name,
            address=incident.address,
            note=note,
        ),
        link=incident.get_absolute_url(),
    )
    return order
