"""Every write of the 110 linkage: intake, dispatch, the units' reports, reassignment, a case."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiefen.accounts.choices import Role
from jiefen.accounts.models import Department, User
from jiefen.accounts.notifications import notify
from jiefen.cases.choices import Category, Channel
from jiefen.cases.choices import EventKind as CaseEventKind
from jiefen.cases.models import Case
from jiefen.cases.services import ClaimantInput, case_event_add, case_intake
from jiefen.core import crypto
from jiefen.core.exceptions import ApplicationError, ConflictError
from jiefen.dispatch.choices import (
    UNIT_DEPARTMENT,
    EventKind,
    IncidentSource,
    IncidentStatus,
    OrderStatus,
    UnitKind,
)
from jiefen.dispatch.models import DispatchEvent, DispatchOrder, Incident
from jiefen.geo.models import Village
from jiefen.parties.validators import mask_phone, validate_phone

# A unit's clock may be a little fast; a time "now" from it is accepted this far ahead.
CLOCK_SKEW = dt.timedelta(minutes=2)
# An arrival may be entered after the fact (the officer reports once the scene is calm), but not
# hours later: past this, a supervisor corrects the record instead.
MAX_BACKDATE = dt.timedelta(hours=2)
# The case timeline's track name for 110 linkage entries.
TRACK = "dispatch"

# Which order states each unit action starts from (the order's lifecycle table).
ORDER_ALLOWED: dict[str, frozenset[str]] = {
    "acknowledge": frozenset({OrderStatus.DISPATCHED}),
    "depart": frozenset({OrderStatus.DISPATCHED, OrderStatus.ACKNOWLEDGED}),
    "arrive": frozenset({OrderStatus.DISPATCHED, OrderStatus.ACKNOWLEDGED, OrderStatus.DEPARTED}),
    "report": frozenset({OrderStatus.ARRIVED}),
    "reassign": frozenset({OrderStatus.DISPATCHED, OrderStatus.ACKNOWLEDGED, OrderStatus.DEPARTED}),
    "cancel": frozenset({OrderStatus.DISPATCHED, OrderStatus.ACKNOWLEDGED, OrderStatus.DEPARTED}),
}
ACTION_LABELS = {
    "acknowledge": gettext_lazy("签收"),
    "depart": gettext_lazy("出发"),
    "arrive": gettext_lazy("到场"),
    "report": gettext_lazy("现场反馈"),
    "reassign": gettext_lazy("改派"),
    "cancel": gettext_lazy("撤销"),
}


class OrderActionNotAllowed(ConflictError):
    code = "illegal_transition"

    def __init__(self, *, action: str, status: str) -> None:
        super().__init__(
            _("派单当前状态为“%(status)s”，不能%(action)s。")
            % {"status": OrderStatus(status).label, "action": ACTION_LABELS.get(action, action)},
            extra={"action": action, "status": status},
        )


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


def incident_no_generate() -> str:
    """A number for an incident taken by phone without a 110 number: DH + time + random."""
    return f"DH{timezone.localtime():%Y%m%d%H%M%S}{secrets.randbelow(1000):03d}"


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


@transaction.atomic
def incident_set_village(*, incident: Incident, village: Village, actor: User) -> Incident:
    """Staff place an incident that arrived without a village code; the units go out then."""
    if incident.village_id is not None:
        raise ConflictError(_("警情已确定村/社区。"))
    moved = Incident.objects.filter(pk=incident.pk, village__isnull=True).update(
        village=village, updated_at=timezone.now()
    )
    if moved != 1:
        raise ConflictError(_("警情已被他人处理，请刷新后重试。"))
    incident.village = village
    _event(
        incident=incident,
        kind=EventKind.VILLAGE_SET,
        actor=actor,
        summary=f"确定村社：{village.street.name}{village.name}",
    )
    incident_dispatch(incident=incident, actor=actor)
    return incident


# Who may act on any order in their scope: the centre's dispatchers.
DISPATCHER_ROLES = frozenset({Role.RECEPTION_CLERK, Role.LEADER, Role.ADMINISTRATOR})


class OrderForbidden(ApplicationError):
    status_code = 403
    code = "forbidden"

    def __init__(self) -> None:
        super().__init__(_("只有该处置单位的人员或指挥中心人员可以处理此派单。"))


def order_may_act(*, order: DispatchOrder, actor: User) -> bool:
    """The unit's own people (a police liaison for police, an inspector for inspection) and the
    centre's dispatchers; scope (which streets) is checked by the selector that fetched it."""
    if actor.is_superuser or actor.role in DISPATCHER_ROLES:
        return True
    department = actor.department
    return department is not None and department.kind == UNIT_DEPARTMENT[order.unit_kind]


