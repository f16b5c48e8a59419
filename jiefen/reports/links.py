"""Every figure links to the list of cases behind it: the case list (`/cases/`) with filters."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.clocks import RESOLVE_7
from jiefen.reports.selectors import ARBITRATION_AWARD_45, ARBITRATION_ONE_MONTH, Period

CONCLUDED_STATES = (S.RESOLVED, S.UNRESOLVED, S.CLOSED)


def case_list_base() -> str:
    try:
        return reverse("cases:list")
    except NoReverseMatch:
        return "/cases/"


def case_list_url(*, street: str = "", **params) -> str:
    query = {k: v for k, v in params.items() if v not in ("", None, False)}
    if street and "village" not in query:
        query["street"] = street
    if isinstance(query.get("status"), tuple | list):
        query["status"] = ",".join(query["status"])
    return f"{case_list_base()}?{urlencode(query)}" if query else case_list_base()


def received(period: Period, street: str = "", **params) -> str:
    return case_list_url(
        street=street, **{"from": period.start.isoformat(), "to": period.end.isoformat()}, **params
    )


def concluded(period: Period, street: str = "", **params) -> str:
    return case_list_url(
        street=street,
        concluded_from=period.start.isoformat(),
        concluded_to=period.end.isoformat(),
        **params,
    )


def accepted(period: Period, street: str = "", **params) -> str:
    return case_list_url(
        street=street,
        accepted_from=period.start.isoformat(),
        accepted_to=period.end.isoformat(),
        **params,
    )


def clock_decided(period: Period, street: str, kind: str) -> str:
    return case_list_url(
        street=street,
        clock=kind,
        clock_from=period.start.isoformat(),
        clock_to=period.end.isoformat(),
    )


def pending_on(day: dt.date, street: str = "") -> str:
    return case_list_url(street=street, pending_on=day.isoformat())


def figure_links(period: Period, street: str = "") -> dict[str, str]:
    """The list behind each key figure, selecting exactly the cases counted. The mediation,
    arbitration-closure and 110 figures count mediations, applications and dispatch orders, not
    cases: their links go to the nearest case list (the cases of that track concluded, or the 110
    cases received, in the period)."""
    done = concluded(period, street, status=CONCLUDED_STATES)
    return {
        "received": received(period, street),
        "accepted": accepted(period, street),
        "carried_over": pending_on(period.start, street),
        "concluded": done,
        "resolved": concluded(period, street, status=CONCLUDED_STATES, outcome=S.RESOLVED),
        "resolution_rate": done,
        "within_7_workdays_rate": clock_decided(period, street, RESOLVE_7),
        "arbitration_within_one_month_rate": clock_decided(period, street, ARBITRATION_ONE_MONTH),
        "arbitration_within_45_days_rate": clock_decided(period, street, ARBITRATION_AWARD_45),
        "mediation_success_rate": concluded(period, street, lead="mediation_committee"),
        "arbitration_closure_rate": concluded(period, street, lead="arbitration_tribunal"),
        "police_arrival_within_15_min_rate": received(period, street, channel="police_110"),
        "inspection_arrival_within_20_min_rate": received(period, street, channel="police_110"),
        "handling_days_avg": done,
        "handling_days_median": done,
        "backlog": pending_on(period.end + dt.timedelta(days=1), street),
        "overdue": case_list_url(street=street, overdue=1),
        "collective": accepted(period, street, collective=1),
    }
