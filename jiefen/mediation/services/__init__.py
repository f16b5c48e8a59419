"""Every write of the mediation track, by section: start and sessions, the agreement and its
performance, the follow-up, and how a mediation ends."""

# The rules that read and never write, where the pages and the API have always found them.
from jiefen.mediation.rules import (  # noqa: F401
    REVIEW_WINDOWS,
    level_for,
    mediation_outcome_implies,
    review_deadline,
)
from jiefen.mediation.services._common import (  # noqa: F401
    MediationChanged,
)
from jiefen.mediation.services.agreements import (  # noqa: F401
    ItemInput,
    agreement_payment_record,
    agreement_record,
    agreement_review_decide,
    agreement_review_request,
)
from jiefen.mediation.services.followup import (  # noqa: F401
    agreement_overdue_check_one,
    agreement_overdue_sweep,
)
from jiefen.mediation.services.outcome import (  # noqa: F401
    mediation_refuse,
    mediation_resolve_case,
    mediation_transfer,
    outcome_record,
)
from jiefen.mediation.services.start import (  # noqa: F401
    mediation_start,
    session_record,
)