def _order_move(
    *, order: DispatchOrder, action: str, to: str | None = None, actor: User, **fields
) -> DispatchOrder:
    """Compare-and-swap on the order's status: a second tap or a second device finds it moved."""
    if not order_may_act(order=order, actor=actor):
        raise OrderForbidden()
    old = order.status
    if old not in ORDER_ALLOWED[action]:
        raise OrderActionNotAllowed(action=action, status=old)
    values = dict(fields, updated_at=timezone.now())
    if to is not None:
        values["status"] = to
    moved = DispatchOrder.objects.filter(pk=order.pk, status=old).update(**values)
    if moved != 1:
        order.refresh_from_db(fields=["status"])
        raise OrderActionNotAllowed(action=action, status=order.status)
    for name, value in values.items():
        setattr(order, name, value)
    return order


def _unit_label(order: DispatchOrder) -> str:
    return str(UnitKind(order.unit_kind).label)


@transaction.atomic
def order_acknowledge(
    *, order: DispatchOrder, actor: User, at: dt.datetime | None = None
) -> DispatchOrder:
    """The unit has the order (签收)."""
    at = _check_moment(at or timezone.now(), field="at", not_before=order.dispatched_at)
    _order_move(
        order=order,
        actor=actor,
        action="acknowledge",
        to=OrderStatus.ACKNOWLEDGED,
        acknowledged_at=at,
    )
    _event(
        incident=order.incident,
        order=order,
        kind=EventKind.ACKNOWLEDGED,
        actor=actor,
        summary=f"{_unit_label(order)}签收",
    )
    return order


@transaction.atomic
def order_depart(
    *, order: DispatchOrder, actor: User, at: dt.datetime | None = None
) -> DispatchOrder:
    """The unit is on its way (出发)."""
    at = _check_moment(at or timezone.now(), field="at", not_before=order.dispatched_at)
    fields = {"departed_at": at}
    if order.acknowledged_at is None:
        fields["acknowledged_at"] = at
    _order_move(order=order, actor=actor, action="depart", to=OrderStatus.DEPARTED, **fields)
    _event(
        incident=order.incident,
        order=order,
        kind=EventKind.DEPARTED,
        actor=actor,
        summary=f"{_unit_label(order)}出发",
    )
    return order


