"""Every write to a case goes through these functions."""

from jiefen.cases.services.claims import case_claims_replace  # noqa: F401
from jiefen.cases.services.contact import claimant_contact  # noqa: F401
from jiefen.cases.services.edit import case_update  # noqa: F401,E402
from jiefen.cases.services.identity import (  # noqa: F401
    ClaimantInput,
    Identity,
    IdentityConflict,
)
from jiefen.cases.services.intake import (  # noqa: F401
    case_create,
    case_intake,
    case_number_next,
)
from jiefen.cases.services.lifecycle import (  # noqa: F401
    CaseChangedMeanwhile,
    TransitionNotAllowed,
    case_act,
    case_duty_assign,
    case_escalate,
    case_event_add,
    case_reassign,
    case_track_add,
)
from jiefen.cases.services.related import (  # noqa: F401
    LinkChangedMeanwhile,
    case_link_decide,
    case_merge,
    case_split,
    collective_confirm,
    collective_dismiss,
)
