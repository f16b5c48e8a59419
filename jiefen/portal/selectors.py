"""Reads of the public side: what an applicant may see of their own case, and the staff queues,
scoped through case_scope_q / village_scope_q."""

from __future__ import annotations

import datetime
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiefen.cases.choices import CaseStatus, EventKind
from jiefen.cases.models import Case, CaseEvent
from jiefen.cases.public import PublicState, public_sentence, public_state
from jiefen.cases.selectors import case_scope_q
from jiefen.cases.track_hooks import party_documents, party_sessions
from jiefen.cases.transitions import PENDING_ACCEPTANCE
from jiefen.geo.selectors import village_scope_q
from jiefen.portal.choices import OPEN_APPLICATION_STATUSES, ApplicationStatus, RoomState
from jiefen.portal.models import Application, Evidence, Letter, Mailbox, MediationBooking
from jiefen.portal.transitions import APPLICATION_LIFECYCLE

NEXT_STEP = {
    CaseStatus.RECEIVED: gettext_lazy("工作人员将在5个工作日内审核您的申请。"),
    CaseStatus.REGISTERED: gettext_lazy("已登记，正在决定是否受理。"),
    CaseStatus.ACCEPTED: gettext_lazy("已受理，承办人员将与您联系；可预约线上调解。"),
    CaseStatus.HANDLING: gettext_lazy("正在处置，请留意承办人员的电话和短信通知。"),
    CaseStatus.RESOLVED: gettext_lazy(
        "纠纷已化解，请按协议履行；如对方不履行可申请仲裁或法院确认。"
    ),
    CaseStatus.UNRESOLVED: gettext_lazy("调解未成，可依法申请劳动仲裁。"),
    CaseStatus.CLOSED: gettext_lazy("案件已结案。"),
    CaseStatus.DECLINED: gettext_lazy("不予受理，理由见下；如有异议可携材料到窗口咨询。"),
    CaseStatus.ANSWERED: gettext_lazy("已作咨询答复，见下。"),
}


@dataclass(frozen=True)
class PublicEvent:
    """One line of the party's timeline: when, and a plain sentence."""

    at: datetime.datetime
    text: str


@dataclass
class PartyView:
    case: Case
    application: Application | None
    status_label: str  # the public state (jiefen/cases/public.py), never the internal one
    next_step: str
    bookings: list
    sessions: list  # (when, what, where/link) from the tracks
    documents: list  # (title, date, url or "")
    timeline: list[PublicEvent]
    evidence: list[Evidence]
    explanation: str = ""  # why the case was declined, or the answer given
    handler: str = ""  # who handles the case, once it is accepted: "王调解（调解员）"
    centre_phone: str = ""


# The states whose outcome note is written to the party (the reason, the answer).
EXPLAINED = frozenset({CaseStatus.DECLINED, CaseStatus.ANSWERED})


def case_party_view(*, case: Case) -> PartyView:
    """What the party of `case` may see: state, next step, sessions, documents, its own timeline
    (status moves and notes to the applicant, never staff assignments or triage reasoning)."""
    application = Application.objects.filter(case=case).first()
    next_step = str(NEXT_STEP.get(case.status, ""))
    state = public_state(case.status, case.tracks)
    if application is not None:
        if application.status == ApplicationStatus.MORE_INFO:
            state = PublicState.MORE_INFO
            next_step = _("请按工作人员意见补充材料。")
        elif application.status == ApplicationStatus.WITHDRAWN:
            state = PublicState.WITHDRAWN
            next_step = _("您已撤回申请。")
    bookings = list(MediationBooking.objects.filter(case=case, cancelled_at__isnull=True))
    # The online mediation's room is shown with the bookings themselves (booking_room_state).
    sessions = [(b.slot_start, _("线上调解"), "") for b in bookings] + _track_sessions(case)
    documents = _party_documents(case, application)
    moves = (
        CaseEvent.objects.filter(case=case, kind__in=[EventKind.TRANSITION])
        .only("at", "new_status")
        .order_by("at", "id")
    )
    timeline = [
        PublicEvent(at=e.at, text=text) for e in moves if (text := public_sentence(e.new_status))
    ]
    return PartyView(
        case=case,
        application=application,
        status_label=str(state.label),
        next_step=next_step,
        bookings=bookings,
        sessions=sorted(sessions, key=lambda s: s[0]),
        documents=documents,
        timeline=timeline,
        evidence=list(application.evidence.all()) if application else [],
        explanation=case.outcome_note if case.status in EXPLAINED else "",
        handler=_handler(case),
        centre_phone=settings.JIEFEN_CENTRE_PHONE,
    )


