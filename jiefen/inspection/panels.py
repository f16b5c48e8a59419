"""The inspection panel on the case page: state, clocks, next actions."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from jiefen.cases.choices import Track
from jiefen.cases.clocks import case_track_clocks, clock_views
from jiefen.cases.models import Case
from jiefen.cases.panels import case_has_rows
from jiefen.inspection.choices import TRACK, ComplaintKind, OrderStatus
from jiefen.inspection.selectors import inspection_for_case, inspection_track_state


def case_panel(*, request: HttpRequest, case: Case) -> str:
    """Rendered HTML for the case page, or "" when the case has nothing on this track."""
    inspection = inspection_for_case(case=case) if case_has_rows(case, "inspection") else None
    if inspection is None and Track.INSPECTION not in (case.tracks or []):
        return ""
    context = {"case": case, "inspection": inspection, "kinds": ComplaintKind.choices}
    if inspection is not None:
        clocks = clock_views(case_track_clocks(case, TRACK))
        context.update(
            clocks=clocks,
            open_orders=inspection.rectification_orders.filter(status=OrderStatus.OPEN).count(),
            owed_notices=inspection.notices.filter(sent_at__isnull=True).count(),
            track_state=inspection_track_state(case=case),
        )
    return render_to_string("inspection/_case_panel.html", context, request=request)
