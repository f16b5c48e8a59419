"""Every write of the 110 linkage: intake, dispatch, the units' reports, reassignment, a case."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.accounts.choices import Role
from jiefen.accounts.models import Department, User
from jiefen.accounts.notifications import notify
from jiefen.cases.choices import Category, Channel
from jiefen.cases.choices import EventKind as CaseEventKind
from jiefen.cases.models import Case
from jiefen.cases.services import ClaimantInput, case_create, case_event_add
from jiefen.core import crypto
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import Lifecycle, MoveNotAllowed
from jiefen.core.policy import guarded, internal, system
from jiefen.dispatch import policies as P
from jiefen.dispatch.choices import (
    UNIT_DEPARTMENT,
    EventKind,
    IncidentSource,
    IncidentStatus,
    OrderStatus,
    UnitKind,
)
from jiefen.dispatch.models import DispatchEvent, DispatchOrder, Incident
from jiefen.dispatch.transitions import (
    INCIDENT_LIFECYCLE,
    ORDER_LIFECYCLE,
    TRACK,
    DispatchChangedMeanwhile,
    condition_check,
)
from jiefen.geo.models import Village
from jiefen.parties.validators import mask_phone, validate_phone

# A unit's clock may be a little fast; a time "now" from it is accepted this far ahead.
CLOCK_SKEW = dt.timedelta(minutes=2)
# An arrival may be entered after the fact (the officer reports once the scene is calm), but not
# hours later: past this, a supervisor corrects the record instead.
MAX_BACKDATE = dt.timedelta(hours=2)
# The order's refusals are the kernel's: an action its state does not allow (409), a person
# outside the unit or the centre (403), a copy read before someone changed it (409, naming who).
OrderActionNotAllowed = MoveNotAllowed


def _event(
    *,
    incident: Incident,
    kind: str,
    summary: str,
    actor=None,
    order: DispatchOrder | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> DispatchEvent:
    """Log on the incident, and on its case's timeline once there is one."""
    event = DispatchEvent.objects.create(
        incident=incident,
        order=order,
        at=at or timezone.now(),
        actor=actor,
        kind=kind,
        summary=summary[:300],
        note=note,
    )
    if incident.case_id:
        case_event_add(
            case=incident.case,
            actor=actor,
            kind=CaseEventKind.TRACK,
            track=TRACK,
            summary=f"110联动：{summary}",
            note=note,
            data={"incident": incident.incident_no, "kind": kind},
        )
    return event


def _check_moment(at: dt.datetime, *, field: str, not_before: dt.datetime) -> dt.datetime:
    now = timezone.now()
    if at > now + CLOCK_SKEW:
        raise ValidationError({field: [_("时间不能晚于现在")]})
    if at < not_before:
        raise ValidationError({field: [_("时间不能早于派单时间")]})
    if now - at > MAX_BACKDATE:
        raise ValidationError({field: [_("补录时间不能早于两小时前，请联系指挥中心更正")]})
    return at


class IncidentNumberReused(ConflictError):
    code = "incident_no_reused"

    def __init__(self, incident_no: str) -> None:
        super().__init__(
            _("警情编号%(no)s已用于另一起警情（接警时间或地址不同）。") % {"no": incident_no},
            extra={"incident_no": incident_no},
        )


def _same_or_conflict(existing: Incident, *, received_at: dt.datetime, address: str) -> None:
    """A resent incident is the same one when its reception time and address match; the same
    number with other facts is a fault at the sender's end, not a retry."""
    if existing.received_at != received_at or existing.address != address.strip():
        raise IncidentNumberReused(existing.incident_no)


@system
def incident_no_generate() -> str:
    """A number for an incident taken by phone without a 110 number: DH + time + random."""
    return f"DH{timezone.localtime():%Y%m%d%H%M%S}{secrets.randbelow(1000):03d}"


