"""The case page: the case, its clocks, one panel per track side by side, and the timeline.

A stand-in until the case-flow screens land: it shows what the track panels need."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from jiefen.cases.choices import Track
from jiefen.cases.clocks import clock_views
from jiefen.cases.selectors import case_detail_parts, case_get_for_user


def track_panels(*, request: HttpRequest, case) -> list:
    """Each app's `case_panel`, in app order; empty panels are left out."""
    panels = []
    for config in apps.get_app_configs():
        path = getattr(config, "case_panel", None)
        if path:
            html = import_string(path)(request=request, case=case)
            if html:
                panels.append(mark_safe(html))  # noqa: S308 - rendered by the app's own template
    return panels


@login_required
def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    parts = case_detail_parts(case=case)
    parts["clocks"] = clock_views(parts["clocks"])
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "panels": track_panels(request=request, case=case),
            "track_labels": [Track(t).label for t in case.tracks or [] if t in Track.values],
            **parts,
        },
    )
