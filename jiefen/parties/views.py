"""Lookups for the intake form, and the audited reveal of a full identifier."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from jiefen.core.access import policy_required
from jiefen.parties import policies as P
from jiefen.parties.selectors import (
    employer_in_scope,
    employer_search,
    worker_in_scope,
    worker_search,
)
from jiefen.parties.services import party_reveal


@policy_required(P.LOOKUP)
@require_GET
def worker_lookup_view(request: HttpRequest) -> HttpResponse:
    """Suggestions as the clerk types: by identity number (anyone on file) or by name (in scope)."""
    id_number = request.GET.get("id_number", "").strip()
    name = request.GET.get("name", "").strip()
    if id_number:
        workers = (
            list(worker_search(user=request.user, query=id_number)) if len(id_number) == 18 else []
        )
    else:
        workers = list(worker_search(user=request.user, query=name)) if name else []
    items = [
        {
            "label": f"已在档：{w.name} {w.id_number_masked} {w.phone_masked}",
            # Picking a suggestion links the existing record; the full number never reaches the page.
            "fill": json.dumps({"id_name": w.name, "id_worker_id": w.pk}, ensure_ascii=False),
        }
        for w in workers
    ]
    return render(
        request, "parties/_suggestions.html", {"items": items, "empty": len(id_number) == 18}
    )


@policy_required(P.LOOKUP)
@require_GET
def employer_lookup_view(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("employer_code") or request.GET.get("employer_name") or "").strip()
    employers = list(employer_search(user=request.user, query=query)) if len(query) >= 2 else []
    items = [
        {
            "label": f"{e.name} {e.identifier}",
            "fill": json.dumps(
                {
                    "id_employer_name": e.name,
                    "id_employer_code": e.identifier,
                    "id_employer_legal_rep": e.legal_representative,
                },
                ensure_ascii=False,
            ),
        }
        for e in employers
    ]
    return render(request, "parties/_suggestions.html", {"items": items, "empty": False})


def _party_in_scope(request: HttpRequest, kind: str, pk: int):
    """A party the user may see: one on a case within their scope."""
    find = worker_in_scope if kind == "worker" else employer_in_scope
    party = find(user=request.user, pk=pk)
    if party is None:
        raise Http404
    return party


@policy_required(P.REVEAL)
@require_POST
def party_reveal_view(request: HttpRequest, kind: str, pk: int, field: str) -> HttpResponse:
    party = _party_in_scope(request, kind, pk)
    try:
        value = party_reveal(
            party=party,
            field=field,
            actor=request.user,
            reason=request.POST.get("reason") or "办案需要",
            request=request,
        )
    except ValidationError as e:
        return HttpResponse("；".join(e.messages), status=400)
    return render(request, "parties/_revealed.html", {"value": value})
