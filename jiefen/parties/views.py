"""Lookups for the intake form, and the audited reveal of a full identifier."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from jiefen.cases.selectors import case_list_for_user
from jiefen.parties.models import Employer, Worker
from jiefen.parties.selectors import employer_search, worker_search, workers_in_scope
from jiefen.parties.services import party_reveal


@login_required
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


@login_required
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
    if kind == "worker":
        # Not through a case that links them by identity number alone (an applicant's claim).
        return get_object_or_404(
            Worker, pk=pk, pk__in=workers_in_scope(user=request.user).values("pk")
        )
    cases = case_list_for_user(user=request.user)
    return get_object_or_404(Employer, pk=pk, pk__in=cases.values("employer"))


@login_required
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
