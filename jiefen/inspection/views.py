"""Screens of labor inspection: thin views that parse, fetch within scope, call one service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiefen.cases.selectors import case_get_for_user
from jiefen.cases.services import ClaimantInput
from jiefen.core.access import policy_required
from jiefen.core.documents import document_docx_response, document_print_response
from jiefen.core.exceptions import ApplicationError
from jiefen.geo.selectors import street_list, village_list_for_user
from jiefen.inspection import forms, selectors, services
from jiefen.inspection import policies as P
from jiefen.inspection.choices import ComplaintKind, InspectionStatus
from jiefen.inspection.documents import rectification_order_document
from jiefen.inspection.transitions import INSPECTION_LIFECYCLE, inspection_actions, order_actions
from jiefen.parties.services import employer_find_or_create


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form: type
    service: Callable[..., object]


# The form and the service of each action; whether it is offered is the lifecycle table's
# (jiefen.inspection.transitions), asked for each inspection and person.
FORMS: dict[str, tuple[type, Callable[..., object]]] = {
    "open": (forms.OpenForm, services.inspection_open),
    "decline": (forms.DeclineForm, services.inspection_decline),
    "site": (forms.SiteInspectionForm, services.site_inspection_record),
    "order": (forms.OrderForm, services.rectification_order_issue),
    "penalty": (forms.PenaltyForm, services.penalty_decide),
    "recovery": (forms.RecoveryForm, services.wage_recovery_record),
    "extend": (forms.ExtendForm, services.inspection_extend),
    "suspend": (forms.SuspendForm, services.inspection_suspend),
    "resume": (forms.ResumeForm, services.inspection_resume),
    "conclude": (forms.ConcludeForm, services.inspection_conclude),
}
ACTIONS = {
    name: Action(name, INSPECTION_LIFECYCLE.transitions[name].label, form, service)
    for name, (form, service) in FORMS.items()
}
# The case itself, once the inspection has its result: offered when the case's own table lets
# this person take the action the result implies.
ACTIONS["conclude_case"] = Action(
    "conclude_case",
    gettext_lazy("据监察结果办结案件"),
    forms.ConcludeCaseForm,
    services.inspection_conclude_case,
)


def _make_form(action: Action, inspection, data=None):
    if action.form is forms.RecoveryForm:
        return action.form(data, case=inspection.case, prefix=action.name)
    return action.form(data, prefix=action.name)


def _available(inspection, user) -> list[Action]:
    offered = set(inspection_actions(inspection, user))
    if services.inspection_case_action(inspection=inspection, user=user):
        offered.add("conclude_case")
    return [a for name, a in ACTIONS.items() if name in offered]


def _version(request: HttpRequest) -> int | None:
    """The version of the record the person's page showed (a hidden field of each form)."""
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _detail_context(request, inspection, bound=None) -> dict:
    bound = bound or {}
    parts = selectors.inspection_detail_parts(inspection=inspection)
    action_forms = [
        (a, bound.get(a.name) or _make_form(a, inspection))
        for a in _available(inspection, request.user)
    ]
    for order in parts["orders"]:
        order.offered = order_actions(order, request.user)
    return {
        "inspection": inspection,
        "case": inspection.case,
        "actions": action_forms,
        "follow_up_form": bound.get("follow_up") or forms.FollowUpForm(prefix="follow_up"),
        "compensation_form": bound.get("compensation")
        or forms.CompensationForm(prefix="compensation"),
        "notice_form": bound.get("notice") or forms.NoticeForm(prefix="notice"),
        # A notice owed is sent under the number of the case this one was merged into.
        "notice_offered": not INSPECTION_LIFECYCLE.held(inspection),
        "recovered_total": sum(r.amount for r in parts["recoveries"]),
        "implication": services.inspection_outcome_implies(inspection),
        **parts,
    }


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


@policy_required(P.LIST)
def inspection_list_view(request: HttpRequest) -> HttpResponse:
    """All inspections in scope, filtered, sorted, paginated."""
    f = selectors.InspectionFilters(
        status=request.GET.get("status", ""),
        kind=request.GET.get("kind", ""),
        street=request.GET.get("street", ""),
        anonymous=request.GET.get("anonymous") == "1",
        late=request.GET.get("late") == "1",
        q=request.GET.get("q", "").strip(),
        sort=request.GET.get("sort", "-received"),
    )
    qs = selectors.inspection_list(user=request.user, filters=f)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inspection/list.html",
        {
            "page": page,
            "filters": f,
            "statuses": InspectionStatus.choices,
            "kinds": ComplaintKind.choices,
            "streets": street_list(user=request.user),
            "query": query.urlencode(),
            "sorts": [
                ("-received", _("收到时间（新→旧）")),
                ("received", _("收到时间（旧→新）")),
                ("due", _("调查期限（近→远）")),
                ("number", _("案件编号")),
            ],
        },
    )


@policy_required(P.LIST)
def near_limit_view(request: HttpRequest) -> HttpResponse:
    """Work list: inspections within N working days of their 60-day limit, or past it."""
    try:
        days = max(0, min(60, int(request.GET.get("days", 10))))
    except ValueError:
        days = 10
    qs = selectors.inspections_near_limit(user=request.user, days=days)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "inspection/near_limit.html",
        {"page": page, "days": days, "now": timezone.now(), "query": f"days={days}"},
    )


@policy_required(P.VIEW)
def inspection_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get_for_user(user=request.user, pk=pk)
    return render(request, "inspection/detail.html", _detail_context(request, inspection))


