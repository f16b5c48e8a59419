"""Demo 110 linkage: a year of incidents (most turned into cases) with realistic arrival times,
and a handful open right now so the live board has running clocks after `make run`; some of
those the units answered by SMS (signing for them, reporting arrival, one calling for help, one
reply the gateway could not read), as jiefen.dispatch.services.sms takes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.cases.models import Case, CaseEvent
from jiefen.cases.services import case_act
from jiefen.core.messages import event_text_fields, phrase
from jiefen.core.sms import InboundSms
from jiefen.dispatch import scenarios
from jiefen.dispatch.choices import EventKind, IncidentSource, UnitKind
from jiefen.dispatch.models import DispatchEvent, DispatchOrder, Incident, SmsReply
from jiefen.dispatch.services import (
    incident_case_create,
    incident_close,
    incident_receive,
    order_acknowledge,
    order_arrive,
    order_cancel,
    order_depart,
    order_report,
    sms_reply_receive,
)

ORDER = 50
HISTORY = 320  # about one a day over the past year
# (minutes since dispatch, how far each unit got) for the incidents open right now.
# Which of those the police unit answered by SMS ("<code> Y", "<code> D"), and the call for help
# from the gathering (seq 3).
BY_SMS = {1, 3, 4}
HELP_TEXT = "H 现场聚集人数增加，情绪激动，请求增援"
OPEN_NOW = [
    (2, "dispatched", "dispatched"),
    (6, "departed", "acknowledged"),
    (11, "departed", "departed"),
    (13, "departed", "departed"),
    (17, "arrived", "departed"),
    (22, "arrived", "departed"),
]


def seed(*, out, rng) -> None:
    if Incident.objects.exists():
        return
    clerk = User.objects.get(username="clerk")
    now = timezone.now()
    for seq in range(HISTORY):
        _history_incident(seq=seq, rng=rng, now=now, clerk=clerk)
    for seq, (minutes, police_step, inspection_step) in enumerate(OPEN_NOW):
        _open_incident(
            seq=seq,
            rng=rng,
            now=now,
            minutes=minutes,
            steps={UnitKind.POLICE: police_step, UnitKind.INSPECTION: inspection_step},
            clerk=clerk,
        )
    _address_only_incident(now=now)
    out.write(
        f"110 incidents: {Incident.objects.count()} "
        f"({Incident.objects.filter(case__isnull=False).count()} turned into cases, "
        f"{Incident.objects.filter(status='open').count()} open on the board)"
    )


def _address_only_incident(*, now: dt.datetime) -> None:
    """One incident sent with only an address on a road two villages share (the demo gazetteer's
    之江路): its page lists both villages, with the reason, for staff to confirm."""
    received = now - dt.timedelta(minutes=3)
    incident_receive(
        incident_no=f"3301061{received:%y%m%d}80001",
        received_at=received,
        sender="police110",
        caller_name="周海军",
        caller_phone="13905719876",
        address="杭州市西湖区之江路沿线在建工地东门",
        people_involved=6,
        category="wage_arrears",
        description="6名务工人员在工地门口讨要工资，地址未注明门牌号",
    )


def _received_moment(rng, now: dt.datetime) -> dt.datetime:
    day = timezone.localtime(now).date() - dt.timedelta(days=rng.randint(1, 365))
    # Wage disputes flare in working hours and before the Spring Festival.
    hour = rng.choices(range(7, 22), weights=[1, 3, 5, 6, 6, 4, 5, 6, 6, 5, 4, 3, 2, 1, 1])[0]
    local = dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59), rng.randint(0, 59)))
    return timezone.make_aware(local)


def _history_incident(*, seq: int, rng, now: dt.datetime, clerk) -> None:
    received = _received_moment(rng, now)
    facts = scenarios.incident_facts(rng, village_code_known=1.0)
    incident, _created = incident_receive(
        incident_no=f"3301061{received:%y%m%d}{seq:05d}",
        received_at=received,
        source=IncidentSource.PLATFORM if rng.random() < 0.85 else IncidentSource.PHONE,
        sender="police110",
        actor=None,
        notify_units=False,
        **facts,
    )
    dispatched = received + dt.timedelta(seconds=rng.randint(40, 180))
    moments: dict[int, dict[str, dt.datetime]] = {}
    for order in incident.orders.select_related("assignee", "department"):
        actor = order.assignee or clerk
        if order.unit_kind == UnitKind.INSPECTION and rng.random() < 0.05:
            order_cancel(order=order, actor=clerk, reason=rng.choice(scenarios.CANCEL_REASONS))
            moments[order.pk] = {"cancelled": dispatched + dt.timedelta(minutes=rng.uniform(2, 8))}
            continue
        arrive = scenarios.arrival_minutes(rng, order.unit_kind)
        ack = rng.uniform(0.3, min(2.0, arrive * 0.3))
        depart = ack + rng.uniform(0.2, min(1.5, arrive * 0.3))
        order_acknowledge(order=order, actor=actor)
        order_depart(order=order, actor=actor)
        order_arrive(order=order, actor=actor)
        order_report(order=order, actor=actor, report=scenarios.report_text(rng, order.unit_kind))
        moments[order.pk] = {
            "acknowledged": dispatched + dt.timedelta(minutes=ack),
            "departed": dispatched + dt.timedelta(minutes=depart),
            "arrived": dispatched + dt.timedelta(minutes=arrive),
            "reported": dispatched + dt.timedelta(minutes=arrive + rng.uniform(5, 40)),
        }
    incident.refresh_from_db()
    if incident.status == "open":
        incident_close(incident=incident, actor=clerk, note="现场处置完毕")
    end = max((m for ms in moments.values() for m in ms.values()), default=dispatched)
    _backdate(incident=incident, received=received, dispatched=dispatched, moments=moments, end=end)
    if rng.random() < 0.85:
        # Taken in by the clerk: registered at once (case_intake's rule).
        case = incident_case_create(incident=incident, actor=clerk)
        if rng.random() < 0.6:
            case_act(
                case=case,
                action="answer",
                actor=clerk,
                note=rng.choice(
                    [
                        "经现场调解，双方达成和解，欠薪当场结清。",
                        "已告知通过劳动仲裁途径解决，并发放维权告知书。",
                        "企业承诺三日内支付，经回访已履行。",
                    ]
                ),
            )
        # Taken in within two hours, or by now for last night's call.
        linked = min(end + dt.timedelta(minutes=rng.randint(10, 120)), max(end, now))
        _backdate_case(case=case, at=linked)
        DispatchEvent.objects.filter(incident=incident, kind=EventKind.CASE_CREATED).update(
            at=linked
        )


def _backdate(*, incident, received, dispatched, moments, end) -> None:
    """The services stamp `now`; a year's history gets the moments it would have had."""
    Incident.objects.filter(pk=incident.pk).update(
        created_at=received + dt.timedelta(seconds=30),
        updated_at=end,
        closed_at=end,
    )
    DispatchEvent.objects.filter(
        incident=incident, kind__in=[EventKind.RECEIVED, EventKind.DISPATCHED]
    ).update(at=dispatched)
    DispatchEvent.objects.filter(incident=incident, kind=EventKind.CLOSED).update(at=end)
    kinds = {
        "acknowledged": EventKind.ACKNOWLEDGED,
        "departed": EventKind.DEPARTED,
        "arrived": EventKind.ARRIVED,
        "reported": EventKind.REPORTED,
        "cancelled": EventKind.CANCELLED,
    }
    for order in DispatchOrder.objects.filter(incident=incident):
        ms = moments[order.pk]
        fields = {"dispatched_at": dispatched, "created_at": dispatched, "updated_at": end}
        fields.update({f"{name}_at": at for name, at in ms.items()})
        DispatchOrder.objects.filter(pk=order.pk).update(**fields)
        for name, at in ms.items():
            DispatchEvent.objects.filter(order=order, kind=kinds[name]).update(at=at)
        if "arrived" in ms:
            order.refresh_from_db()
            minutes = order.arrival_minutes
            verdict = (
                gettext_lazy("按时") if order.arrived_at <= order.due_at else gettext_lazy("超时")
            )
            DispatchEvent.objects.filter(order=order, kind=EventKind.ARRIVED).update(
                **event_text_fields(
                    phrase(
                        N_("%(unit)s到场，用时%(minutes)s分钟（%(verdict)s）"),
                        unit=UnitKind(order.unit_kind),
                        minutes=Decimal(f"{minutes:.1f}"),
                        verdict=verdict,
                    )
                )
            )