@transaction.atomic
def order_arrive(
    *, order: DispatchOrder, actor: User, arrived_at: dt.datetime | None = None
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
    _order_move(order=order, actor=actor, action="arrive", to=OrderStatus.ARRIVED, **fields)
    minutes = order.arrival_minutes
    verdict = _("按时") if at <= order.due_at else _("超时")
    _event(
        incident=order.incident,
        order=order,
        kind=EventKind.ARRIVED,
        actor=actor,
        summary=f"{_unit_label(order)}到场，用时{minutes:.1f}分钟（{verdict}）",
    )
    return order


@transaction.atomic
def order_report(*, order: DispatchOrder, actor: User, report: str) -> DispatchOrder:
    """The unit's on-scene report (现场反馈); when every unit has reported, the incident ends."""
    report = report.strip()
    if not report:
        raise ValidationError({"report": [_("请填写现场情况")]})
    now = timezone.now()
    _order_move(
        order=order,
        actor=actor,
        action="report",
        to=OrderStatus.REPORTED,
        report=report,
        reported_at=now,
    )
    _event(
        incident=order.incident,
        order=order,
        kind=EventKind.REPORTED,
        actor=actor,
        summary=f"{_unit_label(order)}现场反馈",
        note=report,
    )
    _close_if_done(incident=order.incident, actor=actor)
    return order


@transaction.atomic
def order_reassign(
    *,
    order: DispatchOrder,
    actor: User,
    reason: str,
    assignee: User | None = None,
    department: Department | None = None,
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
    # Status back to dispatched (the new unit must sign for it), dispatched_at untouched.
    _order_move(
        order=order,
        actor=actor,
        action="reassign",
        to=OrderStatus.DISPATCHED,
        department=department,
        assignee=assignee,
        acknowledged_at=None,
        departed_at=None,
    )
    who = assignee.display_name if assignee else department.name
    _event(
        incident=order.incident,
        order=order,
        kind=EventKind.REASSIGNED,
        actor=actor,
        summary=f"{_unit_label(order)}改派：{department.name} {who}（计时不变）",
        note=reason,
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


@transaction.atomic
def order_cancel(*, order: DispatchOrder, actor: User, reason: str) -> DispatchOrder:
    """Call a unit off (e.g. the crowd dispersed before it arrived), with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写撤销理由")]})
    _order_move(
        order=order,
        actor=actor,
        action="cancel",
        to=OrderStatus.CANCELLED,
        cancelled_at=timezone.now(),
        cancel_reason=reason[:200],
    )
    _event(
        incident=order.incident,
        order=order,
        kind=EventKind.CANCELLED,
        actor=actor,
        summary=f"{_unit_label(order)}派单撤销",
        note=reason,
    )
    _close_if_done(incident=order.incident, actor=actor)
    return order


def _close_if_done(*, incident: Incident, actor) -> None:
    statuses = set(incident.orders.values_list("status", flat=True))
    if statuses and statuses <= {OrderStatus.REPORTED, OrderStatus.CANCELLED}:
        incident_close(incident=incident, actor=actor, note=_("各处置单位均已反馈或撤销"))


@transaction.atomic
def incident_close(*, incident: Incident, actor, note: str = "") -> Incident:
    """End the incident: it leaves the live board. Its case (if any) goes on by itself."""
    now = timezone.now()
    moved = Incident.objects.filter(pk=incident.pk, status=IncidentStatus.OPEN).update(
        status=IncidentStatus.CLOSED, closed_at=now, updated_at=now
    )
    if moved != 1:
        raise ConflictError(_("警情已结束。"))
    incident.status, incident.closed_at = IncidentStatus.CLOSED, now
    _event(
        incident=incident, kind=EventKind.CLOSED, actor=actor, summary=_("警情处置结束"), note=note
    )
    return incident


@transaction.atomic
def incident_case_create(*, incident: Incident, actor: User) -> Case:
    """Turn the incident into a case in one step (channel 110), linked both ways.

    The crowd size becomes the case's `people_gathered`, so triage makes a gathering of ten or
    more governance-led (jiefen.cases.triage.rule_stability)."""
    if incident.case_id:
        raise ConflictError(_("该警情已转为案件 %(number)s。") % {"number": incident.case.number})
    if incident.village_id is None:
        raise ValidationError({"village": [_("请先确定警情所在村/社区")]})
    case = case_intake(
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
    # Compare-and-swap: a second click (or a second clerk) finds the incident already linked.
    linked = Incident.objects.filter(pk=incident.pk, case__isnull=True).update(
        case=case, updated_at=timezone.now()
    )
    if linked != 1:
        raise ConflictError(_("该警情已被他人转为案件。"))
    incident.case = case
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
    DispatchEvent.objects.create(
        incident=incident,
        at=timezone.now(),
        actor=actor,
        kind=EventKind.CASE_CREATED,
        summary=f"转为案件 {case.number}",
    )
    return case