@guarded(P.RECEIVE)
@transaction.atomic
def incident_receive(
    *,
    incident_no: str,
    received_at: dt.datetime,
    caller_name: str,
    caller_phone: str,
    address: str,
    people_involved: int,
    category: str,
    description: str,
    village_code: str = "",
    village: Village | None = None,
    source: str = IncidentSource.PLATFORM,
    sender: str = "",
    actor: User | None = None,
    notify_units: bool = True,
) -> tuple[Incident, bool]:
    """Take in an incident (from the 110 platform or a phone call) and dispatch both units.

    Idempotent on `incident_no`: the same incident again returns the existing row and False."""
    incident_no = incident_no.strip()
    existing = Incident.objects.filter(incident_no=incident_no).first() if incident_no else None
    if existing is not None:
        _same_or_conflict(existing, received_at=received_at, address=address)
        return existing, False
    errors: dict[str, list[str]] = {}
    if not incident_no:
        errors["incident_no"] = [_("请填写警情编号")]
    if received_at > timezone.now() + CLOCK_SKEW:
        errors["received_at"] = [_("接警时间不能晚于现在")]
    if not caller_name.strip():
        errors["caller_name"] = [_("请填写报警人")]
    phone = ""
    if caller_phone.strip():
        try:
            phone = validate_phone(caller_phone)
        except ValidationError as e:
            errors["caller_phone"] = e.messages
    if not address.strip():
        errors["address"] = [_("请填写地址")]
    if people_involved < 1:
        errors["people_involved"] = [_("涉及人数至少为1")]
    if category not in Category.values:
        errors["category"] = [_("未知纠纷类别")]
    if not description.strip():
        errors["description"] = [_("请填写警情描述")]
    if village is None and village_code:
        village = Village.objects.select_related("street").filter(code=village_code).first()
        if village is None:
            errors["village_code"] = [_("未知的村/社区代码")]
    if errors:
        raise ValidationError(errors)
    incident = Incident(
        incident_no=incident_no,
        source=source,
        sender=sender,
        received_at=received_at,
        caller_name=caller_name.strip(),
        caller_phone_cipher=crypto.encrypt(phone),
        caller_phone_masked=mask_phone(phone) if phone else "",
        address=address.strip(),
        village=village,
        people_involved=people_involved,
        category=category,
        description=description.strip(),
        created_by=actor,
    )
    try:
        # Two deliveries of one incident at the same moment: the unique number lets one in.
        with transaction.atomic():
            incident.save()
    except IntegrityError:
        existing = Incident.objects.get(incident_no=incident_no)
        _same_or_conflict(existing, received_at=received_at, address=address)
        return existing, False
    _event(
        incident=incident,
        kind=EventKind.RECEIVED,
        actor=actor,
        summary=f"接警：{IncidentSource(source).label}，{incident.address}，"
        f"{people_involved}人，{Category(category).label}",
    )
    if village is not None:
        incident_dispatch(incident=incident, actor=actor, notify_units=notify_units)
    return incident, True


def _police_members(department: Department):
    return department.members.filter(is_active=True, role=Role.POLICE_LIAISON).order_by("id")


def _squad_members(department: Department):
    return department.members.filter(is_active=True, role=Role.LABOR_INSPECTOR).order_by("id")


def _unit_for(*, incident: Incident, unit_kind: str) -> tuple[Department, User | None, list[User]]:
    """The department serving the incident's village, who takes the order, and who is told."""
    village = incident.village
    department = Department.objects.get(kind=UNIT_DEPARTMENT[unit_kind], street=village.street)
    if unit_kind == UnitKind.POLICE:
        members = list(_police_members(department))
        return department, (members[0] if members else None), members
    # The grid area's responsible inspector (专人专岗) first, else the squad's inspectors.
    area = village.grid_area
    if area and area.inspector_id and area.inspector.is_active:
        return department, area.inspector, [area.inspector]
    members = list(_squad_members(department))
    return department, (members[0] if members else None), members


@internal
@transaction.atomic
def incident_dispatch(
    *, incident: Incident, actor: User | None = None, notify_units: bool = True
) -> list[DispatchOrder]:
    """Send an order to the village's police office and to the street's inspection squad."""
    if incident.village_id is None:
        raise ValidationError({"village": [_("请先确定警情所在村/社区")]})
    now = timezone.now()
    orders = []
    for unit_kind in (UnitKind.POLICE, UnitKind.INSPECTION):
        if DispatchOrder.objects.filter(incident=incident, unit_kind=unit_kind).exists():
            continue
        department, assignee, told = _unit_for(incident=incident, unit_kind=unit_kind)
        order = DispatchOrder.objects.create(
            incident=incident,
            unit_kind=unit_kind,
            department=department,
            assignee=assignee,
            dispatched_at=now,
        )
        orders.append(order)
        who = assignee.display_name if assignee else _("（未配置人员）")
        _event(
            incident=incident,
            order=order,
            kind=EventKind.DISPATCHED,
            actor=actor,
            summary=f"派单：{department.name} {who}，{order.limit_minutes}分钟内到场",
        )
        if not notify_units:  # a record entered afterwards (demo history): nobody to call out
            continue
        notify(
            users=told,
            message=f"110联动派单 {incident.incident_no}：{incident.address}，"
            f"{incident.people_involved}人，请{order.limit_minutes}分钟内到场",
            link=incident.get_absolute_url(),
        )
    return orders


