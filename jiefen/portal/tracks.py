"""What the tracks hold that the party may see: mediation sessions and agreements, arbitration
hearings and the documents served on the applicant. Read through the tracks' models when those
apps have them (LookupError otherwise), so the portal works whichever tracks are deployed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from jiefen.cases.models import Case


def _model(label: str, name: str):
    try:
        return apps.get_model(label, name)
    except LookupError:
        return None


@dataclass(frozen=True)
class PartySession:
    at: dt.datetime
    what: str
    link: str  # a video-meeting link, or ""


@dataclass(frozen=True)
class PartyDocument:
    key: str  # identifies the document for the party's print view
    title: str
    day: dt.date | None


def party_sessions(case: Case) -> list[PartySession]:
    """Scheduled hearings, and the mediation sessions on record (with their video links)."""
    found: list[PartySession] = []
    Hearing = _model("arbitration", "Hearing")
    if Hearing is not None:
        for h in Hearing.objects.filter(
            application__case=case, status__in=["scheduled", "postponed"]
        ).select_related("room"):
            where = f"{h.room.name}（{h.room.address}）" if h.room.address else h.room.name
            found.append(PartySession(at=h.starts_at, what=f"仲裁开庭 · {where}", link=""))
    Session = _model("mediation", "Session")
    if Session is not None:
        now = timezone.now()
        for s in Session.objects.filter(mediation__case=case):
            what = "线上调解" if s.online else f"调解 · {s.place}"
            if s.held_at < now:
                what += "（已举行）"
            found.append(PartySession(at=s.held_at, what=what, link=s.meeting_link or ""))
    return found


DOCUMENT_BUILDERS = {
    "acceptance_notice": "acceptance_notice",
    "decline_notice": "decline_notice",
    "award": "award_document",
    "mediation_statement": "mediation_statement",
    "hearing_notice": "hearing_notice",
}


def party_documents(case: Case) -> list[PartyDocument]:
    """Documents served on the applicant, and the mediation agreement."""
    found: list[PartyDocument] = []
    Service = _model("arbitration", "Service")
    if Service is not None:
        for s in Service.objects.filter(application__case=case, side="applicant"):
            found.append(
                PartyDocument(
                    key=f"arb-{s.pk}" if s.document in DOCUMENT_BUILDERS else "",
                    title=s.get_document_display(),
                    day=timezone.localtime(s.served_at).date(),
                )
            )
    Agreement = _model("mediation", "Agreement")
    if Agreement is not None:
        for a in Agreement.objects.filter(mediation__case=case):
            found.append(PartyDocument(key=f"med-{a.pk}", title="调解协议书", day=a.signed_on))
    return found


def party_document(case: Case, key: str):
    """The OfficialDocument behind `key`, if it belongs to `case`; else None."""
    kind, _sep, raw_pk = key.partition("-")
    if not raw_pk.isdigit():
        return None
    if kind == "arb":
        Service = _model("arbitration", "Service")
        service = (
            Service.objects.filter(pk=int(raw_pk), application__case=case, side="applicant")
            .select_related("application")
            .first()
            if Service is not None
            else None
        )
        if service is None or service.document not in DOCUMENT_BUILDERS:
            return None
        from importlib import import_module

        documents = import_module("jiefen.arbitration.documents")
        builder = getattr(documents, DOCUMENT_BUILDERS[service.document])
        if service.document == "hearing_notice":
            hearing = service.application.hearings.order_by("-starts_at").first()
            return builder(hearing) if hearing else None
        return builder(service.application)
    if kind == "med":
        Agreement = _model("mediation", "Agreement")
        agreement = (
            Agreement.objects.filter(pk=int(raw_pk), mediation__case=case).first()
            if Agreement is not None
            else None
        )
        if agreement is None:
            return None
        from importlib import import_module

        return import_module("jiefen.mediation.documents").agreement_document(agreement)
    return None
