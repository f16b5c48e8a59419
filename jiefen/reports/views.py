from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiefen.core.access import policy_required, public
from jiefen.geo.models import Street
from jiefen.reports import charts, links, selectors
from jiefen.reports import policies as P
from jiefen.reports.definitions import DEFINITIONS
from jiefen.reports.exports import DOCX_MIME, XLSX_MIME, report_title
from jiefen.reports.formatting import KEY_FIGURES, figure_rows
from jiefen.reports.kiosk import KioskReader, kiosk_token_resolve, kiosk_token_sign
from jiefen.reports.models import KioskToken, ReportRun
from jiefen.reports.services import kiosk_token_issue, kiosk_token_revoke, report_run_start

# The wall screen reloads itself every minute (the kiosk's and a signed-in wall alike).
WALL_REFRESH_SECONDS = 60
# The clock kinds a wall screen shows (the most overdue first): more would not read at a distance.
WALL_CLOCK_KINDS = 8
# The figures a wall screen shows as cards, read from across the room.
WALL_FIGURES = (
    "received",
    "accepted",
    "concluded",
    "resolution_rate",
    "within_7_workdays_rate",
    "arbitration_within_one_month_rate",
    "backlog",
    "overdue",
    "collective",
)


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


def _trend(*, figure_links: links.FigureLinks, trend) -> dict:
    return {
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
            for key in TREND_RATES
        ],
    }


TREND_RATES = (
    "resolution_rate",
    "within_7_workdays_rate",
    "arbitration_within_one_month_rate",
    "arbitration_within_45_days_rate",
)


def chart_panels(
    *, figure_links: links.FigureLinks, parts, trend, arrivals, board, wall: bool
) -> list[charts.ChartPanel]:
    """The dashboard's charts, in the order drawn; the wall leaves the village ranking out (it
    would not fit without scrolling) and puts the clock board near the top."""
    received = figure_links.received
    panels = {
        "trend": charts.trend_panel(_trend(figure_links=figure_links, trend=trend)),
        "clocks": charts.clock_panel(
            board, figure_links.clock_running, limit=WALL_CLOCK_KINDS if wall else None
        ),
        "status": charts.breakdown_panel(
            "status",
            _("按状态"),
            _chart_rows(parts["status"], lambda k: received(status=k)),
            header=_("状态"),
        ),
        "category": charts.breakdown_panel(
            "category",
            _("按纠纷类别"),
            _chart_rows(parts["category"], lambda k: received(category=k)),
            header=_("类别"),
        ),
        "channel": charts.breakdown_panel(
            "channel",
            _("按来源渠道"),
            _chart_rows(parts["channel"], lambda k: received(channel=k)),
            header=_("渠道"),
            shape="pie",
        ),
        "arrival": charts.arrival_panel(arrivals, received(channel="police_110")),
        "street": charts.breakdown_panel(
            "street",
            _("按街道"),
            _chart_rows(parts["street"], lambda k: received(street=k)),
            header=_("街道"),
        ),
        "village": charts.breakdown_panel(
            "village",
            _("按村社（前20）"),
            _chart_rows(parts["village"], lambda k: received(village=k)),
            header=_("村社"),
            top=20,
        ),
    }
    order = (
        ["trend", "clocks", "status", "category", "channel", "street", "arrival"]
        if wall
        else ["trend", "status", "clocks", "category", "channel", "arrival", "street", "village"]
    )
    return [panels[key] for key in order]


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


