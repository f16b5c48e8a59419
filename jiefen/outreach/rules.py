"""The early-warning rules, each in one function, all in this module.

A rule reads what jiefen knows and returns `Finding`s; `services.warnings_run` turns each into a
warning (one open warning per rule and employer). Complaints are counted as *signals*, so another
source (the rights mailbox, when the portal issue adds it) plugs in by appending a function to
`SIGNAL_SOURCES` without touching the rules.

Day counts here are risk heuristics of the grid work, not legal periods: they are plain
calendar-day windows, not deadlines, so they do not go through the working-day calendar."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from jiefen.cases.choices import RELATED_WINDOW_DAYS, CaseStatus, Category
from jiefen.cases.models import Case
from jiefen.core.messages import Message, phrase
from jiefen.outreach.choices import (
    CheckItem,
    CheckResult,
    EnterpriseKind,
    Severity,
    WarningLevel,
    WarningRule,
)
from jiefen.outreach.models import Enterprise, Visit
from jiefen.parties.models import Employer

# (1) repeated complaints: this many signals against one employer within the window. The window
# is the one intake uses to find related cases and propose a collective dispute
# (jiefen.cases.services.related), so the warning and the clerk's panel count the same cases.
REPEATED_COMPLAINTS = 3
REPEATED_COMPLAINTS_WINDOW = dt.timedelta(days=RELATED_WINDOW_DAYS)
REPEATED_COMPLAINTS_ORANGE = 5
# (2) a construction site this close to its planned completion, or in the weeks before the
# Spring Festival, when wage arrears peak as workers go home.
SITE_COMPLETION_WINDOW = dt.timedelta(days=30)
SPRING_FESTIVAL_LEAD = dt.timedelta(weeks=4)
WAGE_SIGNAL_LOOKBACK = dt.timedelta(days=90)
# (4), (5) visits recorded within this window are read.
VISIT_LOOKBACK = dt.timedelta(days=30)
# (5) a drop of this share of the headcount seen between two visits.
HEADCOUNT_DROP_PERCENT = 30
HEADCOUNT_DROP_ORANGE_PERCENT = 50

# 正月初一 of each year. Source: the Purple Mountain Observatory's 中国天文年历 as reprinted in
# the State Council holiday notices (春节: 2025-01-29, 2026-02-17); cross-checked in the tests
# against the statutory Spring Festival days (除夕 to 正月初三) of jiefen/workdays/data/cn_holidays.json.
SPRING_FESTIVAL = {
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
}

# A case still in these states is a live wage claim.
LIVE_CASE_STATUSES = (
    CaseStatus.RECEIVED,
    CaseStatus.REGISTERED,
    CaseStatus.ACCEPTED,
    CaseStatus.HANDLING,
    CaseStatus.UNRESOLVED,
)


@dataclass(frozen=True)
class Evidence:
    kind: str  # "case", "visit", "letter", "rectification_order", "enterprise"
    id: int
    label: str
    url: str = ""
    at: str = ""

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "url": self.url,
            "at": self.at,
        }


@dataclass(frozen=True)
class Signal:
    """One sign of trouble against an employer: a case, a mailbox letter, a complaint."""

    employer_id: int
    at: dt.datetime
    evidence: Evidence
    wage_related: bool = False


@dataclass
class Finding:
    rule: str
    employer_id: int
    level: str
    # What the rule found, as a message (code and parameters, shown in the reader's language);
    # `reason` is its words in the source language.
    said: Message
    evidence: list[Evidence] = field(default_factory=list)
    enterprise_id: int | None = None
    village_id: int | None = None

    @property
    def reason(self) -> str:
        return self.said.source()

    @property
    def fingerprint(self) -> str:
        keys = sorted(f"{e.kind}:{e.id}" for e in self.evidence)
        return hashlib.sha256(f"{self.rule}|{'|'.join(keys)}".encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Signals
# ---------------------------------------------------------------------------------------------


def case_evidence(case: Case) -> Evidence:
    return Evidence(
        kind="case",
        id=case.pk,
        label=f"{case.number} {case.get_category_display()}",
        url=reverse("cases:detail", args=[case.pk]) if _has_url("cases:detail") else "",
        at=timezone.localtime(case.received_at).strftime("%Y-%m-%d %H:%M"),
    )


def visit_evidence(visit: Visit) -> Evidence:
    return Evidence(
        kind="visit",
        id=visit.pk,
        label=f"{timezone.localtime(visit.visited_at):%Y-%m-%d} 走访",
        url=visit.get_absolute_url(),
        at=timezone.localtime(visit.visited_at).strftime("%Y-%m-%d %H:%M"),
    )


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return False
    return True


def case_signals(*, since: dt.datetime, employer_ids: Iterable[int] | None = None) -> list[Signal]:
    """Every case received since `since` that names an employer."""
    qs = Case.objects.filter(received_at__gte=since, employer__isnull=False)
    if employer_ids is not None:
        qs = qs.filter(employer_id__in=list(employer_ids))
    return [
        Signal(
            employer_id=c.employer_id,
            at=c.received_at,
            evidence=case_evidence(c),
            wage_related=c.category == Category.WAGE_ARREARS,
        )
        for c in qs.only("id", "number", "category", "received_at", "employer_id")
    ]


# Sources of complaints and letters; the rights mailbox appends its own function here.
SIGNAL_SOURCES: list[Callable[..., list[Signal]]] = [case_signals]


def signals_since(*, since: dt.datetime, employer_ids: Iterable[int] | None = None) -> list[Signal]:
    out: list[Signal] = []
    for source in SIGNAL_SOURCES:
        out.extend(source(since=since, employer_ids=employer_ids))
    return out


# Where overdue rectification orders (责令改正) come from: the app that issues them registers its
# selector at start-up (the inspection track, in its AppConfig), so outreach names no track.
OVERDUE_ORDER_SOURCES: list[Callable[[], Iterable[Any]]] = []


def overdue_orders_source_register(source: Callable[[], Iterable[Any]]) -> None:
    """Add a source of overdue orders; each order carries `pk` and `employer_id`, and may carry
    `number` and `due_on`."""
    if source not in OVERDUE_ORDER_SOURCES:
        OVERDUE_ORDER_SOURCES.append(source)


def rectification_orders_overdue() -> list:
    """Overdue rectification orders from every registered source (none: nothing to warn of)."""
    return [order for source in OVERDUE_ORDER_SOURCES for order in source()]


def spring_festival_near(today: dt.date) -> dt.date | None:
    """The Spring Festival `today` lies in the four weeks before, if any."""
    for year in (today.year, today.year + 1):
        festival = SPRING_FESTIVAL.get(year)
        if festival and festival - SPRING_FESTIVAL_LEAD <= today < festival:
            return festival
    return None


# ---------------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------------


def _enterprises_by_employer(employer_ids: Iterable[int]) -> dict[int, Enterprise]:
    return {
        e.employer_id: e
        for e in Enterprise.objects.filter(employer_id__in=list(employer_ids)).select_related(
            "employer"
        )
    }


def _village_of(employer_id: int, enterprise: Enterprise | None) -> int | None:
    if enterprise is not None:
        return enterprise.village_id
    employer = Employer.objects.filter(pk=employer_id).only("village_id").first()
    if employer and employer.village_id:
        return employer.village_id
    last = (
        Case.objects.filter(employer_id=employer_id).order_by("-received_at").only("village_id")
    ).first()
    return last.village_id if last else None


def _finding(*, rule, employer_id, level, said, evidence, enterprises) -> Finding:
    enterprise = enterprises.get(employer_id)
    return Finding(
        rule=rule,
        employer_id=employer_id,
        level=level,
        said=said,
        evidence=evidence,
        enterprise_id=enterprise.pk if enterprise else None,
        village_id=_village_of(employer_id, enterprise),
    )


def rule_repeated_complaints(
    *, now: dt.datetime, employer_ids: Iterable[int] | None = None
) -> list[Finding]:
    """(1) Three or more complaints, letters or cases against one employer within 30 days."""
    by_employer: dict[int, list[Signal]] = defaultdict(list)
    for s in signals_since(since=now - REPEATED_COMPLAINTS_WINDOW, employer_ids=employer_ids):
        if s.at <= now:
            by_employer[s.employer_id].append(s)
    hits = {e: sig for e, sig in by_employer.items() if len(sig) >= REPEATED_COMPLAINTS}
    enterprises = _enterprises_by_employer(hits)
    names = dict(Employer.objects.filter(pk__in=hits).values_list("pk", "name"))
    return [
        _finding(
            rule=WarningRule.REPEATED_COMPLAINTS,
            employer_id=employer_id,
            level=WarningLevel.ORANGE
            if len(sig) >= REPEATED_COMPLAINTS_ORANGE
            else WarningLevel.YELLOW,
            said=phrase(
                N_("%(employer)s近30日内被投诉、来信或立案%(n)s次"),
                employer=names.get(employer_id, ""),
                n=len(sig),
            ),
            evidence=[s.evidence for s in sorted(sig, key=lambda s: s.at)],
            enterprises=enterprises,
        )
        for employer_id, sig in hits.items()
    ]


def _wage_signals(*, now: dt.datetime, employer_ids: list[int]) -> dict[int, list[Evidence]]:
    """Unpaid-wage signals per employer: a live wage-arrears case, a visit's wage problem."""
    since = now - WAGE_SIGNAL_LOOKBACK
    out: dict[int, list[Evidence]] = defaultdict(list)
    for case in Case.objects.filter(
        employer_id__in=employer_ids,
        category=Category.WAGE_ARREARS,
        status__in=LIVE_CASE_STATUSES,
        received_at__lte=now,
    ):
        out[case.employer_id].append(case_evidence(case))
    for visit in Visit.objects.filter(
        enterprise__employer_id__in=employer_ids, visited_at__gte=since, visited_at__lte=now
    ).select_related("enterprise"):
        if visit.checklist.get(CheckItem.WAGES_ON_TIME) == CheckResult.PROBLEM:
            out[visit.enterprise.employer_id].append(visit_evidence(visit))
    return out


