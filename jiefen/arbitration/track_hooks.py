"""What arbitration shows outside its pages (registered with `jiefen.cases.track_hooks`): the
hearings the party attends, the documents served on the applicant, and every paper served as a
case paper for the provincial exchange."""

from __future__ import annotations

from django.utils import timezone

from jiefen.arbitration.choices import HearingStatus
from jiefen.arbitration.models import Hearing, Service
from jiefen.cases.models import Case
from jiefen.cases.track_hooks import CasePaper, PartyDocument, PartySession, TrackHooks

KEY_PREFIX = "arb-"
# The served documents the party may print, and what builds each.
DOCUMENT_BUILDERS = {
    "acceptance_notice": "acceptance_notice",
    "decline_notice": "decline_notice",
    "award": "award_document",
    "mediation_statement": "mediation_statement",
    "hearing_notice": "hearing_notice",
}


def _sessions(case: Case) -> list[PartySession]:
    found = []
    for h in Hearing.objects.filter(
        application__case=case, status__in=[HearingStatus.SCHEDULED, HearingStatus.POSTPONED]
    ).select_related("room"):
        where = f"{h.room.name}（{h.room.address}）" if h.room.address else h.room.name
        found.append(PartySession(at=h.starts_at, what=f"仲裁开庭 · {where}", link=""))
    return found


def _party_documents(case: Case) -> list[PartyDocument]:
    return [
        PartyDocument(
            key=f"{KEY_PREFIX}{s.pk}" if s.document in DOCUMENT_BUILDERS else "",
            title=s.get_document_display(),
            day=timezone.localtime(s.served_at).date(),
        )
        for s in Service.objects.filter(application__case=case, side="applicant")
    ]


def _party_document(case: Case, key: str):
    raw_pk = key.removeprefix(KEY_PREFIX)
    if not key.startswith(KEY_PREFIX) or not raw_pk.isdigit():
        return None
    service = (
        Service.objects.filter(pk=int(raw_pk), application__case=case, side="applicant")
        .select_related("application")
        .first()
    )
    if service is None or service.document not in DOCUMENT_BUILDERS:
        return None
    from jiefen.arbitration import documents

    builder = getattr(documents, DOCUMENT_BUILDERS[service.document])
    if service.document == "hearing_notice":
        hearing = service.application.hearings.order_by("-starts_at").first()
        return builder(hearing) if hearing else None
    return builder(service.application)


def _papers(case: Case) -> list[CasePaper]:
    return [
        CasePaper(
            kind=f"served:{s.document}",
            title=f"{s.get_document_display()}（送达{s.get_side_display()}）",
            issued_at=s.served_at,
        )
        for s in Service.objects.filter(application__case=case).order_by("served_at", "id")
    ]


HOOKS = TrackHooks(
    name="arbitration",
    order=20,
    sessions=_sessions,
    party_documents=_party_documents,
    party_document=_party_document,
    papers=_papers,
)