def dashboard_context(
    request: HttpRequest, *, reader, period, street: str, wall: bool, kiosk: bool = False
) -> dict:
    """What the dashboard shows `reader` (a person, or a wall-screen pass's scope)."""
    data = selectors.dashboard_data(reader=reader, period=period, street=street, wall=wall)
    figures, parts, trend = data["figures"], data["parts"], data["trend"]
    arrivals, board = data["arrivals"], data["board"]
    figure_links = links.FigureLinks(period, street, own_area=not selectors.whole_district(reader))
    urls = figure_links.figures()
    panels = chart_panels(
        figure_links=figure_links,
        parts=parts,
        trend=trend,
        arrivals=arrivals,
        board=board,
        wall=wall,
    )
    if kiosk:
        # Read-only: nobody signed in can open a case list, so the wall carries no links.
        for panel in panels:
            panel.urls = [""] * len(panel.urls)
            panel.cell_urls = []
    shown = WALL_FIGURES if wall else None
    cards = [
        {"row": row, "url": urls[row.key], "definition": DEFINITIONS[row.key]}
        for row in figure_rows(figures)
        if shown is None or row.key in shown
    ]
    return {
        "base_template": "reports/wall_base.html" if kiosk else "base.html",
        "period": period,
        "street": street,
        "wall": wall,
        "kiosk": kiosk,
        "cards": cards,
        "figures": figures,
        "overdue": data["overdue"],
        "app_panels": [] if wall else app_panels(request, period=period, street=street),
        "overdue_url": urls["overdue"],
        "panels": panels,
        "charts": {
            "wall": wall,
            "refresh": WALL_REFRESH_SECONDS if wall else 0,
            "panels": {p.key: p.as_json() for p in panels},
        },
        "definitions": [DEFINITIONS[k] for k in KEY_FIGURES],
        "month_value": f"{period.start:%Y-%m}",
        "from_value": period.start.isoformat() if not period.is_month else "",
        "to_value": period.end.isoformat() if not period.is_month else "",
        "now": data["now"],
    }


@policy_required(P.DASHBOARD)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    period, street, streets, errors = _filters(request, user=user)
    wall = request.GET.get("wall") == "1"
    context = dashboard_context(request, reader=user, period=period, street=street, wall=wall)
    context.update(
        streets=streets,
        errors=errors,
        # The monthly report's button, for those whose role compiles it.
        may_compile=P.MONTHLY.holds(user),
        may_issue_kiosk=P.KIOSK.holds(user),
    )
    return render(request, "reports/dashboard.html", context)


@public
@require_GET
def kiosk_view(request: HttpRequest, token: str) -> HttpResponse:
    """A wall screen's page: the current month of the pass's scope, read-only, no sign-in and no
    session (nothing here reads or writes one), reloading itself every minute."""
    pass_ = kiosk_token_resolve(token)
    if pass_ is None:
        return render(request, "reports/kiosk_refused.html", status=403)
    period = selectors.period_from_params()
    context = dashboard_context(
        request,
        reader=KioskReader.of(pass_),
        period=period,
        street=pass_.street,
        wall=True,
        kiosk=True,
    )
    street_name = Street.objects.filter(code=pass_.street).values_list("name", flat=True).first()
    context.update(
        streets=[], errors={}, scope_name=street_name or _("全区"), kiosk_label=pass_.label
    )
    response = render(request, "reports/dashboard.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@policy_required(P.KIOSK)
def kiosk_list_view(request: HttpRequest) -> HttpResponse:
    """The wall-screen passes: issue one for the district or a street, see its URL, revoke it."""
    if request.method == "POST":
        try:
            kiosk_token_issue(
                actor=request.user,
                label=request.POST.get("label", ""),
                street=request.POST.get("street", ""),
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, _("已签发大屏令牌"))
        return redirect("reports:kiosks")
    tokens = list(KioskToken.objects.select_related("issued_by", "revoked_by"))
    for t in tokens:
        t.url = request.build_absolute_uri(reverse("reports:kiosk", args=[kiosk_token_sign(t)]))
    return render(
        request,
        "reports/kiosks.html",
        {"tokens": tokens, "streets": Street.objects.order_by("code")},
    )


@policy_required(P.KIOSK)
@require_POST
def kiosk_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(KioskToken, pk=pk)
    kiosk_token_revoke(actor=request.user, token=token)
    messages.success(request, _("已吊销大屏令牌“%(label)s”") % {"label": token.label})
    return redirect("reports:kiosks")


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
    response["Content-Disposition"] = content_disposition_header(
        True, f"月度汇报-{run.month}.{fmt}"
    )
    return response
