"""What mediation shows outside its pages (registered with `jiefen.cases.track_hooks`): the
sessions the party attends, the agreement as a document served on them and as a case paper."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jiefen.cases.models import Case
from jiefen.cases.track_hooks import CasePaper, PartyDocument, PartySession, TrackHooks
from jiefen.mediation.models import Agreement, Session

KEY_PREFIX = "med-"


def _sessions(case: Case) -> list[PartySession]:
    now = timezone.now()
    found = []
    for s in Session.objects.filter(mediation__case=case):
        what = "线上调解" if s.online else f"调解 · {s.place}"
        if s.held_at < now:
            what += "（已举行）"
        found.append(PartySession(at=s.held_at, what=what, link=s.meeting_link or ""))
    return found


def _party_documents(case: Case) -> list[PartyDocument]:
    return [
        PartyDocument(key=f"{KEY_PREFIX}{a.pk}", title="调解协议书", day=a.signed_on)
        for a in Agreement.objects.filter(mediation__case=case)
    ]


def _party_document(case: Case, key: str):
    raw_pk = key.removeprefix(KEY_PREFIX)
    if not key.startswith(KEY_PREFIX) or not raw_pk.isdigit():
        return None
    agreement = Agreement.objects.filter(pk=int(raw_pk), mediation__case=case).first()
    if agreement is None:
        return None
    from jiefen.mediation.documents import agreement_document

    return agreement_document(agreement)


def _papers(case: Case) -> list[CasePaper]:
    return [
        CasePaper(
            kind="mediation_agreement",
            title="调解协议书",
            issued_at=timezone.make_aware(dt.datetime.combine(a.signed_on, dt.time(0, 0))),
        )
        for a in Agreement.objects.filter(mediation__case=case).order_by("id")
    ]


HOOKS = TrackHooks(
    name="mediation",
    order=30,
    sessions=_sessions,
    party_documents=_party_documents,
    party_document=_party_document,
    papers=_papers,
)
