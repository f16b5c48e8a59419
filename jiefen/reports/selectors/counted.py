"""What the figures count: the clocks of the rates, the states a case is counted in."""

from __future__ import annotations

from jiefen.cases.choices import CaseStatus
from jiefen.cases.clocks import RESOLVE_7
from jiefen.mediation.choices import MediationStatus

# Clock kinds written by the arbitration track (jiefen/arbitration).
ARBITRATION_ONE_MONTH = "arbitration_one_month"
ARBITRATION_AWARD_45 = "arbitration_award_45_days"
RATE_CLOCKS = {
    RESOLVE_7: "within_7_workdays_rate",
    ARBITRATION_ONE_MONTH: "arbitration_within_one_month_rate",
    ARBITRATION_AWARD_45: "arbitration_within_45_days_rate",
}
CONCLUDED = (CaseStatus.RESOLVED, CaseStatus.UNRESOLVED)
# The states of a concluded case: 结案 follows only 化解 or 未化解, and keeps the outcome.
CONCLUDED_OR_CLOSED = (*CONCLUDED, CaseStatus.CLOSED)
MEDIATION_ENDED = (MediationStatus.AGREED, MediationStatus.FAILED, MediationStatus.REFUSED)
OPEN = (CaseStatus.RECEIVED, CaseStatus.REGISTERED, CaseStatus.ACCEPTED, CaseStatus.HANDLING)
