from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jiefen.core.access import SIGNED_IN, policy_required, public
from jiefen.core.background import background_health


@public
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the background work is alive: the worker's heartbeat
    and the scheduler's last tick are recent and no task has waited too long in the queue; 503
    with the reasons when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        health = background_health()
    except DatabaseError as e:
        return JsonResponse(
            {"status": "unavailable", "reason": str(e).splitlines()[0][:200]}, status=503
        )
    if not health.ok:
        return JsonResponse(
            {"status": "unavailable", "reason": "; ".join(health.reasons), **health.detail},
            status=503,
        )
    return JsonResponse({"status": "ok", **health.detail})


@policy_required(SIGNED_IN)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@public
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every page that names no icon (documents, downloads)."""
    return redirect(static("core/favicon.svg"), permanent=True)
