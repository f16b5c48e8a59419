"""A month of cases built by hand (October 2026, with the National Day holiday, 1-7 October, and
the adjusted working Saturday of 10 October), each placed so that one boundary or rule of the
definitions decides whether it counts."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import pytest
import time_machine

from jiefen.arbitration.choices import ApplicationStatus
from jiefen.arbitration.models import Application
from jiefen.cases.choices import CaseStatus, Category, Channel
from jiefen.cases.clocks import clock_start, end_of_day
from jiefen.cases.models import Case, Clock
from jiefen.cases.services import case_act
from jiefen.cases.tests.factories import make_case
from jiefen.mediation.choices import MediationStatus
from jiefen.mediation.models import Mediation
from jiefen.parties.models import Employer

ZHUANTANG_VILLAGE = "330106010002"
SANDUN_VILLAGE = "330106109001"
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 5, 10, 0, tzinfo=TZ)


def at(y, m, d, hh=9, mm=0, ss=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=TZ)


@dataclass
class Month:
    cases: dict[str, Case]
    now: dt.datetime


def _build(
    actor,
    *,
    received,
    accepted=None,
    concluded=None,
    outcome=CaseStatus.RESOLVED,
    close_at=None,
    tracks=None,
    village=ZHUANTANG_VILLAGE,
    category=Category.WAGE_ARREARS,
    channel=Channel.WALK_IN,
    claimants=1,
    employer_name="杭州转塘建设有限公司",
    answered=False,
) -> Case:
    if answered:
        with time_machine.travel(received, tick=False):
            return make_case(
                actor=actor,
                status=CaseStatus.ANSWERED,
                received_at=received,
                village_code=village,
                category=category,
                channel=channel,
            )
    status = CaseStatus.HANDLING if accepted else CaseStatus.REGISTERED
    with time_machine.travel(accepted or received, tick=False):
        case = make_case(
            actor=actor,
            status=status,
            received_at=received,
            village_code=village,
            category=category,
            channel=channel,
            claimants=claimants,
            employer_name=employer_name,
        )
    if tracks is not None:
        Case.objects.filter(pk=case.pk).update(tracks=tracks)
        case.tracks = tracks
    if concluded:
        action = "resolve" if outcome == CaseStatus.RESOLVED else "mark_unresolved"
        with time_machine.travel(concluded, tick=False):
            case = case_act(case=case, action=action, actor=actor, note="双方达成协议")
    if close_at:
        with time_machine.travel(close_at, tick=False):
            case = case_act(case=case, action="close", actor=actor)
    return case


def _arbitration_clock(case, *, kind, started, due, met=None):
    clock = clock_start(case=case, kind=kind, started_at=started)
    # The catalogue's period gives the date written beside each call.
    assert clock.due_at == due, (kind, clock.due_at)
    if met:
        Clock.objects.filter(pk=clock.pk).update(met_at=met)
    return clock


@pytest.fixture
def october(leader) -> Month:
    """Nine cases around October 2026; see each comment for the rule it tests."""
    u = leader
    c = {}
    # A: accepted Tue 29 Sep; the 7th working day after it is Wed 14 Oct (1-7 Oct are holidays,
    # Sat 10 Oct a working day); resolved that evening: on time across the holiday.
    c["A"] = _build(
        u,
        received=at(2026, 9, 29),
        accepted=at(2026, 9, 29, 10),
        concluded=at(2026, 10, 14, 20),
        tracks=["mediation"],
        employer_name="杭州之江建材有限公司",
    )
    # B: same start, concluded unresolved on 15 Oct, 09:00: one working day late.
    c["B"] = _build(
        u,
        received=at(2026, 9, 29),
        accepted=at(2026, 9, 29, 10),
        concluded=at(2026, 10, 15, 9),
        outcome=CaseStatus.UNRESOLVED,
        tracks=["mediation", "arbitration"],
        employer_name="杭州之江建材有限公司",
    )
    # C: received at the first second of October, collective (10 workers), resolved and then
    # closed: its outcome is kept after closing.
    c["C"] = _build(
        u,
        received=at(2026, 10, 1, 0, 0, 0),
        accepted=at(2026, 10, 8),
        concluded=at(2026, 10, 9, 15),
        close_at=at(2026, 10, 20),
        tracks=["inspection"],
        claimants=10,
        category=Category.SOCIAL_INSURANCE,
        channel=Channel.POLICE_110,
        employer_name="杭州之江建材有限公司",
    )
    # D: received at the last second of October, only registered.
    c["D"] = _build(
        u,
        received=at(2026, 10, 31, 23, 59, 59),
        channel=Channel.PHONE,
        category=Category.LABOR_CONTRACT,
    )
    # E: received at the last second of September, accepted 8 Oct, still open: its clock fell
    # due on 16 Oct unmet (late, overdue now), and it is pending at the month's end.
    c["E"] = _build(u, received=at(2026, 9, 30, 23, 59, 59), accepted=at(2026, 10, 8))
    # F: received at the first second of November: not October's.
    c["F"] = _build(u, received=at(2026, 11, 1, 0, 0, 0))
    # G: in 三墩镇 (outside the Zhuantang clerk's scope); resolved at the last second of October,
    # after its clock's due day (20 Oct).
    c["G"] = _build(
        u,
        received=at(2026, 10, 10),
        accepted=at(2026, 10, 10),
        concluded=at(2026, 10, 31, 23, 59, 59),
        tracks=["mediation"],
        village=SANDUN_VILLAGE,
        employer_name="杭州三墩电子有限公司",
    )
    # H: resolved at the first second of November: concluded in November, pending at October's
    # end, and its clock (due 29 Oct) was decided late in October.
    c["H"] = _build(
        u,
        received=at(2026, 10, 20),
        accepted=at(2026, 10, 20),
        concluded=at(2026, 11, 1, 0, 0, 0),
        tracks=["mediation"],
    )
    # I: a consultation answered on 5 Oct: received, but never concluded as a dispute.
    c["I"] = _build(u, received=at(2026, 10, 5), answered=True, category=Category.OTHER)
    # Arbitration clocks (the arbitration track's rows): B's award met on time on 25 Oct, but
    # after the one-month target (20 Oct); G's started in October, not yet due; A's decided in
    # September.
    _arbitration_clock(
        c["B"],
        kind="arbitration_award_45_days",
        started=at(2026, 9, 20),
        due=end_of_day(dt.date(2026, 11, 4)),
        met=at(2026, 10, 25),
    )
    _arbitration_clock(
        c["B"],
        kind="arbitration_one_month",
        started=at(2026, 9, 20),
        due=end_of_day(dt.date(2026, 10, 20)),
        met=at(2026, 10, 25),
    )
    _arbitration_clock(
        c["G"],
        kind="arbitration_award_45_days",
        started=at(2026, 10, 12),
        due=end_of_day(dt.date(2026, 11, 26)),
    )
    _arbitration_clock(
        c["G"],
        kind="arbitration_one_month",
        started=at(2026, 10, 12),
        due=end_of_day(dt.date(2026, 11, 12)),
    )
    _arbitration_clock(
        c["A"],
        kind="arbitration_award_45_days",
        started=at(2026, 8, 1),
        due=end_of_day(dt.date(2026, 9, 15)),
        met=at(2026, 9, 10),
    )
    # The factory gives each case its own employer; one name is one employer here.
    # Mediations (the mediation track's rows): A agreed, B failed, G agreed, all ended in
    # October; H's still open.
    for key, status, ended in (
        ("A", MediationStatus.AGREED, at(2026, 10, 14, 20)),
        ("B", MediationStatus.FAILED, at(2026, 10, 15, 9)),
        ("G", MediationStatus.AGREED, at(2026, 10, 31, 23, 59, 59)),
        ("H", MediationStatus.OPEN, None),
    ):
        Mediation.objects.create(
            case=c[key],
            mediator=u,
            level="village",
            status=status,
            started_at=c[key].accepted_at,
            ended_at=ended,
        )
    # Arbitration applications: B's accepted 20 Sep, awarded 25 Oct (carried over, closed);
    # G's accepted 12 Oct, open; A's accepted 1 Aug, mediated 10 Sep (before the month).
    for key, status, accepted, concluded in (
        ("B", ApplicationStatus.AWARDED, at(2026, 9, 20), at(2026, 10, 25)),
        ("G", ApplicationStatus.ACCEPTED, at(2026, 10, 12), None),
        ("A", ApplicationStatus.MEDIATED, at(2026, 8, 1), at(2026, 9, 10)),
    ):
        Application.objects.create(
            case=c[key],
            source="transfer",
            status=status,
            received_at=accepted,
            accepted_at=accepted,
            concluded_at=concluded,
        )
    for case in c.values():
        first = Employer.objects.filter(name=case.employer.name).order_by("pk").first()
        Case.objects.filter(pk=case.pk).update(employer=first)
        case.refresh_from_db()
    return Month(cases=c, now=NOW)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The trend is cached per scope and month: each test starts without another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The dispatch app's fixtures (police liaison, grid inspector, incidents through its services).
from jiefen.dispatch.tests.conftest import inspector, make_incident, police  # noqa: E402, F401
