"""The exchange's panel on the case page: with whom the case is exchanged and its outbox."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string

from jiefen.cases.panels import case_has_rows
from jiefen.exchange import policies as P
from jiefen.exchange.models import ExchangeLink, OutboxMessage
from jiefen.exchange.views import peers


def case_rows() -> dict[str, Exists]:
    """The tables the panel reads, for the case page's one probe (`jiefen.cases.panels`)."""
    case = OuterRef("pk")
    return {
        "exchange_link": Exists(ExchangeLink.objects.filter(case=case)),
        "exchange_outbox": Exists(OutboxMessage.objects.filter(case=case)),
    }


def case_panel(*, request, case) -> str:
    link = (
        ExchangeLink.objects.filter(case=case).first()
        if case_has_rows(case, "exchange_link")
        else None
    )
    may_send = P.SEND.allows(request.user, case)
    if link is None and not may_send:
        return ""
    outbox = (
        list(OutboxMessage.objects.filter(case=case).order_by("-created_at", "-id")[:5])
        if case_has_rows(case, "exchange_outbox")
        else []
    )
    return render_to_string(
        "exchange/panel.html",
        {"link": link, "outbox": outbox, "case": case, "peers": peers(), "may_send": may_send},
        request=request,
    )
