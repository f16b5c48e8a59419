"""Staff screens of the exchange: the outbox, and sending a case to the province."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.cases.selectors import case_get_for_user
from jiefen.core.access import policy_required
from jiefen.core.exceptions import ApplicationError
from jiefen.core.systems import system_options
from jiefen.exchange import policies as P
from jiefen.exchange.selectors import outbox_list
from jiefen.exchange.services import case_send_to_peer


def peers() -> list[str]:
    return sorted((getattr(settings, "JIEFEN_EXCHANGE_PEERS", {}) or {}).keys()) or ["zj-province"]


@policy_required(P.OUTBOX)
def outbox(request: HttpRequest) -> HttpResponse:
    f = {
        "state": request.GET.get("state", ""),
        "peer": request.GET.get("peer", ""),
        "sort": request.GET.get("sort", "-created"),
    }
    page = Paginator(outbox_list(user=request.user, **f), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exchange/outbox.html",
        {
            "page": page,
            "f": f,
            "peer_options": system_options(peers(), f["peer"]),
            "query": query.urlencode(),
        },
    )


@policy_required(P.SEND)
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    peer = request.POST.get("peer") or peers()[0]
    try:
        case_send_to_peer(case=case, peer=peer, actor=request.user)
        messages.success(request, _("已加入发往省平台的队列。"))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect(case)
