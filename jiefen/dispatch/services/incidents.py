"""Incidents: intake from the 110 platform or the telephone, dispatch to both units, placing an
incident in its village, ending it, and turning it into a case."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.choices import Role
from jiefen.accounts.models import Department, User
from jiefen.accounts.notifications import notify
from jiefen.cases.choices import Category, Channel
from jiefen.cases.choices import EventKind as CaseEventKind
from jiefen.cases.models import Case
from jiefen.cases.services import ClaimantInput, case_event_add, case_intake
from jiefen.core import crypto
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import Plural, phrase
from jiefen.core.policy import guarded, internal, system
from jiefen.dispatch import policies as P
from jiefen.dispatch.choices import (
    UNIT_DEPARTMENT,
    EventKind,
    IncidentSource,
    OrderStatus,
    UnitKind,
)
from jiefen.dispatch.models import DispatchOrder, Incident
from jiefen.dispatch.services.common import (
    CLOCK_SKEW,
    _event,
    _may,
    _order_create_with_code,
)
from jiefen.dispatch.transitions import (
    INCIDENT_LIFECYCLE,
    TRACK,
)
from jiefen.geo.gazetteer import address_match
from jiefen.geo.models import Village
from jiefen.parties.validators import mask_phone, validate_phone


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
    # Only an address: the gazetteer suggests the village. A unique, confident match is filled
    # in (and the units go out at once); anything else waits for staff to confirm.
    placed = None
    if village is None and not village_code:
        match = address_match(address)
        village = match.village
        if village is not None:
            placed = phrase(
                N_("；村社由地址匹配：%(village)s（%(reason)s）"),
                village=f"{village.street.name}{village.name}",
                reason=match.candidates[0].reason,
            )
        elif match.candidates:
            placed = phrase(
                N_("；地址匹配到多个村社，待确认：%(candidates)s"), candidates=match.summary()
            )
        else:
            placed = phrase(N_("；地址未能匹配村社，待确定"))
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
        summary=phrase(
            N_("接警：%(source)s，%(address)s，%(people)s，%(category)s%(placed)s"),
            source=IncidentSource(source),
            address=incident.address,
            people=Plural(N_("%(n)s人"), N_("%(n)s人"), people_involved),
            category=Category(category),
            placed=placed or "",
        ),
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
        order = _order_create_with_code(
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
            summary=phrase(
                N_("派单：%(department)s %(who)s，%(minutes)s分钟内到场"),
                department=department.name,
                who=who,
                minutes=order.limit_minutes,
            ),
        )
        if not notify_units:  # a record entered afterwards (demo history): nobody to call out
            continue
        notify(
            users=told,
            message=phrase(
                N_(
                    "110联动派单 %(number)s：%(address)s，%(people)s，请%(minutes)s分钟内到场。"
                    "短信回复：%(code)s Y 签收，%(code)s D 到场，%(code)s H 求助"
                ),
                number=incident.incident_no,
                address=incident.address,
                people=Plural(N_("%(n)s人"), N_("%(n)s人"), incident.people_involved),
                minutes=order.limit_minutes,
                code=order.reply_code,
            ),
            link=incident.get_absolute_url(),
        )
    return orders


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
        data={
            "summary": phrase(
                N_("确定村社：%(place)s"), place=f"{village.street.name}{village.name}"
            )
        },
    )
    incident_dispatch(incident=incident, actor=actor)
    return incident


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
    # Compare-and-swap: a second click (or a second clerk) finds the incident changed.
    INCIDENT_LIFECYCLE.move(
        incident,
        action="case_create",
        actor=actor,
        fields={"case": case},
        data={"summary": phrase(N_("转为案件 %(number)s"), number=case.number)},
    )
    lines = [
        phrase(
            N_("%(unit)s：%(status)s，到场用时%(minutes)s分钟")
            if o.arrived_at
            else N_("%(unit)s：%(status)s"),
            unit=UnitKind(o.unit_kind),
            status=OrderStatus(o.status),
            **({"minutes": Decimal(f"{o.arrival_minutes:.1f}")} if o.arrived_at else {}),
        )
        for o in incident.orders.all()
    ]
    case_event_add(
        case=case,
        actor=actor,
        kind=CaseEventKind.TRACK,
        track=TRACK,
        summary=phrase(
            N_("由110警情%(number)s转入：%(people)s，%(address)s；%(orders)s"),
            number=incident.incident_no,
            people=Plural(N_("%(n)s人"), N_("%(n)s人"), incident.people_involved),
            address=incident.address,
            orders=lines,
        ),
        data={"incident": incident.incident_no, "incident_id": incident.pk},
    )
    return case