def rule_site_wage_risk(
    *, now: dt.datetime, employer_ids: Iterable[int] | None = None
) -> list[Finding]:
    """(2) A construction site within 30 days of its planned completion, or in the four weeks
    before the Spring Festival, with any unpaid-wage signal."""
    today = timezone.localdate(now)
    festival = spring_festival_near(today)
    sites = Enterprise.objects.filter(kind=EnterpriseKind.CONSTRUCTION_SITE).select_related(
        "employer"
    )
    if employer_ids is not None:
        sites = sites.filter(employer_id__in=list(employer_ids))
    if festival is None:
        sites = sites.filter(
            planned_completion__gte=today - SITE_COMPLETION_WINDOW,
            planned_completion__lte=today + SITE_COMPLETION_WINDOW,
        )
    sites = list(sites)
    wage = _wage_signals(now=now, employer_ids=[s.employer_id for s in sites])
    findings = []
    for site in sites:
        if not wage.get(site.employer_id):
            continue
        near_completion = (
            site.planned_completion is not None
            and abs((site.planned_completion - today).days) <= SITE_COMPLETION_WINDOW.days
        )
        reasons = []
        if near_completion:
            reasons.append(phrase(N_("计划于%(day)s竣工"), day=site.planned_completion))
        if festival:
            reasons.append(phrase(N_("临近春节（%(day)s）"), day=festival))
        if not reasons:
            continue
        findings.append(
            Finding(
                rule=WarningRule.SITE_WAGE_RISK,
                employer_id=site.employer_id,
                level=WarningLevel.RED if near_completion and festival else WarningLevel.ORANGE,
                said=phrase(
                    N_("工地%(site)s%(reasons)s，且有欠薪迹象"),
                    site=site.project_name or site.name,
                    reasons=reasons,
                ),
                evidence=[
                    Evidence(
                        kind="enterprise", id=site.pk, label=site.name, url=site.get_absolute_url()
                    ),
                    *wage[site.employer_id],
                ],
                enterprise_id=site.pk,
                village_id=site.village_id,
            )
        )
    return findings