def _handler(case: Case) -> str:
    """The person on duty for the case, as the party should know them: name and duty; the leading
    department until someone is on duty. Nothing before acceptance, or for a declined case."""
    if case.status in PENDING_ACCEPTANCE or case.status in EXPLAINED:
        return ""
    assignment = case.assignments.filter(active=True).select_related("user").order_by("-id").first()
    if assignment is None:
        # Accepted, no one on duty yet: the department that leads it will name someone.
        department = case.lead_department.name if case.lead_department_id else _("调处中心")
        return _("%(department)s（承办人员确定后在此显示）") % {"department": department}
    return _("%(name)s（%(duty)s）") % {
        "name": assignment.user.full_name or assignment.user.username,
        "duty": assignment.get_duty_display(),
    }


def _track_sessions(case: Case) -> list:
    """Sessions and hearings scheduled by the tracks."""
    return [(s.at, s.what, s.link) for s in party_sessions(case)]


def _party_documents(case: Case, application: Application | None) -> list:
    """(title, date, url or "") of each document issued to the party."""
    docs = []
    if application is not None:
        docs.append(
            (
                _("网上申请回执"),
                timezone.localtime(application.submitted_at).date(),
                reverse("portal:receipt_print", args=[case.number]),
            )
        )
    for d in party_documents(case):
        url = reverse("portal:party_document", args=[case.number, d.key]) if d.key else ""
        docs.append((d.title, d.day, url))
    return docs


# ---------------------------------------------------------------------------
# What may still happen to an application
# ---------------------------------------------------------------------------


def application_case_undecided(application: Application) -> bool:
    """Whether acceptance of the application's case is still to be decided."""
    return application.case.status in PENDING_ACCEPTANCE


def applicant_may_withdraw(application: Application) -> bool:
    """Before staff decide: the application still open and its case not yet accepted. The case
    lifecycle has no withdrawal move, so the case stays for staff to close (decline with the
    withdrawal as reason) from the queue."""
    return APPLICATION_LIFECYCLE.allows_from(
        "withdraw", application.status
    ) and application_case_undecided(application)


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------

APPLICATION_SORTS = {
    "submitted": "submitted_at",
    "-submitted": "-submitted_at",
    "number": "case__number",
    "-number": "-case__number",
}


