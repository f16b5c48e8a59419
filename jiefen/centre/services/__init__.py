"""Every write of the centre's tools goes through these functions."""

from jiefen.centre.services.board import (  # noqa: F401
    decision_record,
    meeting_agenda_build,
    meeting_attendance_record,
    meeting_cancel,
    meeting_create,
    meeting_hold,
    task_accept,
    task_report,
    task_send_back,
)
from jiefen.centre.services.config import centre_settings, centre_settings_update  # noqa: F401
from jiefen.centre.services.majors import (  # noqa: F401
    major_close,
    major_dismiss,
    major_note_add,
    major_plan_update,
    major_propose,
    major_take_charge,
    majors_screen,
    milestone_done,
)
from jiefen.centre.services.visits import (  # noqa: F401
    visit_answer,
    visit_create_for,
    visit_reopen_case,
    visit_survey_send,
    visit_unreachable,
    visit_uphold,
    visits_create,
    visits_due_send,
)
