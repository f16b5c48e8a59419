"""Every figure links to the list of cases behind it: the case list (`/cases/`) with filters."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from jiefen.cases.choices import CaseStatus as S
from jiefen.reports.selectors import Period

ACCEPTED_STATES = (S.ACCEPTED, S.HANDLING, S.RESOLVED, S.UNRESOLVED, S.CLOSED)
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


def figure_links(period: Period, street: str = "") -> dict[str, str]:
    """The list behind each key figure. Lists filter by received or concluded date and state;
    where the list cannot select exactly the counted cases (accepted in the period, clock
    outcomes), the link goes to the nearest list: the cases concluded in the period."""
    done = concluded(period, street, status=CONCLUDED_STATES)
    return {
        "received": received(period, street),
        "accepted": received(period, street, status=ACCEPTED_STATES),
        "carried_over": case_list_url(street=street, status=(S.ACCEPTED, S.HANDLING)),
        "concluded": done,
        "resolved": concluded(period, street, status=(S.RESOLVED, S.CLOSED)),
        "resolution_rate": done,
        "within_7_workdays_rate": done,
        "arbitration_within_one_month_rate": concluded(period, street, lead="arbitration_tribunal"),
        "arbitration_within_45_days_rate": concluded(period, street, lead="arbitration_tribunal"),
        "mediation_success_rate": concluded(period, street, lead="mediation_committee"),
        "arbitration_closure_rate": concluded(period, street, lead="arbitration_tribunal"),
        "police_arrival_within_15_min_rate": received(period, street, channel="police_110"),
        "inspection_arrival_within_20_min_rate": received(period, street, channel="police_110"),
        "handling_days_avg": done,
        "handling_days_median": done,
        "backlog": case_list_url(street=street, status=(S.ACCEPTED, S.HANDLING)),
        "overdue": case_list_url(street=street, overdue=1),
        "collective": received(period, street, collective=1),
    }
