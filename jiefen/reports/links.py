"""Every figure links to the list of cases behind it: the case list (`/cases/`) with filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


@dataclass(frozen=True)
class FigureLinks:
    """The case lists behind one reader's figures for a period and (optionally) a street.

    The figures count the cases of the reader's villages; the case list also shows cases
    assigned to the reader elsewhere, so for a reader whose scope is smaller than the district
    every link narrows the list to their own area (`area=own`) to list exactly what was
    counted."""

    period: Period
    street: str = ""
    own_area: bool = False

    def cases(self, **params) -> str:
        params.setdefault("street", self.street)
        return case_list_url(area="own" if self.own_area else "", **params)

    def received(self, **params) -> str:
        start, end = self.period.start.isoformat(), self.period.end.isoformat()
        return self.cases(**{"from": start, "to": end}, **params)

    def concluded(self, period: Period | None = None, **params) -> str:
        period = period or self.period
        return self.cases(
            concluded_from=period.start.isoformat(),
            concluded_to=period.end.isoformat(),
            **params,
        )

    def accepted(self, **params) -> str:
        return self.cases(
            accepted_from=self.period.start.isoformat(),
            accepted_to=self.period.end.isoformat(),
            **params,
        )

    def handled(self, **params) -> str:
        """Cases in hand during the period (received in it, or still open at its start)."""
        return self.cases(
            handled_from=self.period.start.isoformat(),
            handled_to=self.period.end.isoformat(),
            **params,
        )

    def clock_decided(self, kind: str) -> str:
        return self.cases(
            clock=kind,
            clock_from=self.period.start.isoformat(),
            clock_to=self.period.end.isoformat(),
        )

    def clock_running(self, kind: str, state: str) -> str:
        """Cases whose clock of `kind` now runs in `state` (on time, due soon, overdue)."""
        return self.cases(clock=kind, clock_state=state)

    def pending_on(self, day: dt.date) -> str:
        return self.cases(pending_on=day.isoformat())

    def figures(self) -> dict[str, str]:
        """The list behind each key figure, selecting exactly the cases counted. The mediation,
        arbitration-closure and 110 figures count mediations, applications and dispatch orders,
        not cases: their links go to the nearest case list (the cases of that track concluded,
        or the 110 cases received, in the period)."""
        done = self.concluded(status=CONCLUDED_STATES)
        return {
            "received": self.received(),
            "accepted": self.accepted(),
            "carried_over": self.pending_on(self.period.start),
            "concluded": done,
            "resolved": self.concluded(status=CONCLUDED_STATES, outcome=S.RESOLVED),
            "resolution_rate": done,
            "within_7_workdays_rate": self.clock_decided(RESOLVE_7),
            "arbitration_within_one_month_rate": self.clock_decided(ARBITRATION_ONE_MONTH),
            "arbitration_within_45_days_rate": self.clock_decided(ARBITRATION_AWARD_45),
            "mediation_success_rate": self.concluded(lead="mediation_committee"),
            "arbitration_closure_rate": self.concluded(lead="arbitration_tribunal"),
            "police_arrival_within_15_min_rate": self.received(channel="police_110"),
            "inspection_arrival_within_20_min_rate": self.received(channel="police_110"),
            "handling_days_avg": done,
            "handling_days_median": done,
            "backlog": self.pending_on(self.period.end + dt.timedelta(days=1)),
            "overdue": self.cases(overdue=1),
            "collective": self.handled(collective=1),
        }
