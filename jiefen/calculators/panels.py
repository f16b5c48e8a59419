"""The calculator's part of the case page: saved calculations and the way to compute one."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string

from jiefen.calculators import policies as P
from jiefen.calculators.models import Calculation
from jiefen.calculators.selectors import calculation_list_for_case
from jiefen.cases.panels import case_has_rows
from jiefen.cases.transitions import case_is_open


def case_rows() -> dict[str, Exists]:
    """The tables the panel reads, for the case page's one probe (`jiefen.cases.panels`)."""
    return {"calculators": Exists(Calculation.objects.filter(case=OuterRef("pk")))}


def case_panel(*, request, case) -> str:
    user = request.user
    if not P.VIEW.allows(user, case):
        return ""
    calculations = (
        list(calculation_list_for_case(case=case)[:5]) if case_has_rows(case, "calculators") else []
    )
    if not calculations and not case_is_open(case):
        return ""
    return render_to_string(
        "calculators/_case_panel.html",
        {
            "case": case,
            "calculations": calculations,
            "can_calculate": P.CALCULATE.holds(user),
        },
        request=request,
    )
