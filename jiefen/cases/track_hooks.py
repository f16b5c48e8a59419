"""What the tracks show outside their own pages, without anyone naming a track.

The portal shows the party their sessions and the documents served on them; the provincial
exchange lists the papers on a case. `cases` sits below the tracks, so each track (and the
portal, for the evidence it keeps) registers what it has at start-up, in its AppConfig's
`ready()`: `track_hooks_register(TrackHooks(name="mediation", ...))`. The readers here ask every
registered part, in a fixed order, and know nothing of mediation or arbitration.

These hooks sit beside the track contract (`jiefen.cases.tracks`), not in it, because not only
tracks register them: the portal lists the evidence a party uploaded among the case's papers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from jiefen.cases.models import Case


@dataclass(frozen=True)
class PartySession:
    """A session or hearing the party is to attend."""

    at: dt.datetime
    what: str
    link: str  # a video-meeting link, or ""


@dataclass(frozen=True)
class PartyDocument:
    """A document served on the party."""

    key: str  # identifies the document for the party's print view ("" when it has none)
    title: str
    day: dt.date | None


@dataclass(frozen=True)
class CasePaper:
    """A paper on the case, described (not embedded) for the provincial exchange."""

    kind: str
    title: str
    issued_at: dt.datetime | None
    content_type: str = ""
    sha256: str = ""


@dataclass(frozen=True)
class TrackHooks:
    name: str
    # Where its entries come in the lists (the evidence first, then arbitration, mediation).
    order: int = 50
    sessions: Callable[[Case], Iterable[PartySession]] | None = None
    party_documents: Callable[[Case], Iterable[PartyDocument]] | None = None
    # The printable document behind one of its `party_documents` keys, if the key is its own
    # and the document belongs to the case; else None.
    party_document: Callable[[Case, str], Any] | None = None
    papers: Callable[[Case], Iterable[CasePaper]] | None = None


_HOOKS: dict[str, TrackHooks] = {}


def track_hooks_register(hooks: TrackHooks) -> None:
    """Register (or replace) what one track shows outside its pages."""
    _HOOKS[hooks.name] = hooks


def _registered() -> list[TrackHooks]:
    return sorted(_HOOKS.values(), key=lambda h: (h.order, h.name))


def party_sessions(case: Case) -> list[PartySession]:
    return [s for h in _registered() if h.sessions for s in h.sessions(case)]


def party_documents(case: Case) -> list[PartyDocument]:
    return [d for h in _registered() if h.party_documents for d in h.party_documents(case)]


def party_document(case: Case, key: str) -> Any:
    """The OfficialDocument behind `key`, if it belongs to `case`; else None."""
    for h in _registered():
        if h.party_document is not None:
            document = h.party_document(case, key)
            if document is not None:
                return document
    return None


def case_papers(case: Case) -> list[CasePaper]:
    return [p for h in _registered() if h.papers for p in h.papers(case)]
