"""What every 110 linkage service shares: the incident's log entry, the moments a unit reports,
and the check before a move of the tables (jiefen.dispatch.transitions) against the version shown."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.choices import EventKind as CaseEventKind
from jiefen.cases.services import case_event_add
from jiefen.core.lifecycle import Lifecycle, MoveNotAllowed
from jiefen.core.messages import Message, event_text_fields
from jiefen.dispatch.choices import OPEN_ORDER_STATUSES
from jiefen.dispatch.models import DispatchEvent, DispatchOrder, Incident
from jiefen.dispatch.transitions import (
    TRACK,
    DispatchChangedMeanwhile,
    condition_check,
    linked,
)

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
    summary: Message | str,
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
        **event_text_fields(summary),
        note=note,
    )
    if incident.case_id:
        case_event_add(
            case=incident.case,
            actor=actor,
            kind=CaseEventKind.TRACK,
            track=TRACK,
            summary=linked(summary),
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


# Four digits: typed on any phone's keypad in the street. Guessing one is not enough to act: the
# reply must also come from a phone of the unit the order went to (services.sms).
REPLY_CODE_DIGITS = 4


def _reply_code_random() -> str:
    return f"{secrets.randbelow(10**REPLY_CODE_DIGITS):0{REPLY_CODE_DIGITS}d}"


# A code is not drawn again for a day after its order was dispatched, so that a late reply to an
# ended order is recognised as late instead of landing on a new order of the same unit.
REPLY_CODE_REST = dt.timedelta(days=1)


def _order_create_with_code(**fields) -> DispatchOrder:
    """Create an order with a reply code no other open order holds (nor any order of the last
    day). The partial unique constraint decides between two dispatches drawing the same code at
    once; the loser draws again. Older codes come back (10,000 codes, a few dozen a day)."""
    since = timezone.now() - REPLY_CODE_REST
    for _attempt in range(20):
        code = _reply_code_random()
        if DispatchOrder.objects.filter(
            Q(status__in=OPEN_ORDER_STATUSES) | Q(dispatched_at__gte=since), reply_code=code
        ).exists():
            continue
        try:
            with transaction.atomic():
                return DispatchOrder.objects.create(reply_code=code, **fields)
        except IntegrityError:
            if not DispatchOrder.objects.filter(
                reply_code=code, status__in=OPEN_ORDER_STATUSES
            ).exists():
                raise
    raise RuntimeError("no free reply code after 20 draws")


def _reply_instructions(order: DispatchOrder) -> str:
    """What a dispatch SMS tells the unit to answer."""
    code = order.reply_code
    return _("短信回复：%(c)s Y 签收，%(c)s D 到场，%(c)s H 求助") % {"c": code}
