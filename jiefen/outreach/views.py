"""Screens of the outreach track: thin views over selectors and services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.core.access import policy_required
from jiefen.core.choices import choice_options
from jiefen.core.exceptions import ApplicationError
from jiefen.geo.selectors import village_list_for_user
from jiefen.outreach import policies as P
from jiefen.outreach import selectors as sel
from jiefen.outreach import services
from jiefen.outreach.choices import (
    UNVISITED_PERIODS,
    CheckItem,
    CheckResult,
    EnterpriseKind,
    PlanStatus,
    Severity,
    WarningLevel,
    WarningRule,
    WarningStatus,
)
from jiefen.outreach.forms import (
    EnterpriseForm,
    FollowUpDoneForm,
    FollowUpForm,
    ImportForm,
    PhotoForm,
    PlanForm,
    RevealForm,
    VisitForm,
    WarningActForm,
    WarningConvertForm,
)
from jiefen.outreach.importing import enterprise_import, template_xlsx
from jiefen.outreach.transitions import PLAN_LIFECYCLE, WARNING_LIFECYCLE

PAGE_SIZE = 30


def _page(request: HttpRequest, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    q = request.GET.copy()
    q.pop("page", None)
    return q.urlencode()


def _form_errors(form, error: ValidationError) -> None:
    for field, msgs in error.message_dict.items():
        for message in msgs:
            form.add_error(field if field in form.fields else None, message)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@policy_required(P.VIEW)
def index_view(request: HttpRequest) -> HttpResponse:
    return redirect("outreach:board")


# --- registry ---------------------------------------------------------------------------------


@policy_required(P.VIEW)
def enterprise_list_view(request: HttpRequest) -> HttpResponse:
    g = request.GET
    filters = sel.EnterpriseFilters(
        kind=g.get("kind", ""),
        street=g.get("street", ""),
        grid=g.get("grid", ""),
        q=g.get("q", "").strip(),
        sort=g.get("sort", "village"),
    )
    return render(
        request,
        "outreach/enterprise_list.html",
        {
            "page": _page(request, sel.enterprise_list(user=request.user, filters=filters)),
            "filters": filters,
            "kinds": EnterpriseKind.choices,
            "grid_areas": sel.grid_areas_for_user(user=request.user),
            "query": _query_without_page(request),
        },
    )


def _enterprise_input(form: EnterpriseForm, enterprise=None) -> services.EnterpriseInput:
    d = form.cleaned_data
    return services.EnterpriseInput(
        name=d.get("name") or "",
        credit_code=d.get("credit_code") or "",
        kind=d["kind"],
        village=d["village"],
        address=d["address"],
        legal_representative=d.get("legal_representative") or "",
        headcount=d["headcount"],
        contact_name=d["contact_name"],
        contact_phone=d["contact_phone"],
        general_contractor=d["general_contractor"],
        project_name=d["project_name"],
        wage_guarantee=d["wage_guarantee"] or "none",
        wage_guarantee_amount=d["wage_guarantee_amount"],
        wage_account=d["wage_account"],
        real_name_registration=d["real_name_registration"],
        wage_notice_board=d["wage_notice_board"],
        planned_completion=d["planned_completion"],
    )


@policy_required(P.REGISTER)
def enterprise_create_view(request: HttpRequest) -> HttpResponse:
    villages = village_list_for_user(user=request.user)
    form = EnterpriseForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(
                actor=request.user, data=_enterprise_input(form)
            )
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, _("已登记到企业名册"))
            return redirect(enterprise)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "outreach/enterprise_form.html", {"form": form, "editing": False}, status=status
    )


@policy_required(P.REGISTER)
def enterprise_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = sel.enterprise_get_for_user(user=request.user, pk=pk)
    initial = {
        "name": enterprise.employer.name,
        "credit_code": enterprise.employer.credit_code,
        "kind": enterprise.kind,
        "village": enterprise.village_id,
        "address": enterprise.address,
        "headcount": enterprise.headcount,
        "contact_name": enterprise.contact_name,
        "version": enterprise.version,
        **{f: getattr(enterprise, f) for f in services.SITE_FIELDS},
    }
    form = EnterpriseForm(
        request.POST or None,
        initial=initial,
        villages=village_list_for_user(user=request.user),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(
                enterprise=enterprise,
                actor=request.user,
                data=_enterprise_input(form),
                version=form.cleaned_data["version"],
            )
        except ValidationError as e:
            _form_errors(form, e)
        except ApplicationError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("企业信息已更新"))
            return redirect(enterprise)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "outreach/enterprise_form.html",
        {"form": form, "editing": True, "enterprise": enterprise},
        status=status,
    )


def _enterprise_page(request, enterprise, **extra) -> HttpResponse:
    context = {
        "enterprise": enterprise,
        "plan_form": PlanForm(initial={"assignee": request.user.pk}),
        "reveal_form": RevealForm(),
        **sel.enterprise_detail_parts(enterprise=enterprise),
        **extra,
    }
    return render(request, "outreach/enterprise_detail.html", context)


@policy_required(P.VIEW)
def enterprise_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = sel.enterprise_get_for_user(user=request.user, pk=pk)
    return _enterprise_page(request, enterprise)


@policy_required(P.REVEAL)
@require_POST
def enterprise_reveal_view(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = sel.enterprise_get_for_user(user=request.user, pk=pk)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return _enterprise_page(request, enterprise, reveal_form=form)
    phone = services.enterprise_contact_reveal(
        enterprise=enterprise,
        actor=request.user,
        reason=form.cleaned_data["reason"],
        request=request,
    )
    return _enterprise_page(request, enterprise, revealed_phone=phone)


@policy_required(P.REGISTER)
def enterprise_import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report = enterprise_import(
                actor=request.user,
                content=form.cleaned_data["file"].read(),
                good_rows_only=form.cleaned_data["good_rows_only"],
            )
        except ValidationError as e:
            _form_errors(form, e)
            status = 400
        else:
            if report.imported:
                messages.success(request, _("已导入%(n)s家企业") % {"n": report.imported})
            elif report.bad_rows:
                status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request, "outreach/enterprise_import.html", {"form": form, "report": report}, status=status
    )


@policy_required(P.REGISTER)
def enterprise_template_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, "企业名册模板.xlsx")
    return response


# --- visits -----------------------------------------------------------------------------------


@policy_required(P.VISIT)
@require_POST
def plan_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = sel.enterprise_get_for_user(user=request.user, pk=pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _enterprise_page(request, enterprise, plan_form=form)
    try:
        services.visit_plan_create(actor=request.user, enterprise=enterprise, **form.cleaned_data)
    except ValidationError as e:
        _form_errors(form, e)
        return _enterprise_page(request, enterprise, plan_form=form)
    messages.success(request, _("已加入走访计划"))
    return redirect(enterprise)


@policy_required(P.VISIT)
@require_POST
def plan_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = sel.plan_get_for_user(user=request.user, pk=pk)
    try:
        services.visit_plan_cancel(plan=plan, actor=request.user)
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect("outreach:plans")


@policy_required(P.VIEW)
def plan_list_view(request: HttpRequest) -> HttpResponse:
    grid = request.GET.get("grid", "")
    status = request.GET.get("status", PlanStatus.PLANNED)
    page = _page(request, sel.plan_list(user=request.user, grid=grid, status=status))
    today = timezone.localdate()
    for plan in page:
        # What the plan's lifecycle offers this person: record the visit, cancel, or nothing.
        plan.actions = PLAN_LIFECYCLE.available_actions(plan, request.user)
        plan.overdue = "complete" in plan.actions and plan.planned_for < today
    return render(
        request,
        "outreach/plan_list.html",
        {
            "page": page,
            "grid": grid,
            "status": status,
            "statuses": PlanStatus.choices,
            "grid_areas": sel.grid_areas_for_user(user=request.user),
            "query": _query_without_page(request),
            "today": timezone.localdate(),
        },
    )


@policy_required(P.VISIT)
def visit_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = sel.enterprise_get_for_user(user=request.user, pk=pk)
    plan = None
    plan_id = request.GET.get("plan") or request.POST.get("plan")
    if plan_id and plan_id.isdigit():
        plan = sel.plan_get_for_user(user=request.user, pk=int(plan_id))
    form = VisitForm(
        request.POST or None,
        kind=enterprise.kind,
        initial={"visited_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            visit = services.visit_record(
                actor=request.user,
                enterprise=enterprise,
                visited_at=d["visited_at"],
                visitor=request.user,
                checklist=form.checklist(),
                findings=d["findings"],
                severity=d["severity"],
                headcount_seen=d["headcount_seen"],
                companions=d["companions"],
                plan=plan,
            )
        except ValidationError as e:
            _form_errors(form, e)
        except ApplicationError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("走访已记录"))
            return redirect(visit)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "outreach/visit_form.html",
        {"form": form, "enterprise": enterprise, "plan": plan},
        status=status,
    )


@policy_required(P.VIEW)
def visit_list_view(request: HttpRequest) -> HttpResponse:
    g = request.GET
    filters = sel.VisitFilters(
        grid=g.get("grid", ""),
        severity=g.get("severity", ""),
        kind=g.get("kind", ""),
        date_from=_date(g.get("date_from")),
        date_to=_date(g.get("date_to")),
        q=g.get("q", "").strip(),
        sort=g.get("sort", "-visited"),
    )
    return render(
        request,
        "outreach/visit_list.html",
        {
            "page": _page(request, sel.visit_list(user=request.user, filters=filters)),
            "filters": filters,
            "severities": Severity.choices,
            "kinds": EnterpriseKind.choices,
            "grid_areas": sel.grid_areas_for_user(user=request.user),
            "query": _query_without_page(request),
        },
    )


def _visit_page(request, visit, **extra) -> HttpResponse:
    context = {
        "visit": visit,
        "checks": [(item, visit.checklist.get(item)) for item in visit.checklist],
        "photos": list(visit.photos.all()),
        "check_items": CheckItem.choices,
        "check_results": CheckResult.choices,
        "follow_ups": list(visit.follow_ups.select_related("owner")),
        "photo_form": PhotoForm(),
        "follow_up_form": FollowUpForm(initial={"owner": request.user.pk}),
        "done_form": FollowUpDoneForm(),
        "warnings": list(visit.enterprise.warnings.order_by("-raised_at")[:5]),
        **extra,
    }
    return render(request, "outreach/visit_detail.html", context, status=extra.pop("status", 200))


@policy_required(P.VIEW)
def visit_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _visit_page(request, sel.visit_get_for_user(user=request.user, pk=pk))


@policy_required(P.VISIT)
@require_POST
def visit_photo_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = sel.visit_get_for_user(user=request.user, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.PHOTO_MAX_BYTES:
            form.add_error("file", _("照片不能超过10MB"))
        else:
            try:
                services.visit_photo_add(
                    visit=visit,
                    actor=request.user,
                    data=upload.read(),
                    caption=form.cleaned_data["caption"],
                )
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, _("照片已上传"))
                return redirect(visit)
    return _visit_page(request, visit, photo_form=form, status=400)


@policy_required(P.VIEW)
def photo_view(request: HttpRequest, pk: int) -> FileResponse:
    """A visit photo, only for those who may see the visit (the file is not in the web root)."""
    photo = sel.photo_get_for_user(user=request.user, pk=pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Content-Disposition"] = content_disposition_header(
        False, photo.file.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@policy_required(P.VISIT)
@require_POST
def follow_up_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = sel.visit_get_for_user(user=request.user, pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_create(visit=visit, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, _("已添加跟进事项"))
            return redirect(visit)
    return _visit_page(request, visit, follow_up_form=form, status=400)


@policy_required(P.VISIT)
@require_POST
def follow_up_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = sel.follow_up_get_for_user(user=request.user, pk=pk)
    form = FollowUpDoneForm(request.POST)
    form.is_valid()
    try:
        services.follow_up_done(
            follow_up=follow_up, actor=request.user, note=form.cleaned_data.get("note", "")
        )
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect(follow_up.visit)


@policy_required(P.VIEW)
def unvisited_view(request: HttpRequest) -> HttpResponse:
    areas = sel.grid_areas_for_user(user=request.user)
    grid = request.GET.get("grid") or (areas[0].code if len(areas) == 1 else "")
    days_raw = request.GET.get("days", "90")
    days = int(days_raw) if days_raw.isdigit() and int(days_raw) in UNVISITED_PERIODS else 90
    qs = sel.unvisited_list(user=request.user, grid_code=grid, days=days)
    return render(
        request,
        "outreach/unvisited.html",
        {
            "page": _page(request, qs),
            "grid": grid,
            "days": days,
            "periods": UNVISITED_PERIODS,
            "grid_areas": areas,
            "query": _query_without_page(request),
        },
    )


# --- warnings ---------------------------------------------------------------------------------


@policy_required(P.VIEW)
def board_view(request: HttpRequest) -> HttpResponse:
    g = request.GET
    filters = sel.WarningFilters(
        status=g.get("status", "open"),
        level=g.get("level", ""),
        rule=g.get("rule", ""),
        grid=g.get("grid", ""),
        street=g.get("street", ""),
        q=g.get("q", "").strip(),
        sort=g.get("sort", "-raised"),
    )
    board = sel.warning_board(user=request.user)
    return render(
        request,
        "outreach/board.html",
        {
            "board": board,
            "totals": sel.board_totals(board),
            "page": _page(request, sel.warning_list(user=request.user, filters=filters)),
            "filters": filters,
            "levels": WarningLevel.choices,
            "rules": WarningRule.choices,
            "statuses": WarningStatus.choices,
            "status_options": choice_options(
                [
                    ("open", _("未结（新、已签收、处置中）")),
                    ("", _("全部状态")),
                    *WarningStatus.choices,
                ],
                filters.status,
            ),
            "grid_areas": sel.grid_areas_for_user(user=request.user),
            "query": _query_without_page(request),
        },
    )


def _warning_page(request, warning, status: int = 200, **extra) -> HttpResponse:
    context = {
        "warning": warning,
        "events": list(warning.events.select_related("actor")),
        "act_form": WarningActForm(initial={"version": warning.version}),
        "convert_form": WarningConvertForm(
            initial={
                "summary": warning.reason,
                "category": "wage_arrears",
                "version": warning.version,
            }
        ),
        # What the lifecycle lets this person do now: the page offers these and nothing else.
        "actions": [
            t for t in WARNING_LIFECYCLE.available(warning, request.user) if t.action != "convert"
        ],
        "may_convert": "convert" in WARNING_LIFECYCLE.available_actions(warning, request.user),
        "statuses": WarningStatus.choices,
        **extra,
    }
    return render(request, "outreach/warning_detail.html", context, status=status)


@policy_required(P.VIEW)
def warning_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _warning_page(request, sel.warning_get_for_user(user=request.user, pk=pk))


@policy_required(P.WARNING)
@require_POST
def warning_act_view(request: HttpRequest, pk: int) -> HttpResponse:
    warning = sel.warning_get_for_user(user=request.user, pk=pk)
    form = WarningActForm(request.POST)
    if not form.is_valid():
        return _warning_page(request, warning, status=400, act_form=form)
    try:
        services.warning_act(warning=warning, actor=request.user, **form.cleaned_data)
    except ValidationError as e:
        _form_errors(form, e)
        return _warning_page(request, warning, status=400, act_form=form)
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect(warning)


@policy_required(P.CONVERT)
@require_POST
def warning_convert_view(request: HttpRequest, pk: int) -> HttpResponse:
    warning = sel.warning_get_for_user(user=request.user, pk=pk)
    form = WarningConvertForm(request.POST)
    if form.is_valid():
        try:
            case = services.warning_convert(
                warning=warning, actor=request.user, **form.cleaned_data
            )
        except ValidationError as e:
            _form_errors(form, e)
        except ApplicationError as e:
            messages.error(request, e.message)
            return redirect(warning)
        else:
            messages.success(request, _("已转为案件 %(number)s") % {"number": case.number})
            return redirect(warning)
    warning.refresh_from_db()
    return _warning_page(request, warning, status=400, convert_form=form)
