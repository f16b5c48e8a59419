"""What the arbitration services share: the timeline entry, the lifecycle move, the track's
clocks."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from jiefen.arbitration.choices import (
    TRACK,
)
from jiefen.arbitration.models import (
    Application,
)
from jiefen.arbitration.transitions import (
    APPLICATION_LIFECYCLE,
    step_allowed,
)
from jiefen.cases.choices import EventKind
from jiefen.cases.clocks import (
    clock_start,
)
from jiefen.cases.models import Clock
from jiefen.cases.services import case_event_add
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import ChangedMeanwhile

# An application moved by someone else meanwhile (the kernel's refusal, 409).
ApplicationChanged = ChangedMeanwhile


def _event(application: Application, *, actor, summary: str, note: str = "", data=None) -> None:
    case_event_add(
        case=application.case,
        actor=actor,
        kind=EventKind.TRACK,
        track=TRACK,
        summary=summary,
        note=note,
        data={"application": application.pk, **(data or {})},
    )


def _move(
    application: Application,
    *,
    action: str,
    actor,
    summary: str,
    note: str = "",
    data=None,
    at: dt.datetime | None = None,
    **fields,
) -> None:
    """One move of the application's lifecycle: the table, the policy, compare-and-swap on state
    and version (a double submit or a colleague finds it moved) and its one timeline entry."""
    APPLICATION_LIFECYCLE.move(
        application,
        action=action,
        actor=actor,
        note=note,
        fields=fields,
        data={"summary": summary, **(data or {})},
        at=at,
    )


def _require_unheld(application: Application) -> None:
    """Before any write (and any check of the input) of work on the application or what hangs on
    it (a hearing, a recusal, a service): its case is not held (MoveHeld, 409, as a move would be)."""
    APPLICATION_LIFECYCLE.check_held(application)


def _require_step(application: Application, step: str, refusal: str = "") -> None:
    """Before any write of a step beside the table (and before its input is checked): the case is
    not held, and the application is in a state the step is taken in (`refusal` says why not,
    or the generic words)."""
    _require_unheld(application)
    if not step_allowed(step, application):
        raise ConflictError(
            refusal
            or _("仲裁案件当前状态为“%(status)s”，不能进行此操作。")
            % {"status": application.get_status_display()}
        )


def _clock(application: Application, kind: str) -> Clock | None:
    return Clock.objects.filter(case_id=application.case_id, kind=kind).first()


def _start(application, *, kind, start: dt.datetime, actor) -> Clock:
    """Start one of the track's clocks; its period and article are the catalogue's."""
    return clock_start(case=application.case, kind=kind, started_at=start, actor=actor)
