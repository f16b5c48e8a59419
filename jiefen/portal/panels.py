"""The portal's panel on the case page: the online application, its evidence, bookings."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string

from jiefen.cases.panels import case_has_rows
from jiefen.portal.models import Application, MediationBooking


def case_rows() -> dict[str, Exists]:
    """The tables the panel reads, for the case page's one probe (`jiefen.cases.panels`)."""
    case = OuterRef("pk")
    return {
        "portal_application": Exists(Application.objects.filter(case=case)),
        "portal_bookings": Exists(
            MediationBooking.objects.filter(case=case, cancelled_at__isnull=True)
        ),
    }


def case_panel(*, request, case) -> str:
    application = (
        Application.objects.filter(case=case).prefetch_related("evidence").first()
        if case_has_rows(case, "portal_application")
        else None
    )
    bookings = (
        list(MediationBooking.objects.filter(case=case, cancelled_at__isnull=True))
        if case_has_rows(case, "portal_bookings")
        else []
    )
    if application is None and not bookings:
        return ""
    return render_to_string(
        "portal/panel.html",
        {"app": application, "bookings": bookings, "case": case},
        request=request,
    )
