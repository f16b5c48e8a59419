from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from jiefen.core.access import policy_required
from jiefen.reports import links, selectors
from jiefen.reports import policies as P
from jiefen.reports.definitions import DEFINITIONS
from jiefen.reports.exports import DOCX_MIME, XLSX_MIME, report_title
from jiefen.reports.formatting import KEY_FIGURES, figure_rows
from jiefen.reports.models import ReportRun
from jiefen.reports.services import report_run_start

WALL_REFRESH_SECONDS = 300


def _filters(request: HttpRequest, *, user):
    """Period and street from the query string; a wrong value falls back with its message."""
    street = request.GET.get("street", "")
    streets = list(selectors.street_choices(user=user))
    if street and street not in {s.code for s in streets}:
        street = ""
    errors = {}
    try:
        period = selectors.period_from_params(
            period=request.GET.get("period", ""),
            date_from=request.GET.get("from", ""),
            date_to=request.GET.get("to", ""),
        )
    except ValidationError as exc:
        errors = exc.message_dict
        period = selectors.period_from_params()
    return period, street, streets, errors


def _chart_rows(rows: list[dict], url) -> list[dict]:
    return [{"name": r["label"], "value": r["count"], "url": url(r["key"])} for r in rows]


def _charts(*, figure_links: links.FigureLinks, parts, trend, arrivals, wall) -> dict:
    received = figure_links.received
    return {
        "wall": wall,
        "refresh": WALL_REFRESH_SECONDS if wall else 0,
        "status": _chart_rows(parts["status"], lambda k: received(status=k)),
        "category": _chart_rows(parts["category"], lambda k: received(category=k)),
        "channel": _chart_rows(parts["channel"], lambda k: received(channel=k)),
        "street": _chart_rows(parts["street"], lambda k: received(street=k)),
        "village": _chart_rows(parts["village"], lambda k: received(village=k)),
        "trend": {
            "months": [row["month"] for row in trend],
            "received": [row["received"] for row in trend],
            "urls": [
                figure_links.concluded(
                    selectors.Period.parse_month(row["month"]), status=links.CONCLUDED_STATES
                )
                for row in trend
            ],
            "series": [
                {
                    "key": key,
                    "name": str(DEFINITIONS[key].name),
                    "data": [
                        None if row[key].value is None else round(row[key].value * 100, 1)
                        for row in trend
                    ],
                }
                for key in (
                    "resolution_rate",
                    "within_7_workdays_rate",
                    "arbitration_within_one_month_rate",
                    "arbitration_within_45_days_rate",
                )
            ],
        },
        "arrival": arrivals,
    }


def app_panels(request: HttpRequest, *, period, street: str) -> list[str]:
    """Small panels other apps add to the dashboard (`dashboard_panel` on their AppConfig)."""
    panels = []
    for config in apps.get_app_configs():
        path = getattr(config, "dashboard_panel", None)
        if path:
            html = import_string(path)(
                request=request, start=period.start_at, end=period.end_at, street=street
            )
            if html:
                panels.append(html)
    return panels


@policy_required(P.DASHBOARD)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    period, street, streets, errors = _filters(request, user=user)
    wall = request.GET.get("wall") == "1"
    now = timezone.now()
    figures = selectors.summary(user=user, period=period, street=street, now=now)
    parts = selectors.breakdowns(user=user, period=period, street=street)
    trend = selectors.trend_cached(user=user, period=period, street=street)
    arrivals = selectors.arrival_distribution(user=user, period=period, street=street)
    figure_links = links.FigureLinks(period, street, own_area=not selectors.whole_district(user))
    urls = figure_links.figures()
    cards = [
        {"row": row, "url": urls[row.key], "definition": DEFINITIONS[row.key]}
        for row in figure_rows(figures)
    ]
    return render(
        request,
        "reports/dashboard.html",
        {
            "period": period,
            "street": street,
            "streets": streets,
            "errors": errors,
            "wall": wall,
            "cards": cards,
            "figures": figures,
            "overdue": selectors.overdue_list(user=user, street=street, now=now, limit=30),
            "app_panels": [] if wall else app_panels(request, period=period, street=street),
            "overdue_url": urls["overdue"],
            "charts": _charts(
                figure_links=figure_links,
                parts=parts,
                trend=trend,
                arrivals=arrivals,
                wall=wall,
            ),
            "definitions": [DEFINITIONS[k] for k in KEY_FIGURES],
            "month_value": f"{period.start:%Y-%m}",
            "from_value": period.start.isoformat() if not period.is_month else "",
            "to_value": period.end.isoformat() if not period.is_month else "",
            "now": now,
        },
    )


@policy_required(P.MONTHLY)
def monthly_view(request: HttpRequest) -> HttpResponse:
    """The monthly report as a printable page, with the background export's form and runs."""
    user = request.user
    month = request.GET.get("month") or f"{timezone.localdate():%Y-%m}"
    try:
        period = selectors.Period.parse_month(month)
    except ValidationError as exc:
        messages.error(request, exc.message_dict["period"][0])
        period = selectors.period_from_params()
    street = request.GET.get("street", "")
    streets = list(selectors.street_choices(user=user))
    if street and street not in {s.code for s in streets}:
        street = ""
    report = selectors.monthly_report(user=user, period=period, street=street)
    from jiefen.reports import exports

    return render(
        request,
        "reports/monthly.html",
        {
            "report": report,
            "title": report_title(report),
            "figure_header": exports.figure_header(),
            "figure_rows": exports.figure_table(report),
            "table_rows": exports.dispute_rows(report),
            "employer_rows": exports.employer_table(report),
            "major_rows": exports.major_table(report),
            "late_rows": exports.late_table(report),
            "sections": [(key, heading, header()) for key, heading, header, _r in exports.SECTIONS],
            "extra_sections": exports.all_sections(report)[len(exports.SECTIONS) :],
            "month_value": f"{period.start:%Y-%m}",
            "street": street,
            "streets": streets,
            "runs": ReportRun.objects.filter(requested_by=user).defer("xlsx", "docx")[:5],
        },
    )


@policy_required(P.MONTHLY)
@require_POST
def run_start_view(request: HttpRequest) -> HttpResponse:
    try:
        run = report_run_start(
            actor=request.user,
            month=request.POST.get("month", ""),
            street=request.POST.get("street", ""),
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return redirect(f"{reverse('reports:monthly')}?month={request.POST.get('month', '')}")
    return redirect("reports:run", pk=run.pk)


def _run_for(request: HttpRequest, pk: int) -> ReportRun:
    return get_object_or_404(
        ReportRun.objects.defer("xlsx", "docx"), pk=pk, requested_by=request.user
    )


@policy_required(P.MONTHLY)
def run_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_for(request, pk)
    template = "reports/_run_progress.html" if request.htmx else "reports/run.html"
    return render(request, template, {"run": run})


@policy_required(P.MONTHLY)
def run_download_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = get_object_or_404(ReportRun, pk=pk, requested_by=request.user)
    data = {"xlsx": run.xlsx, "docx": run.docx}.get(fmt)
    if not run.downloadable or data is None:
        raise Http404
    mime = XLSX_MIME if fmt == "xlsx" else DOCX_MIME
    response = HttpResponse(bytes(data), content_type=mime)
    from urllib.parse import quote

    name = quote(f"月度汇报-{run.month}.{fmt}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