def rule_rectification_overdue(
    *, now: dt.datetime, employer_ids: Iterable[int] | None = None
) -> list[Finding]:
    """(3) An employer with an overdue rectification order (责令改正逾期未改)."""
    wanted = set(employer_ids) if employer_ids is not None else None
    by_employer: dict[int, list] = defaultdict(list)
    for order in rectification_orders_overdue():
        if wanted is None or order.employer_id in wanted:
            by_employer[order.employer_id].append(order)
    enterprises = _enterprises_by_employer(by_employer)
    return [
        _finding(
            rule=WarningRule.RECTIFICATION_OVERDUE,
            employer_id=employer_id,
            level=WarningLevel.ORANGE,
            said=phrase(N_("有%(n)s份责令改正指令书逾期未改正"), n=len(orders)),
            evidence=[
                Evidence(
                    kind="rectification_order",
                    id=o.pk,
                    label=str(getattr(o, "number", "") or f"责令改正 #{o.pk}"),
                    url=o.get_absolute_url() if hasattr(o, "get_absolute_url") else "",
                    at=str(getattr(o, "due_on", "") or ""),
                )
                for o in orders
            ],
            enterprises=enterprises,
        )
        for employer_id, orders in by_employer.items()
    ]


def _recent_visits(*, now: dt.datetime, employer_ids: Iterable[int] | None):
    qs = Visit.objects.filter(
        visited_at__gte=now - VISIT_LOOKBACK, visited_at__lte=now
    ).select_related("enterprise__employer")
    if employer_ids is not None:
        qs = qs.filter(enterprise__employer_id__in=list(employer_ids))
    return qs


