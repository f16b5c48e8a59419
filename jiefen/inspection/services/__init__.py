"""Every write of labor inspection: complaints, the decision to open, the investigation, its
orders, penalties and recovered wages. Each writes one timeline entry on the case (track
"inspection").

The package's parts, along its sections: common, complaints, investigation, measures, outcome;
everything is re-exported here, as it was one module."""

from jiefen.inspection.services.common import (  # noqa: F401
    CLOCK_SKEW,
    InspectionStateError,
    S,
)
from jiefen.inspection.services.complaints import (  # noqa: F401
    complaint_receive_direct,
    complaint_receive_from_case,
    lookback_limit_passed,
)
from jiefen.inspection.services.investigation import (  # noqa: F401
    complainant_notice_send,
    inspection_decline,
    inspection_extend,
    inspection_open,
    inspection_resume,
    inspection_suspend,
)
from jiefen.inspection.services.measures import (  # noqa: F401
    additional_compensation_order,
    compensation_amount,
    penalty_decide,
    rectification_order_follow_up,
    rectification_order_issue,
    site_inspection_record,
    wage_recovery_record,
)
from jiefen.inspection.services.outcome import (  # noqa: F401
    inspection_case_action,
    inspection_conclude,
    inspection_conclude_case,
    inspection_outcome_implies,
    outcome_record,
)
