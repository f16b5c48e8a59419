"""The exchange's panel on the case page: with whom the case is exchanged and its outbox."""

from __future__ import annotations

from django.template.loader import render_to_string

from jiefen.exchange import policies as P
from jiefen.exchange.models import ExchangeLink, OutboxMessage
from jiefen.exchange.views import peers


def case_panel(*, request, case) -> str:
    link = ExchangeLink.objects.filter(case=case).first()
    may_send = P.SEND.allows(request.user, case)
    if link is None and not may_send:
        return ""
    outbox = list(OutboxMessage.objects.filter(case=case).order_by("-created_at", "-id")[:5])
    return render_to_string(
        "exchange/panel.html",
        {"link": link, "outbox": outbox, "case": case, "peers": peers(), "may_send": may_send},
        request=request,
    )
