from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiefen.core.access import policy_required
from jiefen.geo import policies as P
from jiefen.geo.forms import candidates_json
from jiefen.geo.gazetteer import village_search
from jiefen.geo.selectors import grid_overview, street_list, village_list_for_user

SEARCH_MAX_CHARS = 60


@policy_required(P.VIEW)
def grid_view(request: HttpRequest) -> HttpResponse:
    """Streets, grid areas, villages and the people serving each, within the user's scope."""
    street_code = request.GET.get("street") or None
    streets = grid_overview(user=request.user, street_code=street_code)
    return render(
        request,
        "geo/grid.html",
        {
            "streets": streets,
            "all_streets": street_list(user=request.user),
            "street_code": street_code,
        },
    )


@policy_required(P.VIEW)
@require_GET
def village_search_view(request: HttpRequest) -> JsonResponse:
    """The staff village picker's options: villages in the person's scope, with the reason each
    was found (name, pinyin initials, street, a road or place of its gazetteer)."""
    q = (request.GET.get("q") or "")[:SEARCH_MAX_CHARS]
    ids = set(village_list_for_user(user=request.user).values_list("pk", flat=True))
    found = village_search(q, village_ids=ids)
    return JsonResponse({"results": candidates_json(found, with_reason=True)})