# Its actions are the squad's, but for the case's conclusion, which whoever handles the case may
# take: each action's service checks its own policy.
@policy_required(P.VIEW)
@require_POST
def inspection_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    inspection = selectors.inspection_get_for_user(user=request.user, pk=pk)
    spec = ACTIONS.get(action)
    if spec is None:
        return redirect(inspection)
    form = _make_form(spec, inspection, request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        if spec.name == "site":
            data["inspectors"] = list(form.cleaned_data["inspectors"])
        try:
            if spec.name in FORMS:  # the inspection's own moves, against the version shown
                data["version"] = _version(request)
            spec.service(inspection=inspection, actor=request.user, **data)
        except ValidationError as e:
            _apply_errors(form, e)
        except (ApplicationError, PermissionDenied) as e:
            messages.error(request, getattr(e, "message", None) or str(e))
            return redirect(inspection)
        else:
            messages.success(request, _("已办理：%(what)s") % {"what": spec.label})
            return redirect(inspection)
    inspection = selectors.inspection_get_for_user(user=request.user, pk=pk)
    context = _detail_context(request, inspection, bound={spec.name: form})
    context["open_action"] = spec.name
    return render(request, "inspection/detail.html", context, status=400)


def _order_action(request, pk: int, *, form_class, prefix: str, call) -> HttpResponse:
    order = selectors.rectification_order_get_for_user(user=request.user, pk=pk)
    inspection = selectors.inspection_get_for_user(user=request.user, pk=order.inspection_id)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            call(order, form.cleaned_data)
        except ValidationError as e:
            _apply_errors(form, e)
        except (ApplicationError, PermissionDenied) as e:
            messages.error(request, getattr(e, "message", None) or str(e))
            return redirect(inspection)
        else:
            messages.success(request, _("已登记"))
            return redirect(inspection)
    context = _detail_context(request, inspection, bound={prefix: form})
    return render(request, "inspection/detail.html", context, status=400)


@policy_required(P.INVESTIGATE)
@require_POST
def order_follow_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_action(
        request,
        pk,
        form_class=forms.FollowUpForm,
        prefix="follow_up",
        call=lambda order, d: services.rectification_order_follow_up(
            order=order,
            actor=request.user,
            complied=d["complied"],
            note=d["note"],
            version=_version(request),
        ),
    )


@policy_required(P.INVESTIGATE)
@require_POST
def order_compensation_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_action(
        request,
        pk,
        form_class=forms.CompensationForm,
        prefix="compensation",
        call=lambda order, d: services.additional_compensation_order(
            order=order, actor=request.user, percent=d["percent"], version=_version(request)
        ),
    )


@policy_required(P.INVESTIGATE)
@require_POST
def notice_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    inspection = selectors.inspection_get_for_user(user=request.user, pk=notice.inspection_id)
    form = forms.NoticeForm(request.POST, prefix="notice")
    if form.is_valid():
        try:
            services.complainant_notice_send(
                notice=notice, actor=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as e:
            _apply_errors(form, e)
        except (ApplicationError, PermissionDenied) as e:
            messages.error(request, getattr(e, "message", None) or str(e))
            return redirect(inspection)
        else:
            messages.success(request, _("书面告知已送达投诉人"))
            return redirect(inspection)
    context = _detail_context(request, inspection, bound={"notice": form})
    return render(request, "inspection/detail.html", context, status=400)


@policy_required(P.DOCUMENT)
def order_document_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The rectification order as a Word file or a printable page."""
    order = selectors.rectification_order_get_for_user(user=request.user, pk=pk)
    document = rectification_order_document(order=order)
    if fmt == "docx":
        return document_docx_response(document)
    return document_print_response(request, document)


def _back_to_case(case) -> HttpResponse:
    """The case page, while the cases app has one; else the inspection list."""
    try:
        return redirect(case.get_absolute_url())
    except NoReverseMatch:
        return redirect("inspection:list")


@policy_required(P.RECEIVE)
@require_POST
def complaint_from_case_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=case_id)
    form = forms.FromCaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择投诉或举报"))
        return _back_to_case(case)
    try:
        inspection = services.complaint_receive_from_case(
            case=case, actor=request.user, kind=form.cleaned_data["kind"]
        )
    except (ApplicationError, PermissionDenied, ValidationError) as e:
        messages.error(
            request, getattr(e, "message", None) or "；".join(getattr(e, "messages", []))
        )
        return _back_to_case(case)
    return redirect(inspection)


@policy_required(P.RECEIVE)
def complaint_new_view(request: HttpRequest) -> HttpResponse:
    """Register a complaint or report made directly to the inspection squad."""
    villages = village_list_for_user(user=request.user).order_by("code")
    form = forms.ComplaintForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        complainants = []
        if d["complainant_name"]:
            complainants.append(
                ClaimantInput(
                    name=d["complainant_name"],
                    id_number=d["complainant_id_number"],
                    phone=d["complainant_phone"],
                    representative=True,
                )
            )
        try:
            employer = employer_find_or_create(
                name=d["employer_name"],
                credit_code=d["employer_credit_code"],
                village=d["village"],
            )
            inspection = services.complaint_receive_direct(
                actor=request.user,
                kind=d["kind"],
                anonymous=d["anonymous"],
                village=d["village"],
                employer=employer,
                allegation=d["allegation"],
                complainants=complainants,
                claims=[("拖欠工资", d["amount_owed"])] if d["amount_owed"] else None,
                violation_ended_on=d["violation_ended_on"],
            )
        except ValidationError as e:
            _apply_errors(form, e)
        except PermissionDenied as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("已登记，案件编号 %(n)s") % {"n": inspection.case.number})
            return redirect(inspection)
    status = 400 if request.method == "POST" else 200
    return render(request, "inspection/complaint_new.html", {"form": form}, status=status)
