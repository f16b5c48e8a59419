from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiefen.audit import policies as P
from jiefen.audit.models import AuditAction
from jiefen.audit.selectors import audit_entry_changes, audit_object_label, audit_search
from jiefen.core.access import policy_required
from jiefen.geo.selectors import scope_is_everything


def _require_auditor(user) -> None:
    """The trail covers the whole installation, so only administrators and leaders whose scope
    holds all of it (with one district, the district's) read it."""
    district_wide = scope_is_everything(user)
    if not (user.is_superuser or (district_wide and user.role in ("administrator", "leader"))):
        raise PermissionDenied


@policy_required(P.SEARCH)
def audit_search_view(request: HttpRequest) -> HttpResponse:
    """Who saw and changed what: filter by person, action, object, time."""
    _require_auditor(request.user)
    entries = audit_search(
        actor=request.GET.get("actor", "").strip(),
        action=request.GET.get("action", ""),
        object_type=request.GET.get("object_type", "").strip(),
        object_id=request.GET.get("object_id", "").strip(),
        date_from=request.GET.get("from") or None,
        date_to=request.GET.get("to") or None,
        text=request.GET.get("q", "").strip(),
    )
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {
            "page": page,
            # Each entry with its changes in words (field names and choice labels).
            "rows": [(e, audit_object_label(e.object_type), audit_entry_changes(e)) for e in page],
            "actions": AuditAction.choices,
            "query": query.urlencode(),
        },
    )
