"""The track contract: what a handling track is to a case, and the one way a track opens on one.

A track (mediation, arbitration, labour inspection) is an app that works a case on its own
procedure. It tells the case, through a `TrackSpec` registered when the app is ready:

- its panel on the case page;
- what its outcome implies for the case (the case action to offer, and why);
- the documents it issues and the clocks it runs (kinds from the catalogue, `clockrules.py`);
- optionally how it receives a case handed over from another track (failed mediation goes on
  to arbitration), so that tracks never import each other.

A track opens on a case only through `case_track_open`: the case must be active (one definition,
`transitions.ACTIVE_STATUSES`), is put in hand once, and gets the track on its list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jiefen.cases import policies as P
from jiefen.cases.choices import CaseStatus, EventKind, Track
from jiefen.cases.clockrules import CATALOGUE
from jiefen.cases.models import Case
from jiefen.cases.services import case_act, case_event_add, case_track_add
from jiefen.cases.transitions import CASE_LIFECYCLE, Implication, case_held, case_is_active
from jiefen.core.exceptions import ApplicationError, ConflictError
from jiefen.core.lifecycle import Moved, action_message, moved_lifecycle
from jiefen.core.policy import guarded, internal

Panel = Callable[..., str]  # (*, request, case) -> HTML, "" when the track has nothing to show
Outcome = Callable[[Case], Implication | None]  # the latest outcome's implication, None if none
Receiver = Callable[..., Any]  # (*, case, actor, reason, **details) -> the track's new object
# name -> EXISTS over a table the panel reads, `OuterRef("pk")` being the case (`cases.panels`)
Rows = Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class TrackSpec:
    """One track, as the case sees it."""

    track: str  # a `cases.choices.Track` value
    label: str | Promise
    panel: Panel
    outcome: Outcome
    # The documents the track issues (kind → label), for the case's document list and the portal.
    documents: dict[str, str | Promise] = field(default_factory=dict)
    # The clocks it runs, kinds of the catalogue (`jiefen.cases.clockrules.CATALOGUE`).
    clocks: tuple[str, ...] = ()
    # How it takes a case handed over from another track; None when it takes none.
    receive: Receiver | None = None
    # Which of the panel's tables have rows for the case, asked with the case on its page
    # (`jiefen.cases.panels`); the panel reads a table only when it has.
    rows: Rows | None = None


TRACKS: dict[str, TrackSpec] = {}


def track_register(spec: TrackSpec) -> TrackSpec:
    """Register a track (from its app's `ready()`); once per track."""
    if spec.track not in Track.values:
        raise ImproperlyConfigured(f"unknown track {spec.track!r}")
    unknown = [kind for kind in spec.clocks if kind not in CATALOGUE]
    if unknown:
        raise ImproperlyConfigured(f"track {spec.track!r}: clocks not in the catalogue: {unknown}")
    if spec.track in TRACKS and TRACKS[spec.track] != spec:
        raise ImproperlyConfigured(f"track {spec.track!r} registered twice")
    TRACKS[spec.track] = spec
    return spec


def track_specs() -> list[TrackSpec]:
    """The registered tracks, in the order of `Track`."""
    return [TRACKS[t] for t in Track.values if t in TRACKS]


def track_panels(*, request: Any, case: Case) -> list[str]:
    """Each track's panel for this case, those with something to show."""
    panels = []
    for spec in track_specs():
        html = spec.panel(request=request, case=case)
        if html:
            panels.append(html)
    return panels


@internal
def case_put_in_hand(*, case: Case, actor: Any, why: str) -> Case:
    """A case a track works on is being handled (处置中): move an accepted one on, once."""
    if case.status == CaseStatus.ACCEPTED:
        case = case_act(case=case, action="start_handling", actor=actor, note=why)
    return case


@guarded(P.TRACK, on="case")
@transaction.atomic
def case_track_open(*, case: Case, track: str, actor: Any, why: str = "") -> Case:
    """Open `track` on `case`: the case must be active (accepted and not concluded); it is put in
    hand once and gets the track on its list. The track's own service has checked, under its own
    policy, that this person may open it; it creates its own record after this."""
    CASE_LIFECYCLE.check_held(case)  # merged into another: worked under that number
    if not case_is_active(case):
        spec = TRACKS.get(track)
        raise ConflictError(
            _("案件状态为“%(status)s”，不能开始%(track)s。")
            % {
                "status": case.get_status_display(),
                "track": spec.label if spec else Track(track).label,
            }
        )
    case = case_put_in_hand(case=case, actor=actor, why=why or str(Track(track).label))
    return case_track_add(case=case, track=track, actor=actor, why=why)


@guarded(P.TRACK, on="case")
def case_track_hand_over(
    *, case: Case, from_track: str, to_track: str, actor: Any, reason: str, **details: Any
) -> Any:
    """Hand the case from one track to the next (failed mediation goes on to arbitration): the
    receiving track opens on the case through its registered `receive`, under its own policy."""
    spec = TRACKS.get(to_track)
    if spec is None or spec.receive is None:
        raise ApplicationError(
            _("%(track)s途径不接收转入的案件。") % {"track": Track(to_track).label}
        )
    return spec.receive(case=case, actor=actor, reason=reason, from_track=from_track, **details)


def track_recorder(
    *, track: str, case_of: Callable[[Any], Any], key: str
) -> Callable[[Moved[Any]], None]:
    """One entry on the case's timeline per move of a track object: the service's own summary
    (passed as `data["summary"]`) or the action with its states."""

    def record(moved: Moved[Any]) -> None:
        data = dict(moved.data)
        summary = data.pop("summary", "") or action_message(moved, moved_lifecycle(moved))
        case_event_add(
            case=case_of(moved.obj),
            actor=moved.actor,
            kind=EventKind.TRACK,
            track=track,
            summary=summary,
            note=moved.note,
            data={key: moved.obj.pk, **data},
        )

    return record


def track_held(*, case_of: Callable[[Any], Case]) -> Callable[[Any], str | Promise | None]:
    """A track object takes no move while its case is held (merged into another and handled under
    that case's number, until split off): the case's own rule, `case_held`. `case_of` should read
    a case the object already holds; pages asking what to offer load it with the object."""
    return lambda obj: case_held(case_of(obj))
