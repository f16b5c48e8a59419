"""The outreach panel on a case page: the employer on the registry and its warnings."""

from django.template.loader import render_to_string

from jiefen.outreach.models import EarlyWarning, Enterprise


def case_panel(*, request, case) -> str:
    if case.employer_id is None:
        return ""
    enterprise = Enterprise.objects.filter(employer_id=case.employer_id).first()
    warnings = list(
        EarlyWarning.objects.filter(employer_id=case.employer_id).order_by("-raised_at")[:5]
    )
    if enterprise is None and not warnings:
        return ""
    return render_to_string(
        "outreach/case_panel.html",
        {"enterprise": enterprise, "warnings": warnings, "case": case},
        request=request,
    )
