"""The portal's village picker endpoint (jiefen/geo/forms.py VillagePicker): public, limited per
address, answering official names only."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from jiefen.audit.services import client_ip
from jiefen.core.access import public
from jiefen.core.exceptions import ApplicationError
from jiefen.geo.forms import candidates_json
from jiefen.portal import services


@public
@require_GET
def village_search(request: HttpRequest) -> JsonResponse:
    """Official names of the villages matching `q`."""
    try:
        found = services.village_lookup(
            query=request.GET.get("q") or "", client_ip=client_ip(request)
        )
    except ApplicationError as e:
        return JsonResponse({"results": [], "error": e.message}, status=e.status_code)
    return JsonResponse({"results": candidates_json(found, with_reason=False)})