def application_list(
    *, user, status: str = "", kind: str = "", q: str = "", sort: str = "-submitted"
) -> QuerySet[Application]:
    qs = Application.objects.filter(case__in=Case.objects.filter(case_scope_q(user)).values("pk"))
    if status == "open":
        qs = qs.filter(status__in=OPEN_APPLICATION_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    for word in q.split()[:5]:
        qs = qs.filter(case__search_text__contains=word)
    return (
        qs.select_related("case__village__street", "case__employer")
        .annotate(evidence_count=Count("evidence"))
        .order_by(APPLICATION_SORTS.get(sort, "-submitted_at"), "-id")
    )


def application_get_for_user(*, user, pk: int) -> Application:
    """The application, or 404 outside the user's scope."""
    qs = Application.objects.filter(
        case__in=Case.objects.filter(case_scope_q(user)).values("pk")
    ).select_related("case__village__street", "case__employer", "decided_by")
    return get_object_or_404(qs, pk=pk)


def evidence_get_for_user(*, user, pk: int) -> Evidence:
    qs = Evidence.objects.filter(
        application__case__in=Case.objects.filter(case_scope_q(user)).values("pk")
    ).select_related("application__case")
    return get_object_or_404(qs, pk=pk)


LETTER_SORTS = {"received": "received_at", "-received": "-received_at"}


def letter_list(
    *, user, status: str = "", employer: str = "", q: str = "", sort: str = "-received"
) -> QuerySet[Letter]:
    """Letters to mailboxes of employers in the user's villages (the employer's grid area)."""
    qs = Letter.objects.filter(village_scope_q(user, prefix="mailbox__employer__village"))
    if status:
        qs = qs.filter(status=status)
    if employer:
        qs = qs.filter(mailbox__employer__name__contains=employer)
    for word in q.split()[:5]:
        qs = qs.filter(body__contains=word)
    return qs.select_related(
        "mailbox__employer__village__grid_area", "handled_by", "case"
    ).order_by(LETTER_SORTS.get(sort, "-received_at"), "-id")


def letter_get_for_user(*, user, pk: int) -> Letter:
    qs = Letter.objects.filter(
        village_scope_q(user, prefix="mailbox__employer__village")
    ).select_related("mailbox__employer__village__grid_area", "handled_by", "case")
    return get_object_or_404(qs, pk=pk)


MAILBOX_SORTS = {"name": "employer__name", "-open": "-open_count", "-letters": "-letter_count"}


def mailbox_list(*, user, q: str = "", sort: str = "name") -> QuerySet[Mailbox]:
    qs = Mailbox.objects.filter(village_scope_q(user, prefix="employer__village"))
    if q:
        qs = qs.filter(employer__name__contains=q)
    return (
        qs.select_related("employer__village__grid_area")
        .annotate(
            letter_count=Count("letters"),
            open_count=Count("letters", filter=Q(letters__status="new")),
        )
        .order_by(MAILBOX_SORTS.get(sort, "employer__name"), "id")
    )


def mailbox_get_for_user(*, user, pk: int) -> Mailbox:
    qs = Mailbox.objects.filter(village_scope_q(user, prefix="employer__village")).select_related(
        "employer__village"
    )
    return get_object_or_404(qs, pk=pk)


# A booked room opens half an hour before the slot and closes two hours after it begins.
ROOM_OPENS_BEFORE = dt.timedelta(minutes=30)
ROOM_CLOSES_AFTER = dt.timedelta(hours=2)


def booking_window(booking: MediationBooking) -> tuple[dt.datetime, dt.datetime]:
    """When the booking's room may be entered: (opens, closes)."""
    return booking.slot_start - ROOM_OPENS_BEFORE, booking.slot_start + ROOM_CLOSES_AFTER


def booking_room_state(
    booking: MediationBooking, *, now: dt.datetime | None = None, configured: bool | None = None
) -> str:
    """unconfigured (no video service), early, open, closed, or cancelled. Derived, not stored."""
    if booking.cancelled_at is not None:
        return RoomState.CANCELLED
    if configured is None:
        from jiefen.core.video import video_service

        configured = video_service() is not None
    if not configured:
        return RoomState.UNCONFIGURED
    now = now or timezone.now()
    opens, closes = booking_window(booking)
    if now < opens:
        return RoomState.EARLY
    if now > closes:
        return RoomState.CLOSED
    return RoomState.OPEN


@dataclass(frozen=True)
class BookingView:
    booking: MediationBooking
    state: str
    opens_at: dt.datetime
    closes_at: dt.datetime

    @property
    def is_open(self) -> bool:
        return self.state == RoomState.OPEN

    @property
    def is_early(self) -> bool:
        return self.state == RoomState.EARLY

    @property
    def unconfigured(self) -> bool:
        return self.state == RoomState.UNCONFIGURED

    @property
    def state_label(self) -> str:
        return str(RoomState(self.state).label)


def booking_view(booking: MediationBooking, *, now: dt.datetime | None = None) -> BookingView:
    opens, closes = booking_window(booking)
    return BookingView(
        booking=booking,
        state=booking_room_state(booking, now=now),
        opens_at=opens,
        closes_at=closes,
    )


def booking_get_for_user(*, user, pk: int) -> MediationBooking:
    """The booking, or 404 when its case lies outside the person's scope."""
    qs = MediationBooking.objects.filter(case__in=Case.objects.filter(case_scope_q(user)))
    return get_object_or_404(qs.select_related("case", "started_by"), pk=pk)
