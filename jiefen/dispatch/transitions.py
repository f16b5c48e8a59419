"""The lifecycles of the 110 linkage as tables: the incident (open → closed, placed in a village
and turned into a case on the way) and each unit's dispatch order (dispatched → acknowledged →
departed → arrived → reported, reassigned back to dispatched, or cancelled). The mover checks the
state, the policy and the version and writes the one entry of the incident's log (mirrored onto
its case's timeline). Screens and the API offer `incident_actions` / `order_actions`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_noop as N_

from jiefen.cases.choices import EventKind as CaseEventKind
from jiefen.cases.models import CaseEvent
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import Lifecycle, Moved, Transition, action_message, moved_lifecycle
from jiefen.core.messages import Message, event_text_fields, phrase
from jiefen.dispatch import policies as P
from jiefen.dispatch.choices import EventKind, IncidentStatus, OrderStatus
from jiefen.dispatch.models import DispatchEvent, DispatchOrder, Incident

# The case timeline's track name for 110 linkage entries.
TRACK = "dispatch"
I = IncidentStatus  # noqa: E741
O = OrderStatus  # noqa: E741
ON_THE_WAY = frozenset({O.DISPATCHED, O.ACKNOWLEDGED, O.DEPARTED})
# A unit may call for help on its way and on the scene, until it has reported.
STILL_OUT = ON_THE_WAY | {O.ARRIVED}


class DispatchChangedMeanwhile(ConflictError):
    """Someone changed the incident or the order since it was read: who, when and what."""

    code = "stale"

    def __init__(self, *, incident_id: int, order_id: int | None = None) -> None:
        events = DispatchEvent.objects.filter(incident_id=incident_id)
        if order_id is not None:
            events = events.filter(order_id=order_id)
        last = events.select_related("actor").order_by("-at", "-id").first()
        who = last.actor.display_name if last and last.actor else _("他人")
        when = f"{timezone.localtime(last.at):%H:%M}" if last else ""
        what = last.summary if last else ""
        super().__init__(
            _("已被%(who)s于%(when)s处理（%(what)s），您的操作未保存，请刷新后重试。")
            % {"who": who, "when": when, "what": what}
        )


# The log entry's kind for each action.
EVENT_KIND = {
    "close": EventKind.CLOSED,
    "finish": EventKind.CLOSED,
    "set_village": EventKind.VILLAGE_SET,
    "case_create": EventKind.CASE_CREATED,
    "acknowledge": EventKind.ACKNOWLEDGED,
    "depart": EventKind.DEPARTED,
    "arrive": EventKind.ARRIVED,
    "report": EventKind.REPORTED,
    "reassign": EventKind.REASSIGNED,
    "cancel": EventKind.CANCELLED,
    "help": EventKind.HELP,
}


def linked(summary: Message | Promise | str) -> Message:
    """An incident's log entry as its case's timeline shows it ("110联动：…")."""
    return phrase(
        N_("110联动：%(what)s"), what=summary if isinstance(summary, Message) else phrase(summary)
    )


def _record(moved: Moved[Any]) -> None:
    """One entry of the incident's log per move, mirrored onto its case's timeline once there is
    a case (not for the move that makes the case: the case's own intake entry tells it). The
    service passes the words (`summary`); `by` names who set off a move made for no person."""
    data = dict(moved.data)
    order = moved.obj if isinstance(moved.obj, DispatchOrder) else None
    incident = order.incident if order is not None else moved.obj
    summary = data.pop("summary", "") or action_message(moved, moved_lifecycle(moved))
    actor = moved.actor or data.pop("by", None)
    DispatchEvent.objects.create(
        incident=incident,
        order=order,
        at=timezone.now(),
        actor=actor,
        kind=EVENT_KIND[moved.transition.action],
        **event_text_fields(summary),
        note=moved.note,
    )
    if incident.case_id and moved.transition.action != "case_create":
        CaseEvent.objects.create(
            case_id=incident.case_id,
            at=timezone.now(),
            actor=actor,
            kind=CaseEventKind.TRACK,
            track=TRACK,
            **event_text_fields(linked(summary)),
            note=moved.note,
            data={"incident": incident.incident_no, "kind": EVENT_KIND[moved.transition.action]},
        )


def _stay(states: frozenset[str]) -> dict[str, str]:
    """The target of an action that leaves the state as it is."""
    return {state: state for state in states}


INCIDENT_LIFECYCLE: Lifecycle[Incident] = Lifecycle(
    name="dispatch.incident",
    model=Incident,
    states=I,
    subject=gettext_lazy("110警情"),
    record=_record,
    stale=lambda incident: DispatchChangedMeanwhile(incident_id=incident.pk),
    transitions=[
        Transition("set_village", gettext_lazy("确定村社并派单"), frozenset({I.OPEN}),
                   _stay(frozenset({I.OPEN})), P.MANAGE),
        Transition("case_create", gettext_lazy("转为案件"), frozenset({I.OPEN, I.CLOSED}),
                   _stay(frozenset({I.OPEN, I.CLOSED})), P.MANAGE),
        Transition("close", gettext_lazy("结束警情"), frozenset({I.OPEN}), I.CLOSED, P.MANAGE),
        # Every unit reported or called off: the incident ends by itself.
        Transition("finish", gettext_lazy("警情处置结束"), frozenset({I.OPEN}), I.CLOSED,
                   P.FINISH),
    ],
)  # fmt: skip


ORDER_LIFECYCLE: Lifecycle[DispatchOrder] = Lifecycle(
    name="dispatch.order",
    model=DispatchOrder,
    states=O,
    subject=gettext_lazy("派单"),
    record=_record,
    stale=lambda order: DispatchChangedMeanwhile(incident_id=order.incident_id, order_id=order.pk),
    transitions=[
        Transition("acknowledge", pgettext_lazy("action", "签收"), frozenset({O.DISPATCHED}),
                   O.ACKNOWLEDGED, P.ORDER),
        Transition("depart", gettext_lazy("出发"), frozenset({O.DISPATCHED, O.ACKNOWLEDGED}),
                   O.DEPARTED, P.ORDER),
        Transition("arrive", pgettext_lazy("action", "到场"), ON_THE_WAY, O.ARRIVED, P.ORDER),
        Transition("report", gettext_lazy("现场反馈"), frozenset({O.ARRIVED}), O.REPORTED,
                   P.ORDER, gettext_lazy("现场情况")),
        # Back to dispatched: the new unit must sign for it; the clock runs on from the first.
        Transition("reassign", gettext_lazy("改派"), ON_THE_WAY, O.DISPATCHED, P.ORDER,
                   gettext_lazy("改派理由")),
        Transition("cancel", gettext_lazy("撤销"), ON_THE_WAY, O.CANCELLED, P.ORDER,
                   gettext_lazy("撤销理由")),
        # The unit asks the centre for help (求助, e.g. by SMS from the scene): the order stays
        # where it is; the log and the board show the call.
        Transition("help", gettext_lazy("求助"), STILL_OUT, _stay(STILL_OUT), P.ORDER),
    ],
)  # fmt: skip


@dataclass(frozen=True)
class Condition:
    """What an action needs beyond the state, with the refusal in words: a conflict (409), or a
    missing input (400 on `field`) when the person can supply it."""

    holds: Callable[[Any], bool]
    refusal: Callable[[Any], str]
    field: str = ""


CONDITIONS: dict[tuple[str, str], tuple[Condition, ...]] = {
    ("dispatch.incident", "set_village"): (
        Condition(lambda i: i.village_id is None, lambda i: _("警情已确定村/社区。")),
    ),
    ("dispatch.incident", "case_create"): (
        Condition(
            lambda i: i.case_id is None,
            lambda i: _("该警情已转为案件 %(number)s。") % {"number": i.case.number},
        ),
        Condition(
            lambda i: i.village_id is not None,
            lambda i: _("请先确定警情所在村/社区"),
            field="village",
        ),
    ),
}


def condition_check(lifecycle: Lifecycle[Any], action: str, obj: Any) -> None:
    """Refuse (409) an action whose conditions beyond the state do not hold."""
    if not lifecycle.allows_from(action, lifecycle.state_of(obj)):
        return
    for condition in CONDITIONS.get((lifecycle.name, action), ()):
        if not condition.holds(obj):
            if condition.field:
                raise ValidationError({condition.field: [condition.refusal(obj)]})
            raise ConflictError(condition.refusal(obj))


def _offered(lifecycle: Lifecycle[Any], obj: Any, user: Any) -> frozenset[str]:
    return frozenset(
        t.action
        for t in lifecycle.available(obj, user)
        if t.policy is not P.FINISH
        and all(c.holds(obj) for c in CONDITIONS.get((lifecycle.name, t.action), ()))
    )


def incident_actions(incident: Incident, user: Any) -> frozenset[str]:
    """What this person may do to this incident now (what its page offers)."""
    return _offered(INCIDENT_LIFECYCLE, incident, user)


def order_actions(order: DispatchOrder, user: Any) -> frozenset[str]:
    """What this person may do to this order now."""
    return _offered(ORDER_LIFECYCLE, order, user)
