"""The lifecycles of labor inspection as tables: the inspection itself (received → opened or not
opened → suspended/resumed → concluded) and each rectification order (open → complied or not
complied). Every action of the investigation is a row, also those that leave the state where it is
(a site inspection, an order, a penalty, recovered wages, the one extension): the mover checks the
state, the policy and the version, and writes the one timeline entry. Screens and the API offer
`inspection_actions` / `order_actions`, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from jiefen.cases.choices import EventKind
from jiefen.cases.models import CaseEvent
from jiefen.cases.tracks import track_held
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import Lifecycle, Moved, Transition, action_message, moved_lifecycle
from jiefen.core.messages import event_text_fields
from jiefen.inspection import policies as P
from jiefen.inspection.choices import TRACK, InspectionStatus, OrderStatus
from jiefen.inspection.models import Inspection, RectificationOrder

S = InspectionStatus
O = OrderStatus  # noqa: E741
INVESTIGATING = frozenset({S.OPENED, S.SUSPENDED})


def _stay(states: frozenset[str]) -> dict[str, str]:
    """The target of an action that leaves the state as it is."""
    return {state: state for state in states}


class InspectionChangedMeanwhile(ConflictError):
    """Someone changed the inspection since it was read: who, when and what."""

    code = "stale"

    def __init__(self, inspection_id: int) -> None:
        last = (
            CaseEvent.objects.filter(track=TRACK, data__inspection=inspection_id)
            .select_related("actor")
            .order_by("-at", "-id")
            .first()
        )
        who = last.actor.display_name if last and last.actor else _("他人")
        when = f"{timezone.localtime(last.at):%H:%M}" if last else ""
        what = last.summary if last else ""
        super().__init__(
            _("监察案件已被%(who)s于%(when)s修改（%(what)s），您的操作未保存，请刷新后重试。")
            % {"who": who, "when": when, "what": what}
        )


def _record(moved: Moved[Any]) -> None:
    """One entry on the case's timeline (track "inspection") per move; the service passes the
    words (`summary`, and `event_note` when the entry's note is not the move's)."""
    data = dict(moved.data)
    inspection = moved.obj if isinstance(moved.obj, Inspection) else moved.obj.inspection
    summary = data.pop("summary", "") or action_message(moved, moved_lifecycle(moved))
    note = data.pop("event_note", moved.note)
    CaseEvent.objects.create(
        case_id=inspection.case_id,
        at=timezone.now(),
        actor=moved.actor,
        kind=EventKind.TRACK,
        track=TRACK,
        **event_text_fields(summary),
        note=note,
        data={"inspection": inspection.pk, **data},
    )


INSPECTION_LIFECYCLE: Lifecycle[Inspection] = Lifecycle(
    name="inspection",
    model=Inspection,
    states=S,
    subject=gettext_lazy("监察案件"),
    record=_record,
    stale=lambda inspection: InspectionChangedMeanwhile(inspection.pk),
    held=track_held(case_of=lambda inspection: inspection.case),
    transitions=[
        Transition("open", pgettext_lazy("action", "立案"), frozenset({S.RECEIVED}), S.OPENED,
                   P.INVESTIGATE),
        Transition("decline", gettext_lazy("不予立案"), frozenset({S.RECEIVED}), S.NOT_OPENED,
                   P.INVESTIGATE, gettext_lazy("不予立案理由")),
        Transition("site", gettext_lazy("现场检查"), frozenset({S.OPENED}),
                   _stay(frozenset({S.OPENED})), P.INVESTIGATE),
        Transition("order", gettext_lazy("责令改正"), frozenset({S.OPENED}),
                   _stay(frozenset({S.OPENED})), P.INVESTIGATE),
        Transition("penalty", gettext_lazy("行政处罚"), frozenset({S.OPENED}),
                   _stay(frozenset({S.OPENED})), P.INVESTIGATE),
        Transition("recovery", gettext_lazy("追发工资"), INVESTIGATING, _stay(INVESTIGATING),
                   P.INVESTIGATE),
        Transition("extend", gettext_lazy("延长调查期限"), INVESTIGATING, _stay(INVESTIGATING),
                   P.INVESTIGATE, gettext_lazy("延期理由")),
        Transition("suspend", gettext_lazy("中止调查"), frozenset({S.OPENED}), S.SUSPENDED,
                   P.INVESTIGATE, gettext_lazy("中止理由")),
        Transition("resume", gettext_lazy("恢复调查"), frozenset({S.SUSPENDED}), S.OPENED,
                   P.INVESTIGATE),
        Transition("conclude", pgettext_lazy("action", "结案"), frozenset({S.OPENED}),
                   S.CONCLUDED, P.INVESTIGATE, gettext_lazy("处理结果")),
    ],
)  # fmt: skip


ORDER_LIFECYCLE: Lifecycle[RectificationOrder] = Lifecycle(
    name="inspection.rectification_order",
    model=RectificationOrder,
    states=O,
    subject=gettext_lazy("责令改正"),
    record=_record,
    stale=lambda order: InspectionChangedMeanwhile(order.inspection_id),
    held=track_held(case_of=lambda order: order.inspection.case),
    transitions=[
        Transition("comply", gettext_lazy("复查：已整改"), frozenset({O.OPEN}), O.COMPLIED,
                   P.INVESTIGATE),
        Transition("not_comply", gettext_lazy("复查：逾期未整改"), frozenset({O.OPEN}),
                   O.NOT_COMPLIED, P.INVESTIGATE, gettext_lazy("未整改情况")),
        Transition("compensate", gettext_lazy("责令加付赔偿金"), frozenset({O.NOT_COMPLIED}),
                   _stay(frozenset({O.NOT_COMPLIED})), P.INVESTIGATE),
    ],
)  # fmt: skip


@dataclass(frozen=True)
class Condition:
    """What an action needs beyond the state: the table's rows say from which states; these
    say what else (once only, an amount to count from), with the refusal in words."""

    holds: Callable[[Any], bool]
    refusal: str


CONDITIONS: dict[tuple[str, str], tuple[Condition, ...]] = {
    ("inspection", "extend"): (
        Condition(
            lambda i: not i.extended_workdays,
            gettext_lazy("调查期限已延长过一次，不能再次延长。"),
        ),
    ),
    ("inspection.rectification_order", "compensate"): (
        Condition(
            lambda o: bool(o.amount_owed),
            gettext_lazy("该责令改正未载明应付工资金额，不能计算加付赔偿金。"),
        ),
        Condition(
            lambda o: o.compensation_percent is None,
            gettext_lazy("已责令加付赔偿金，不能重复决定。"),
        ),
    ),
}


def condition_check(lifecycle: Lifecycle[Any], action: str, obj: Any) -> None:
    """Refuse (409) an action whose conditions beyond the state do not hold (the state itself is
    the mover's to check)."""
    if not lifecycle.allows_from(action, lifecycle.state_of(obj)):
        return
    for condition in CONDITIONS.get((lifecycle.name, action), ()):
        if not condition.holds(obj):
            raise ConflictError(str(condition.refusal))


def _offered(lifecycle: Lifecycle[Any], obj: Any, user: Any) -> frozenset[str]:
    return frozenset(
        t.action
        for t in lifecycle.available(obj, user)
        if all(c.holds(obj) for c in CONDITIONS.get((lifecycle.name, t.action), ()))
    )


def inspection_actions(inspection: Inspection, user: Any) -> frozenset[str]:
    """The actions this person may take on this inspection now (what its page offers)."""
    return _offered(INSPECTION_LIFECYCLE, inspection, user)


def order_actions(order: RectificationOrder, user: Any) -> frozenset[str]:
    """The actions this person may take on this rectification order now."""
    return _offered(ORDER_LIFECYCLE, order, user)
