"""Every write of the arbitration track, by section, with the statute behind each period; the
rules that only read are in `jiefen.arbitration.rules`."""

# The rules that read and never write, where the pages and the API have always found them.
from jiefen.arbitration.rules import (  # noqa: F401
    NoticeCheck,
    PartyDeadline,
    arbitration_outcome_implies,
    average_wage_on,
    earliest_hearing_day,
    final_award_rule,
    hearing_notice_checks,
    limitation_last_day,
    limitation_warning,
    local_date,
    minimum_wage_on,
    party_deadlines,
    postponement_last_day,
    simplified_eligible,
)
from jiefen.arbitration.services._common import (  # noqa: F401
    ApplicationChanged,
)
from jiefen.arbitration.services.application import (  # noqa: F401
    ACCEPTANCE_CLOCKS,
    application_accept,
    application_complete,
    application_completion_notice,
    application_decline,
    application_file,
    application_receive_hand_over,
)
from jiefen.arbitration.services.awards import (  # noqa: F401
    AwardItemInput,
    application_mediate,
    award_issue,
)
from jiefen.arbitration.services.hearings import (  # noqa: F401
    hearing_book,
    hearing_hold,
    hearing_postpone,
)
from jiefen.arbitration.services.outcome import (  # noqa: F401
    application_conclude_case,
    outcome_record,
)
from jiefen.arbitration.services.papers import (  # noqa: F401
    defence_receive,
    service_notice_end,
    service_record,
)
from jiefen.arbitration.services.periods import (  # noqa: F401
    application_resume,
    application_suspend,
    award_extend,
    award_period_restart,
)
from jiefen.arbitration.services.tables import (  # noqa: F401
    rooms_ensure,
    wage_tables_ensure,
)
from jiefen.arbitration.services.tribunal import (  # noqa: F401
    recusal_decide,
    recusal_request,
    tribunal_compose,
    tribunal_convert_to_ordinary,
)
