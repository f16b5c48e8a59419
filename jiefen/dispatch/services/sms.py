"""The units' SMS replies from the field (上行短信): "1234 Y" signs for an order, "1234 D" reports
arrival, "1234 H" calls the centre for help. Each reply goes through the same services as the web
page and the API (order_acknowledge, order_arrive, order_help_request), so the order's state, the
live board and the arrival clock follow by themselves; whatever cannot be done is answered with a
plain SMS saying what to do instead. The contract is in docs/integrations/sms.md."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.core import crypto
from jiefen.core.exceptions import ApplicationError
from jiefen.core.policy import Forbidden, system
from jiefen.core.senders import mask_address, send_message
from jiefen.core.sms import InboundSms, phone_normalize
from jiefen.dispatch.choices import (
    OPEN_ORDER_STATUSES,
    IncidentStatus,
    OrderStatus,
    ReplyOutcome,
    UnitKind,
)
from jiefen.dispatch.models import DispatchOrder, SmsReply
from jiefen.dispatch.services.orders import order_acknowledge, order_arrive, order_help_request

# "1234 Y", "1234y", "１２３４ Ｙ", "1234 到场", "1234 H 人多需增援" (what follows H goes with the call).
REPLY = re.compile(
    r"^\s*(?P<code>\d{4,6})\s*(?P<word>[A-Za-z]+|确认|签收|到场|到达|求助)(?P<rest>.*)$"
)
WORDS = {
    "Y": "acknowledge",
    "确认": "acknowledge",
    "签收": "acknowledge",
    "D": "arrive",
    "到场": "arrive",
    "到达": "arrive",
    "H": "help",
    "求助": "help",
}
# Who of a unit may answer for it: its own people (the assignee, or the role the unit works in).
UNIT_ROLE = {UnitKind.POLICE: Role.POLICE_LIAISON, UnitKind.INSPECTION: Role.LABOR_INSPECTOR}
ANSWER_SUBJECT = "110联动"
CLOSED_STATUSES = frozenset({OrderStatus.REPORTED, OrderStatus.CANCELLED})


@dataclass(frozen=True)
class ReplyResult:
    reply: SmsReply
    created: bool  # False: the provider delivered this message before; nothing was done again


def _how_to() -> str:
    return _("请按“派单码 字母”回复，例如：1234 Y 签收，1234 D 到场，1234 H 求助。")


def _parse(text: str) -> tuple[str, str, str] | None:
    """(code, action, rest) of a reply, or None when it is not one."""
    normal = unicodedata.normalize("NFKC", text).strip()
    match = REPLY.match(normal)
    if match is None:
        return None
    action = WORDS.get(match["word"].upper()) or WORDS.get(match["word"])
    if action is None:
        return None
    return match["code"], action, match["rest"].strip(" ，,:：")


def _unit_member(order: DispatchOrder, phone: str) -> User | None:
    """The person of the order's unit whose phone sent the reply: its assignee, or a member of
    its department in the unit's role."""
    candidates = User.objects.filter(
        Q(pk=order.assignee_id)
        | Q(department_id=order.department_id, role=UNIT_ROLE[order.unit_kind]),
        is_active=True,
    ).exclude(phone="")
    for user in candidates.order_by("id"):
        if phone_normalize(user.phone) == phone:
            return user
    return None


def _act(*, order: DispatchOrder, actor: User, action: str, rest: str, at: dt.datetime) -> str:
    """Do what the reply asks through the order's own services; the answer to send back."""
    incident = order.incident
    code = order.reply_code
    if action == "acknowledge":
        order_acknowledge(order=order, actor=actor, at=at)
        return _("已签收：警情%(no)s，%(address)s。请于%(due)s前到场，到场后回复 %(code)s D。") % {
            "no": incident.incident_no,
            "address": incident.address,
            "due": f"{timezone.localtime(order.due_at):%H:%M}",
            "code": code,
        }
    if action == "arrive":
        order_arrive(order=order, actor=actor, arrived_at=at)
        minutes = (order.arrived_at - order.dispatched_at).total_seconds() / 60
        return _(
            "已记录到场：警情%(no)s，用时%(minutes).0f分钟。处置后请在系统中填写现场反馈；"
            "需要支援请回复 %(code)s H。"
        ) % {"no": incident.incident_no, "minutes": minutes, "code": code}
    order_help_request(order=order, actor=actor, note=rest)
    return _("求助已转指挥中心：警情%(no)s。请保持电话畅通，指挥中心将尽快联系您。") % {
        "no": incident.incident_no
    }


