"""The mediation panel of the case page: state, clocks, next actions."""

from __future__ import annotations

from django.template.loader import render_to_string

from jiefen.cases.clocks import case_track_clocks, clock_views
from jiefen.cases.panels import case_has_rows
from jiefen.cases.transitions import case_is_active
from jiefen.mediation import policies as P
from jiefen.mediation.choices import TRACK
from jiefen.mediation.rules import mediation_outcome_implies
from jiefen.mediation.selectors import mediation_open_for_case, mediator_candidates


def case_panel(*, request, case) -> str:
    mediation = mediation_open_for_case(case) if case_has_rows(case, "mediation") else None
    if mediation is None and "mediation" not in (case.tracks or []):
        return ""
    clocks = clock_views(case_track_clocks(case, TRACK))
    can_start = case_is_active(case) and mediation is None and P.START.allows(request.user, case)
    agreement = getattr(mediation, "agreement", None) if mediation is not None else None
    items = list(agreement.items.all()) if agreement is not None else []
    return render_to_string(
        "mediation/panel.html",
        {
            "case": case,
            "mediation": mediation,
            "clocks": clocks,
            "implication": mediation_outcome_implies(mediation) if mediation else None,
            "candidates": mediator_candidates(case=case) if can_start else [],
            "can_start": can_start,
            "items": items,
        },
        request=request,
    )
