"""The outreach panel on a case page: the employer on the registry and its warnings."""

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string

from jiefen.cases.panels import case_has_rows
from jiefen.outreach.models import EarlyWarning, Enterprise


def case_rows() -> dict[str, Exists]:
    """The tables the panel reads, for the case page's one probe (`jiefen.cases.panels`)."""
    employer = OuterRef("employer_id")
    return {
        "outreach_enterprise": Exists(Enterprise.objects.filter(employer_id=employer)),
        "outreach_warnings": Exists(EarlyWarning.objects.filter(employer_id=employer)),
    }


def case_panel(*, request, case) -> str:
    if case.employer_id is None:
        return ""
    enterprise = (
        Enterprise.objects.filter(employer_id=case.employer_id).first()
        if case_has_rows(case, "outreach_enterprise")
        else None
    )
    warnings = (
        list(EarlyWarning.objects.filter(employer_id=case.employer_id).order_by("-raised_at")[:5])
        if case_has_rows(case, "outreach_warnings")
        else []
    )
    if enterprise is None and not warnings:
        return ""
    return render_to_string(
        "outreach/case_panel.html",
        {"enterprise": enterprise, "warnings": warnings, "case": case},
        request=request,
    )
