"""What the mediation services share: the timeline entry, ending a mediation through its
lifecycle, the open check."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.choices import EventKind
from jiefen.cases.clocks import (
    MEDIATION_15,
    clock_meet,
)
from jiefen.cases.services import case_event_add
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import ChangedMeanwhile
from jiefen.mediation.choices import (
    TRACK,
)
from jiefen.mediation.models import Mediation
from jiefen.mediation.transitions import (
    MEDIATION_LIFECYCLE,
    MEDIATION_STEPS,
)

# A mediation moved by someone else meanwhile (the kernel's refusal, 409).
MediationChanged = ChangedMeanwhile


def _event(mediation: Mediation, *, actor, summary: str, note: str = "", data=None) -> None:
    case_event_add(
        case=mediation.case,
        actor=actor,
        kind=EventKind.TRACK,
        track=TRACK,
        summary=summary,
        note=note,
        data={"mediation": mediation.pk, **(data or {})},
    )


def _end(
    mediation: Mediation, *, action: str, actor, note: str, summary: str, data=None, **fields
) -> None:
    """End an open mediation through its lifecycle (compare-and-swap on state and version, so
    two people cannot end it twice), with its one timeline entry."""
    at = timezone.now()
    MEDIATION_LIFECYCLE.move(
        mediation,
        action=action,
        actor=actor,
        note=note,
        fields={"ended_at": at, "outcome_note": note, **fields},
        data={"summary": summary, **(data or {})},
        at=at,
    )
    # The statutory mediation period ends with the mediation (《劳动争议调解仲裁法》第十四条).
    clock_meet(case=mediation.case, kinds=[MEDIATION_15], at=at)


def _require_unheld(mediation: Mediation) -> None:
    """Before any write (and any check of the input) of work on a mediation or its agreement:
    its case is not held (MoveHeld, 409, as a move would be)."""
    MEDIATION_LIFECYCLE.check_held(mediation)


def _require_open(mediation: Mediation, step: str) -> None:
    """A step beside the table is taken on an open mediation whose case is not held."""
    _require_unheld(mediation)
    if mediation.status not in MEDIATION_STEPS[step]:
        raise ConflictError(
            _("调解已结束（%(status)s），不能再操作。") % {"status": mediation.get_status_display()}
        )