def _may(lifecycle: Lifecycle, obj, action: str, version: int | None = None) -> None:
    """Before any work of an action: the version the person saw (when they say), the state the
    table asks (the mover asks again, with a compare-and-swap), and the action's conditions."""
    if version is not None and version != obj.version:
        if isinstance(obj, DispatchOrder):
            raise DispatchChangedMeanwhile(incident_id=obj.incident_id, order_id=obj.pk)
        raise DispatchChangedMeanwhile(incident_id=obj.pk)
    state = lifecycle.state_of(obj)
    if not lifecycle.allows_from(action, state):
        refused = MoveNotAllowed(
            subject=lifecycle.subject,
            state_label=lifecycle.state_label(state),
            transition=lifecycle.transition(action),
        )
        # The API's contract names the state by its value (docs/integrations/110.md).
        refused.extra = {"action": action, "status": state}
        raise refused
    condition_check(lifecycle, action, obj)


@guarded(P.MANAGE, on="incident")
@transaction.atomic
def incident_set_village(
    *, incident: Incident, village: Village, actor: User, version: int | None = None
) -> Incident:
    """Staff place an incident that arrived without a village code; the units go out then."""
    _may(INCIDENT_LIFECYCLE, incident, "set_village", version)
    INCIDENT_LIFECYCLE.move(
        incident,
        action="set_village",
        actor=actor,
        fields={"village": village},
        data={"summary": f"确定村社：{village.street.name}{village.name}"},
    )
    incident_dispatch(incident=incident, actor=actor)
    return incident


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


def _unit_label(order: DispatchOrder) -> str:
    return str(UnitKind(order.unit_kind).label)


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
        summary=f"{_unit_label(order)}签收",
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
        summary=f"{_unit_label(order)}出发",
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
    verdict = _("按时") if at <= order.due_at else _("超时")
    return _order_move(
        order=order,
        actor=actor,
        action="arrive",
        version=version,
        summary=f"{_unit_label(order)}到场，用时{minutes:.1f}分钟（{verdict}）",
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
        summary=f"{_unit_label(order)}现场反馈",
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
        summary=f"{_unit_label(order)}改派：{department.name} {who}（计时不变）",
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
        f"请于{timezone.localtime(order.due_at):%H:%M}前到场",
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
        summary=f"{_unit_label(order)}派单撤销",
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


@guarded(P.MANAGE, on="incident")
@transaction.atomic
def incident_close(
    *, incident: Incident, actor, note: str = "", version: int | None = None
) -> Incident:
    """End the incident: it leaves the live board. Its case (if any) goes on by itself."""
    _may(INCIDENT_LIFECYCLE, incident, "close", version)
    INCIDENT_LIFECYCLE.move(
        incident,
        action="close",
        actor=actor,
        note=note,
        fields={"closed_at": timezone.now()},
        data={"summary": _("警情处置结束")},
    )
    return incident


@guarded(P.MANAGE, on="incident")
@transaction.atomic
def incident_case_create(*, incident: Incident, actor: User, version: int | None = None) -> Case:
    """Turn the incident into a case in one step (channel 110), linked both ways.

    The crowd size becomes the case's `people_gathered`, so triage makes a gathering of ten or
    more governance-led (jiefen.cases.triage.rule_stability)."""
    _may(INCIDENT_LIFECYCLE, incident, "case_create", version)
    case = case_create(
        actor=actor,
        channel=Channel.POLICE_110,
        category=incident.category,
        summary=f"110警情{incident.incident_no}（{incident.address}）：{incident.description}",
        village=incident.village,
        received_at=incident.received_at,
        claimants=[
            ClaimantInput(
                name=incident.caller_name,
                phone=crypto.decrypt(incident.caller_phone_cipher),
                address=incident.address,
                representative=True,
            )
        ],
        people_gathered=incident.people_involved,
    )
    # Compare-and-swap: a second click (or a second clerk) finds the incident changed.
    INCIDENT_LIFECYCLE.move(
        incident,
        action="case_create",
        actor=actor,
        fields={"case": case},
        data={"summary": f"转为案件 {case.number}"},
    )
    lines = [
        f"{UnitKind(o.unit_kind).label}：{OrderStatus(o.status).label}"
        + (f"，到场用时{o.arrival_minutes:.1f}分钟" if o.arrived_at else "")
        for o in incident.orders.all()
    ]
    case_event_add(
        case=case,
        actor=actor,
        kind=CaseEventKind.TRACK,
        track=TRACK,
        summary=f"由110警情{incident.incident_no}转入：{incident.people_involved}人，{incident.address}",
        note="；".join(lines),
        data={"incident": incident.incident_no, "incident_id": incident.pk},
    )
    return case
