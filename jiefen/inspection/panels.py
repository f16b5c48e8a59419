"""The inspection panel on the case page: state, clocks, next actions."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from jiefen.cases.choices import Track
from jiefen.cases.clocks import case_track_clocks, clock_views
from jiefen.cases.models import Case
from jiefen.cases.panels import case_has_rows
from jiefen.cases.transitions import case_is_active
from jiefen.inspection.choices import TRACK, ComplaintKind
from jiefen.inspection.selectors import inspection_panel_for_case, inspection_state


def case_panel(*, request: HttpRequest, case: Case) -> str:
    """Rendered HTML for the case page, or "" when the case has nothing on this track."""
    inspection = inspection_panel_for_case(case=case) if case_has_rows(case, "inspection") else None
    if inspection is None and Track.INSPECTION not in (case.tracks or []):
        return ""
    context = {
        "case": case,
        "inspection": inspection,
        "kinds": ComplaintKind.choices,
        # Taken as a complaint only on an active case (`case_track_open`), not one merged.
        "can_receive": case_is_active(case),
    }
    if inspection is not None:
        clocks = clock_views(case_track_clocks(case, TRACK))
        context.update(
            clocks=clocks,
            open_orders=inspection.open_orders,
            owed_notices=inspection.owed_notices,
            track_state=inspection_state(
                inspection, recovered=inspection.recovered, unheeded=inspection.unheeded
            ),
        )
    return render_to_string("inspection/_case_panel.html", context, request=request)
