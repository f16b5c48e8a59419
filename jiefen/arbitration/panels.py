"""The arbitration panel of the case page: state, clocks, next hearing, parties' deadlines."""

from __future__ import annotations

from django.template.loader import render_to_string

from jiefen.arbitration import policies as P
from jiefen.arbitration.choices import TRACK
from jiefen.arbitration.rules import arbitration_outcome_implies, party_deadlines
from jiefen.arbitration.selectors import application_panel_for_case
from jiefen.cases.clocks import case_track_clocks, clock_views
from jiefen.cases.panels import case_has_rows
from jiefen.cases.transitions import case_is_active


def case_panel(*, request, case) -> str:
    application = application_panel_for_case(case) if case_has_rows(case, "arbitration") else None
    can_file = case_is_active(case) and application is None and P.FILE.allows(request.user, case)
    if application is None and TRACK not in (case.tracks or []) and not can_file:
        return ""
    clocks = clock_views(case_track_clocks(case, TRACK))
    return render_to_string(
        "arbitration/panel.html",
        {
            "case": case,
            "application": application,
            "clocks": clocks,
            "deadlines": party_deadlines(application) if application else [],
            "implication": arbitration_outcome_implies(application) if application else None,
            "can_file": can_file,
        },
        request=request,
    )
