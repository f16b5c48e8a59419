"""The portal's panel on the case page: the online application, its evidence, bookings."""

from __future__ import annotations

from django.template.loader import render_to_string

from jiefen.portal.models import Application, MediationBooking


def case_panel(*, request, case) -> str:
    application = Application.objects.filter(case=case).prefetch_related("evidence").first()
    bookings = list(MediationBooking.objects.filter(case=case, cancelled_at__isnull=True))
    if application is None and not bookings:
        return ""
    return render_to_string(
        "portal/panel.html",
        {"app": application, "bookings": bookings, "case": case},
        request=request,
    )