def rule_serious_finding(
    *, now: dt.datetime, employer_ids: Iterable[int] | None = None
) -> list[Finding]:
    """(4) A visit finding marked serious."""
    by_employer: dict[int, list[Visit]] = defaultdict(list)
    for visit in _recent_visits(now=now, employer_ids=employer_ids).filter(
        severity=Severity.SERIOUS
    ):
        by_employer[visit.enterprise.employer_id].append(visit)
    findings = []
    for employer_id, visits in by_employer.items():
        latest = max(visits, key=lambda v: v.visited_at)
        findings.append(
            Finding(
                rule=WarningRule.SERIOUS_FINDING,
                employer_id=employer_id,
                level=WarningLevel.RED,
                said=phrase(
                    N_("%(enterprise)s走访发现严重问题：%(findings)s"),
                    enterprise=latest.enterprise.name,
                    findings=latest.findings[:120],
                ),
                evidence=[visit_evidence(v) for v in sorted(visits, key=lambda v: v.visited_at)],
                enterprise_id=latest.enterprise_id,
                village_id=latest.enterprise.village_id,
            )
        )
    return findings


def rule_headcount_drop(
    *, now: dt.datetime, employer_ids: Iterable[int] | None = None
) -> list[Finding]:
    """(5) A drop of 30% or more in the headcount seen between an enterprise's last two visits."""
    recent = _recent_visits(now=now, employer_ids=employer_ids).filter(headcount_seen__isnull=False)
    enterprise_ids = set(recent.values_list("enterprise_id", flat=True))
    counted = (
        Visit.objects.filter(
            enterprise_id__in=enterprise_ids, headcount_seen__isnull=False, visited_at__lte=now
        )
        .select_related("enterprise__employer")
        .order_by("enterprise_id", "-visited_at", "-id")
    )
    last_two: dict[int, list[Visit]] = defaultdict(list)
    for visit in counted:
        if len(last_two[visit.enterprise_id]) < 2:
            last_two[visit.enterprise_id].append(visit)
    findings = []
    for pair in last_two.values():
        if len(pair) < 2:
            continue
        latest, before = pair
        if not before.headcount_seen:
            continue
        # Integer arithmetic: a drop of exactly 30% meets the rule, 29.x% misses it.
        drop = before.headcount_seen - latest.headcount_seen
        if drop * 100 < HEADCOUNT_DROP_PERCENT * before.headcount_seen:
            continue
        percent = drop * 100 // before.headcount_seen
        findings.append(
            Finding(
                rule=WarningRule.HEADCOUNT_DROP,
                employer_id=latest.enterprise.employer_id,
                level=WarningLevel.ORANGE
                if percent >= HEADCOUNT_DROP_ORANGE_PERCENT
                else WarningLevel.YELLOW,
                said=phrase(
                    N_("%(enterprise)s在岗人数由%(before)s人降至%(after)s人（减少%(percent)s%%）"),
                    enterprise=latest.enterprise.name,
                    before=before.headcount_seen,
                    after=latest.headcount_seen,
                    percent=percent,
                ),
                evidence=[visit_evidence(before), visit_evidence(latest)],
                enterprise_id=latest.enterprise_id,
                village_id=latest.enterprise.village_id,
            )
        )
    return findings


RULES: dict[str, Callable[..., list[Finding]]] = {
    WarningRule.REPEATED_COMPLAINTS: rule_repeated_complaints,
    WarningRule.SITE_WAGE_RISK: rule_site_wage_risk,
    WarningRule.RECTIFICATION_OVERDUE: rule_rectification_overdue,
    WarningRule.SERIOUS_FINDING: rule_serious_finding,
    WarningRule.HEADCOUNT_DROP: rule_headcount_drop,
}
# The rules a newly recorded visit can trigger at once, without waiting for the daily run.
VISIT_RULES = (
    WarningRule.SERIOUS_FINDING,
    WarningRule.HEADCOUNT_DROP,
    WarningRule.SITE_WAGE_RISK,
)


def findings_all(
    *, now: dt.datetime | None = None, rules: Iterable[str] | None = None, employer_ids=None
) -> list[Finding]:
    now = now or timezone.now()
    out: list[Finding] = []
    for name in rules or RULES:
        out.extend(RULES[name](now=now, employer_ids=employer_ids))
    return [f for f in out if f.village_id is not None]
