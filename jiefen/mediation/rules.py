"""The mediation track's rules that read and never write: the mediator's level, the review
windows of an agreement, and what an outcome implies for the case."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from jiefen.accounts.choices import ScopeLevel
from jiefen.cases.clockrules import CATALOGUE
from jiefen.cases.clocks import clock_due, end_of_day, local_date
from jiefen.cases.transitions import Implication
from jiefen.mediation.choices import (
    ARBITRAL_REVIEW_15,
    JUDICIAL_REVIEW_30,
    MediationStatus,
    MediatorLevel,
    ReviewKind,
)

# 《劳动人事争议仲裁办案规则》第七十四条: within 15 days of the agreement taking effect the parties
# may jointly ask the arbitration commission to review it; 《人民调解法》第三十三条: within 30 days
# they may jointly ask a court for judicial confirmation (rules: jiefen/cases/clockrules.py).
REVIEW_WINDOWS = {ReviewKind.ARBITRAL: ARBITRAL_REVIEW_15, ReviewKind.JUDICIAL: JUDICIAL_REVIEW_30}


def level_for(user) -> str:
    return {
        ScopeLevel.VILLAGE: MediatorLevel.VILLAGE,
        ScopeLevel.GRID: MediatorLevel.STREET,
        ScopeLevel.STREET: MediatorLevel.STREET,
    }.get(user.scope_level, MediatorLevel.DISTRICT)


def review_deadline(agreement, kind: str) -> dt.date:
    rule = CATALOGUE[REVIEW_WINDOWS[kind]]
    due, _provisional = clock_due(
        unit=rule.counting, length=rule.period, started_at=end_of_day(agreement.signed_on)
    )
    return local_date(due)


def mediation_outcome_implies(mediation) -> Implication:
    """Agreement: the dispute can be resolved. Failure: it continues on arbitration. Refusal:
    the worker may apply for arbitration. Still open: nothing follows yet."""
    if mediation.status == MediationStatus.AGREED:
        return Implication("resolve", _("达成调解协议：案件可以按“已化解”办结，同时跟踪协议履行。"))
    if mediation.status == MediationStatus.FAILED:
        return Implication("", _("调解不成：已转入仲裁，案件在仲裁途径继续办理。"))
    if mediation.status == MediationStatus.REFUSED:
        return Implication(
            "",
            _("对方拒绝调解：调解途径终止；申请人可申请仲裁，或由监察途径继续处理。"),
        )
    return Implication("", _("调解进行中。"))
