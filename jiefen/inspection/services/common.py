"""What every inspection service shares: times not in the future, the timeline entry, and the one
move of the inspection's table (jiefen.inspection.transitions) against the version shown."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.choices import EventKind
from jiefen.cases.models import CaseEvent
from jiefen.cases.services import case_event_add
from jiefen.core.lifecycle import Lifecycle, MoveNotAllowed
from jiefen.core.messages import Message
from jiefen.inspection.choices import (
    TRACK,
    InspectionStatus,
)
from jiefen.inspection.models import (
    Inspection,
)
from jiefen.inspection.transitions import (
    INSPECTION_LIFECYCLE,
    InspectionChangedMeanwhile,
    condition_check,
)

# A paper record may be entered after the fact, never dated ahead; allow for a clock a little fast.
CLOCK_SKEW = dt.timedelta(minutes=2)


S = InspectionStatus


# The inspection's refusals are the kernel's: an action its state does not allow (409), a role
# that may not (403), a copy read before someone else changed it (409, naming who and what).
InspectionStateError = MoveNotAllowed


def _local(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _not_future(value: dt.datetime | None, field: str) -> dt.datetime:
    now = timezone.now()
    value = value or now
    if value > now + CLOCK_SKEW:
        raise ValidationError({field: [_("时间不能晚于现在")]})
    return value


def _event(
    inspection: Inspection, actor, summary: Message | str, note: str = "", **data
) -> CaseEvent:
    return case_event_add(
        case=inspection.case,
        actor=actor,
        kind=EventKind.TRACK,
        track=TRACK,
        summary=summary,
        note=note,
        data={"inspection": inspection.pk, **data},
    )


def _require_unheld(inspection: Inspection) -> None:
    """Before any write (and any check of the input) of work on the inspection or what hangs on it
    (a rectification order, a notice to the complainant): its case is not held (MoveHeld, 409, as
    a move would be)."""
    INSPECTION_LIFECYCLE.check_held(inspection)


def _may(lifecycle: Lifecycle, obj, action: str, version: int | None = None) -> None:
    """Before any work of an action, and before its input is checked (each service calls it
    first): the object is not held (its case merged into another: MoveHeld, 409), the version the
    person saw (when they say), the state the table asks (the mover asks again, with a
    compare-and-swap), and the action's conditions."""
    lifecycle.check_held(obj)
    if version is not None and version != obj.version:
        if lifecycle is INSPECTION_LIFECYCLE:
            raise InspectionChangedMeanwhile(obj.pk)
        raise InspectionChangedMeanwhile(obj.inspection_id)
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


def _move(
    inspection: Inspection,
    *,
    action: str,
    actor,
    summary: str,
    note: str = "",
    event_note: str | None = None,
    fields: dict | None = None,
    **data,
) -> None:
    """One move of the inspection's table (compare-and-swap on state and version), with its one
    timeline entry."""
    payload = {"summary": summary, **data}
    if event_note is not None:
        payload["event_note"] = event_note
    INSPECTION_LIFECYCLE.move(
        inspection, action=action, actor=actor, note=note, fields=fields, data=payload
    )
