"""Demo: the clerks' follow-through, so that the figures read like a year of use.

The other apps' demos each tell their own part of a dispute (110 turns an incident into a case,
a track mediates, arbitrates or inspects) and stop there. At a centre a year old, a case whose
track ended weeks ago has been concluded as the outcome implies, and a 110 or mailbox case from
last spring has long been worked: only the last fortnight and the tracks still running stand
open. This step takes each such case the rest of its way, through the real services, at
plausible moments after its last event. It runs last, because it reads every track's outcome.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from jiefen.accounts.models import User
from jiefen.accounts.roles import HANDLERS
from jiefen.arbitration.choices import OPEN_STATUSES as ARBITRATION_OPEN
from jiefen.arbitration.services import application_conclude_case, arbitration_outcome_implies
from jiefen.cases import policies as CASES
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.models import Case
from jiefen.cases.services import case_act, case_update
from jiefen.core.demo import demo_time
from jiefen.inspection.selectors import inspection_for_case
from jiefen.inspection.services import inspection_conclude_case, inspection_outcome_implies
from jiefen.mediation.choices import MediationStatus
from jiefen.mediation.services import mediation_resolve_case
from jiefen.parties.models import Employer
from jiefen.workdays.services import WorkdayCalendar

ORDER = 90
# Cases received in the last fortnight are still being worked, as the cases demo leaves them.
STILL_WORKED = dt.timedelta(days=14)
NOT_CLOSED = (S.RECEIVED, S.REGISTERED, S.ACCEPTED, S.HANDLING, S.RESOLVED, S.UNRESOLVED)
RUNNING = "running"  # a track is still working on the case


@dataclass(frozen=True)
class Ending:
    """How a case's handling ends: the lifecycle action and its note, or the track's own
    service that takes the action its outcome offers (`take`)."""

    action: str
    note: str = ""
    take: Callable[[], object] | None = None
    after: dt.datetime | None = None  # when the track decided it


def _decided_at(case: Case, track: str) -> dt.datetime | None:
    """When the track recorded its outcome (the entry saying what it means for the case);
    later entries, such as reminders to pay an agreement, do not hold the case open."""
    event = case.events.filter(track=track, data__has_key="offer").order_by("-at").first()
    return event.at if event else None


def _track_ending(case: Case, *, tribunal_clerk: User, clerk: User) -> Ending | str | None:
    """The ending the case's track decides, RUNNING while a track still works, None when no
    track has a word on it."""
    application = case.arbitrations.order_by("-received_at").first()
    if application is not None:
        if application.status in ARBITRATION_OPEN:
            return RUNNING
        return Ending(
            arbitration_outcome_implies(application).offer_action,
            take=lambda: application_conclude_case(application=application, actor=tribunal_clerk),
            after=_decided_at(case, "arbitration"),
        )
    mediation = case.mediations.order_by("-started_at").first()
    if mediation is not None:
        if mediation.status == MediationStatus.AGREED:
            return Ending(
                "resolve",
                take=lambda: mediation_resolve_case(mediation=mediation, actor=mediation.mediator),
                after=_decided_at(case, "mediation"),
            )
        if mediation.status == MediationStatus.REFUSED:
            return Ending(
                "mark_unresolved",
                "对方拒绝调解，已告知申请人可申请劳动仲裁",
                after=_decided_at(case, "mediation"),
            )
        return RUNNING  # open, or failed and on its way to arbitration
    inspection = inspection_for_case(case=case)
    if inspection is not None:
        implication = inspection_outcome_implies(inspection)
        if not implication.offer_action:
            return RUNNING
        inspector = inspection.inspector
        actor = inspector if inspector and CASES.HANDLE.allows(inspector, case) else clerk
        return Ending(
            implication.offer_action,
            take=lambda: inspection_conclude_case(inspection=inspection, actor=actor),
            after=inspection.concluded_at,
        )
    return None


def _by_chance(rng: random.Random) -> Ending:
    if rng.random() < 0.87:
        return Ending("resolve", "经调解双方达成一致，用人单位已支付")
    return Ending("mark_unresolved", "调解不成，已引导申请劳动仲裁")


def _plan(case: Case, *, last_event: dt.datetime, ending, rng, calendar) -> list[tuple]:
    """The steps that take `case` on, as (action, moment, ending). Front-desk steps follow its
    reception by minutes or hours; the ending follows its last event by working days."""
    if case.status in (S.RESOLVED, S.UNRESOLVED):
        return [
            ("close", case.concluded_at + dt.timedelta(days=rng.randrange(1, 6), hours=1), None)
        ]
    if ending == RUNNING:
        # A track at work: the case is in hand (the track's own demo leaves the front desk's
        # steps where they are).
        if case.status != S.ACCEPTED:
            return []
        return [
            ("start_handling", case.accepted_at + dt.timedelta(minutes=rng.randrange(20, 90)), None)
        ]
    steps = []
    t = case.accepted_at or case.registered_at or case.received_at
    status = case.status
    if status == S.RECEIVED:
        t += dt.timedelta(minutes=rng.randrange(10, 90))
        steps.append(("register", t, None))
        status = S.REGISTERED
    if status == S.REGISTERED:
        if ending is None and rng.random() < 0.06:
            t += dt.timedelta(hours=rng.randrange(1, 6))
            return [*steps, ("answer", t, Ending("answer", "已告知相关法律规定及维权途径"))]
        t += dt.timedelta(hours=rng.randrange(1, 20))
        if case.employer_id is None:
            # The caller's employer, found out before acceptance (it is required then).
            steps.append(("employer", t - dt.timedelta(minutes=30), None))
        steps.append(("accept", t, None))
        status = S.ACCEPTED
    if status == S.ACCEPTED:
        t += dt.timedelta(minutes=rng.randrange(20, 240))
        steps.append(("start_handling", t, None))
    ending = ending or _by_chance(rng)
    after = max(t, ending.after or last_event)
    days = rng.choice([1, 2, 2, 3]) if ending.take else rng.choice([1, 2, 3, 4, 5, 6, 8, 12])
    day = calendar.workday_add(timezone.localtime(after).date(), days)
    t = max(after, timezone.make_aware(dt.datetime.combine(day, dt.time(9))))
    t += dt.timedelta(minutes=rng.randrange(0, 420))
    steps.append((ending.action, t, ending))
    steps.append(("close", t + dt.timedelta(days=rng.randrange(1, 6), hours=1), None))
    return steps


def _handler(case: Case, clerk: User) -> User:
    for assignment in case.assignments.filter(active=True).select_related("user"):
        if assignment.user.role in HANDLERS and assignment.user.is_active:
            return assignment.user
    return clerk


def _take(case: Case, action: str, ending: Ending | None, *, clerk: User, employers) -> None:
    if ending is not None and ending.take is not None:
        ending.take()
        return
    if action == "employer":
        nearby = [e for e in employers if e.village_id == case.village_id] or employers
        employer = nearby[case.pk % len(nearby)]
        case_update(case=case, actor=clerk, version=case.version, employer=employer)
        return
    front_desk = action in ("register", "accept", "answer", "close")
    case_act(
        case=case,
        action=action,
        actor=clerk if front_desk else _handler(case, clerk),
        note=ending.note if ending else "",
        amount_recovered=case.claim_total if action == "resolve" else None,
    )


def seed(*, out, rng) -> None:
    # Steps are taken up to the start of today: a second run the same day plans and takes the
    # same ones, so it adds nothing.
    until = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    calendar = WorkdayCalendar()
    clerk = User.objects.get(username="clerk")
    tribunal_clerk = User.objects.filter(username="tribunal_clerk").first() or clerk
    employers = list(Employer.objects.filter(credit_code__isnull=False).order_by("pk"))
    cases = (
        Case.objects.filter(status__in=NOT_CLOSED)
        # A case a leader reopened (after an unsatisfied return visit) is being worked again by
        # people, on purpose: the follow-through leaves it as it is.
        .exclude(events__old_status=S.CLOSED)
        .annotate(last_event=Max("events__at"))
        .order_by("received_at")
    )
    moved = concluded = 0
    for case in cases:
        concluded_already = case.status in (S.RESOLVED, S.UNRESOLVED)
        ending = (
            None
            if concluded_already
            else _track_ending(case, tribunal_clerk=tribunal_clerk, clerk=clerk)
        )
        if ending is None and not concluded_already and case.received_at > until - STILL_WORKED:
            continue
        # Each case draws from its own generator, so a second run plans the same steps.
        steps = _plan(
            case,
            last_event=case.last_event or case.received_at,
            ending=ending,
            rng=random.Random(case.number),
            calendar=calendar,
        )
        if not steps or steps[-1][1] >= until:
            continue  # not that far yet: a later run takes it
        for action, moment, step_ending in steps:
            with demo_time(moment):
                case.refresh_from_db()
                _take(case, action, step_ending, clerk=clerk, employers=employers)
        moved += 1
        concluded += steps[-1][0] in ("close", "answer")
    out.write(f"follow-through: {moved} cases taken on, {concluded} of them concluded")
    _kiosk_passes()


def _kiosk_passes() -> None:
    """Two wall screens: the centre's hall (the whole district) and 转塘街道's office; the
    administrator's page lists their addresses."""
    from jiefen.accounts.choices import Role
    from jiefen.reports.models import KioskToken
    from jiefen.reports.services import kiosk_token_issue

    admin = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).order_by("pk").first()
    if admin is None or KioskToken.objects.exists():
        return
    kiosk_token_issue(actor=admin, label="中心一楼大厅大屏")
    kiosk_token_issue(actor=admin, label="转塘街道调解中心大屏", street="330106010")
