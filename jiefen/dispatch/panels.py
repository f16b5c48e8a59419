"""The 110 linkage panel on the case page: the incident, its units and their arrival clocks."""

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from jiefen.cases.panels import case_has_rows
from jiefen.dispatch import policies as P
from jiefen.dispatch.models import DispatchOrder, Incident
from jiefen.dispatch.selectors import order_view


def case_rows() -> dict[str, Exists]:
    """The tables the panel reads, for the case page's one probe (`jiefen.cases.panels`)."""
    return {"dispatch_incident": Exists(Incident.objects.filter(case=OuterRef("pk")))}


def case_panel(*, request, case) -> str:
    if not case_has_rows(case, "dispatch_incident"):
        return ""
    incident = Incident.objects.filter(case=case).select_related("village__street").first()
    if incident is None:
        return ""
    now = timezone.now()
    orders = (
        DispatchOrder.objects.filter(incident=incident)
        .select_related("department", "assignee")
        .order_by("-unit_kind")
    )
    return render_to_string(
        "dispatch/_case_panel.html",
        {
            "incident": incident,
            "orders": [order_view(o, now=now) for o in orders],
            # The incident's own page is for the centre's dispatchers and the units.
            "may_view": P.VIEW.holds(request.user),
        },
        request=request,
    )