OUTCOME = {
    "acknowledge": ReplyOutcome.ACKNOWLEDGED,
    "arrive": ReplyOutcome.ARRIVED,
    "help": ReplyOutcome.HELP,
}


def _answer(reply: SmsReply, *, phone: str) -> tuple[str, str, DispatchOrder | None, User | None]:
    """(outcome, answer, order, actor) for one reply; acts on the order when it may."""
    parsed = _parse(reply.text)
    if parsed is None:
        return ReplyOutcome.BAD_SYNTAX, _("未能识别您的回复。") + _how_to(), None, None
    code, action, rest = parsed
    order = (
        DispatchOrder.objects.filter(reply_code=code, status__in=OPEN_ORDER_STATUSES)
        .select_related("incident__village__street", "department", "assignee")
        .first()
    )
    actor = _unit_member(order, phone) if order is not None else None
    if actor is None:
        # A late reply: the order this code belonged to has ended (its code may since have gone
        # to another unit's order). Said so only to its unit; to anyone else the code is unknown
        # (or not theirs).
        ended = (
            DispatchOrder.objects.filter(reply_code=code, status__in=CLOSED_STATUSES)
            .select_related("incident")
            .order_by("-dispatched_at")
            .first()
        )
        if ended is not None and _unit_member(ended, phone) is not None:
            return (
                ReplyOutcome.CLOSED,
                _(
                    "派单码 %(code)s 对应的派单已结束（%(status)s），无需再回复。如现场仍有情况，请致电指挥中心。"
                )
                % {"code": code, "status": OrderStatus(ended.status).label},
                ended,
                None,
            )
    if order is None:
        return (
            ReplyOutcome.UNKNOWN_CODE,
            _("未找到派单码 %(code)s 对应的处置中派单。请核对派单短信中的4位派单码后重新回复。")
            % {"code": code}
            + _how_to(),
            None,
            None,
        )
    if actor is None:
        return (
            ReplyOutcome.WRONG_PHONE,
            _(
                "本号码不是派单码 %(code)s 所派单位的登记号码，回复未生效。请用收到派单短信的手机回复，或致电指挥中心。"
            )
            % {"code": code},
            order,
            None,
        )
    if order.incident.status != IncidentStatus.OPEN:
        return (
            ReplyOutcome.CLOSED,
            _("警情%(no)s已结束，回复未生效。如现场仍有情况，请致电指挥中心。")
            % {"no": order.incident.incident_no},
            order,
            actor,
        )
    # The operator stamps whole seconds: a reply in the dispatch's own second may read earlier.
    at = max(reply.received_at, order.dispatched_at)
    try:
        # Its own savepoint: a refused action leaves the reply's record (and the answer) standing.
        with transaction.atomic():
            answer = _act(order=order, actor=actor, action=action, rest=rest, at=at)
    except ValidationError as e:
        return ReplyOutcome.REFUSED, _("回复未生效：") + "；".join(e.messages), order, actor
    except (ApplicationError, Forbidden) as e:
        return ReplyOutcome.REFUSED, _("回复未生效：") + str(e.message), order, actor
    return OUTCOME[action], answer, order, actor


@system
@transaction.atomic
def sms_reply_receive(*, gateway: str, message: InboundSms) -> ReplyResult:
    """Take one SMS reply from the field: act on the order it names when the sender is of the
    order's unit, and answer by SMS either way. Idempotent on (gateway, message id): a second
    delivery of the same message returns the first one's record and does nothing."""
    phone = phone_normalize(message.phone)
    now = timezone.now()
    received = message.received_at or now
    # The operator's time is used for the clock, but never one from the future.
    received = min(received, now)
    try:
        # Claim the message id first: of two concurrent deliveries one inserts, the other waits
        # on the unique index and then finds the row.
        with transaction.atomic():
            reply = SmsReply.objects.create(
                gateway=gateway[:50],
                message_id=message.message_id[:100],
                phone_cipher=crypto.encrypt(phone),
                phone_masked=mask_address(phone)[:30],
                text=message.text[:500],
                received_at=received,
                outcome=ReplyOutcome.BAD_SYNTAX,
            )
    except IntegrityError:
        existing = SmsReply.objects.get(gateway=gateway[:50], message_id=message.message_id[:100])
        return ReplyResult(reply=existing, created=False)
    outcome, answer, order, actor = _answer(reply, phone=phone)
    reply.outcome, reply.answer, reply.order, reply.actor = outcome, answer[:300], order, actor
    reply.save(update_fields=["outcome", "answer", "order", "actor"])
    send_message(channel="sms", to=phone, subject=ANSWER_SUBJECT, body=answer)
    return ReplyResult(reply=reply, created=True)