def _backdate_case(*, case: Case, at: dt.datetime) -> None:
    fields = {"created_at": at, "updated_at": at, "registered_at": at}
    # Answered the next day, or by now for an incident of last night: never after now.
    answered = min(at + dt.timedelta(days=1), max(at, timezone.now()))
    if case.status == "answered":
        fields["concluded_at"] = answered
    Case.objects.filter(pk=case.pk).update(**fields)
    CaseEvent.objects.filter(case=case).update(at=at)
    CaseEvent.objects.filter(case=case, new_status="answered").update(at=answered)


def _open_incident(*, seq: int, rng, now, minutes: float, steps: dict, clerk) -> None:
    dispatched = now - dt.timedelta(minutes=minutes, seconds=rng.randint(0, 40))
    received = dispatched - dt.timedelta(minutes=1)
    facts = scenarios.incident_facts(rng, village_code_known=1.0)
    if seq == 3:
        facts["people_involved"] = 23  # a gathering: the board shows its red badge
    incident, _created = incident_receive(
        incident_no=f"3301061{received:%y%m%d}9{seq:04d}",
        received_at=received,
        sender="police110",
        **facts,
    )
    moments = {}
    replies: list[tuple[SmsReply, dt.datetime]] = []
    for order in incident.orders.select_related("assignee"):
        actor = order.assignee or clerk
        step = steps[order.unit_kind]
        by_sms = seq in BY_SMS and order.unit_kind == UnitKind.POLICE and bool(actor.phone)
        ms = {}
        if step in ("acknowledged", "departed", "arrived"):
            ms["acknowledged"] = dispatched + dt.timedelta(minutes=min(1, minutes / 3))
            if by_sms:
                replies.append((_sms(order, actor, "Y"), ms["acknowledged"]))
            else:
                order_acknowledge(order=order, actor=actor)
        if step in ("departed", "arrived"):
            order_depart(order=order, actor=actor)
            ms["departed"] = dispatched + dt.timedelta(minutes=min(2, minutes / 2))
        if step == "arrived":
            ms["arrived"] = dispatched + dt.timedelta(minutes=rng.uniform(9, min(14, minutes)))
            if by_sms:
                replies.append((_sms(order, actor, "D"), ms["arrived"]))
            else:
                order_arrive(order=order, actor=actor)
        if by_sms and seq == 3:
            asked = dispatched + dt.timedelta(minutes=min(minutes - 0.5, 8))
            replies.append((_sms(order, actor, HELP_TEXT), asked))
            DispatchOrder.objects.filter(pk=order.pk).update(help_requested_at=asked)
            DispatchEvent.objects.filter(order=order, kind=EventKind.HELP).update(at=asked)
        if by_sms and seq == 1:
            # A reply the gateway could not read (no code): answered with the syntax.
            replies.append((_sms(order, actor, "收到，马上出发", code=False), dispatched))
        moments[order.pk] = ms
    _backdate(incident=incident, received=received, dispatched=dispatched, moments=moments, end=now)
    for reply, at in replies:
        SmsReply.objects.filter(pk=reply.pk).update(received_at=at)
    Incident.objects.filter(pk=incident.pk).update(closed_at=None)
    if seq == 5:
        incident_case_create(incident=incident, actor=clerk)


def _sms(order: DispatchOrder, actor: User, text: str, *, code: bool = True) -> SmsReply:
    """The unit's reply as the SMS gateway would forward it."""
    body = f"{order.reply_code} {text}" if code else text
    message = InboundSms(
        message_id=f"demo-{order.pk}-{SmsReply.objects.count() + 1}", phone=actor.phone, text=body
    )
    reply = sms_reply_receive(gateway="sms-gateway", message=message).reply
    order.refresh_from_db()  # the reply moved the stored order, not this copy
    return reply
