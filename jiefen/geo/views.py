from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiefen.core.access import policy_required
from jiefen.geo import policies as P
from jiefen.geo.selectors import grid_overview, street_list


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
