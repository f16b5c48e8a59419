"""Mediation screens: the list, my work list, one mediation with its actions, the agreement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jiefen.cases.selectors import case_get_for_user
from jiefen.cases.transitions import CASE_LIFECYCLE
from jiefen.core.access import policy_required
from jiefen.core.documents import document_docx_response, document_print_response
from jiefen.core.exceptions import ApplicationError
from jiefen.mediation import forms, services
from jiefen.mediation import policies as P
from jiefen.mediation.choices import MediationStatus, MediatorLevel
from jiefen.mediation.documents import agreement_document
from jiefen.mediation.models import AgreementItem
from jiefen.mediation.selectors import (
    SORTS,
    MediationFilters,
    mediation_get_for_user,
    mediation_list,
    mediations_due,
    mediator_candidates,
    payments_due,
)
from jiefen.mediation.transitions import (
    PAYMENT_LIFECYCLE,
    REVIEW_LIFECYCLE,
    mediation_offers,
)


@policy_required(P.VIEW)
def mediation_list_view(request: HttpRequest) -> HttpResponse:
    g = request.GET
    filters = MediationFilters(
        status=g.get("status", ""),
        level=g.get("level", ""),
        q=g.get("q", "").strip(),
        sort=g.get("sort", "-started") if g.get("sort") in SORTS else "-started",
        mediator=request.user.pk if g.get("mine") else None,
    )
    page = Paginator(mediation_list(user=request.user, filters=filters), 25).get_page(g.get("page"))
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "mediation/list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": MediationStatus.choices,
            "levels": MediatorLevel.choices,
            "query": query.urlencode(),
            "mine": bool(g.get("mine")),
        },
    )


@policy_required(P.VIEW)
def mediation_due_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mediation/due.html",
        {
            "mediations": mediations_due(user=request.user, within_days=7),
            "payments": payments_due(user=request.user)[:50],
        },
    )


def _detail_context(request, mediation, **forms_given) -> dict:
    user = request.user
    agreement = getattr(mediation, "agreement", None)
    items = list(agreement.items.all()) if agreement else []
    for item in items:
        item.offers = PAYMENT_LIFECYCLE.available_actions(item, user)
    implication = services.mediation_outcome_implies(mediation)
    case = mediation.case
    return {
        "mediation": mediation,
        "case": case,
        "sessions": mediation.sessions.select_related("recorded_by"),
        "agreement": agreement,
        "items": items,
        "offers": mediation_offers(mediation, user),
        "review_offers": REVIEW_LIFECYCLE.available_actions(agreement, user) if agreement else (),
        # The case action the outcome offers, when the case's table and this person allow it.
        "can_resolve": implication.offer_action == "resolve"
        and CASE_LIFECYCLE.allows_from("resolve", case.status)
        and P.CONCLUDE.allows(user, mediation),
        "implication": implication,
        "session_form": forms_given.get("session") or forms.SessionForm(),
        "agreement_form": forms_given.get("agree") or forms.AgreementForm(),
        "transfer_form": forms_given.get("transfer") or forms.TransferForm(),
        "refuse_form": forms_given.get("refuse") or forms.RefuseForm(),
        "payment_form": forms.PaymentForm(),
        "review_request_form": forms_given.get("review_request") or forms.ReviewRequestForm(),
        "review_decide_form": forms_given.get("review_decide") or forms.ReviewDecideForm(),
    }


@policy_required(P.VIEW)
def mediation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = mediation_get_for_user(user=request.user, pk=pk)
    return render(request, "mediation/detail.html", _detail_context(request, mediation))


@policy_required(P.START)
@require_POST
def mediation_start_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=case_pk)
    form = forms.StartForm(request.POST, candidates=mediator_candidates(case=case))
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(case)
    try:
        mediation = services.mediation_start(
            case=case, mediator=form.cleaned_data["mediator"], actor=request.user
        )
    except (ApplicationError, ValidationError) as e:
        messages.error(request, _message(e))
        return redirect(case)
    return redirect(mediation)


def _message(e: Exception) -> str:
    if isinstance(e, ValidationError):
        return "；".join(e.messages)
    return e.message


# Who may take each action (the service checks it again); the others are the mediators' own.
ACTION_POLICIES = {"resolve": P.CONCLUDE}

ACTIONS = {
    "session": forms.SessionForm,
    "agree": forms.AgreementForm,
    "pay": forms.PaymentForm,
    "review_request": forms.ReviewRequestForm,
    "review_decide": forms.ReviewDecideForm,
    "transfer": forms.TransferForm,
    "refuse": forms.RefuseForm,
    "resolve": forms.ResolveForm,
}


def _run(action: str, *, mediation, actor, data: dict):
    if action == "session":
        return services.session_record(mediation=mediation, actor=actor, **data)
    if action == "agree":
        items = [services.ItemInput(data["item"], data["amount"], data["due_on"])]
        if data.get("item2") and data.get("amount2") and data.get("due_on2"):
            items.append(services.ItemInput(data["item2"], data["amount2"], data["due_on2"]))
        return services.agreement_record(
            mediation=mediation,
            actor=actor,
            signed_on=data["signed_on"],
            terms=data["terms"],
            items=items,
            review_kind=data.get("review_kind") or "",
        )
    if action == "pay":
        item = get_object_or_404(AgreementItem, pk=data["item_id"], agreement__mediation=mediation)
        return services.agreement_payment_record(
            item=item, actor=actor, amount=data["amount"], paid_on=data["paid_on"]
        )
    if action == "review_request":
        return services.agreement_review_request(agreement=mediation.agreement, actor=actor, **data)
    if action == "review_decide":
        return services.agreement_review_decide(agreement=mediation.agreement, actor=actor, **data)
    if action == "transfer":
        return services.mediation_transfer(mediation=mediation, actor=actor, **data)
    if action == "refuse":
        return services.mediation_refuse(mediation=mediation, actor=actor, **data)
    if action == "resolve":
        return services.mediation_resolve_case(mediation=mediation, actor=actor, **data)
    raise ValueError(action)


@policy_required(P.VIEW)
@require_POST
def mediation_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    mediation = mediation_get_for_user(user=request.user, pk=pk)
    form_class = ACTIONS.get(action)
    if form_class is None:
        return HttpResponse(status=404)
    ACTION_POLICIES.get(action, P.MEDIATE).check(request.user, mediation)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            result = _run(action, mediation=mediation, actor=request.user, data=form.cleaned_data)
        except ValidationError as e:
            for field, errs in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        except ApplicationError as e:
            messages.error(request, e.message)
            return redirect(mediation)
        else:
            messages.success(request, _done(action))
            if action == "transfer":
                return redirect(result)
            return redirect(mediation)
    context = _detail_context(request, mediation, **{action: form})
    context["failed_action"] = action
    return render(request, "mediation/detail.html", context, status=400)


def _done(action: str) -> str:
    return {
        "session": "已记录调解过程",
        "agree": "已记录调解协议",
        "pay": "已记录履行情况",
        "review_request": "已记录审查确认申请",
        "review_decide": "已记录审查确认结果",
        "transfer": "调解不成，已转入仲裁",
        "refuse": "调解已终止，已短信告知申请人",
        "resolve": "案件已化解",
    }[action]


@policy_required(P.EXPORT)
def agreement_document_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    mediation = mediation_get_for_user(user=request.user, pk=pk)
    if not hasattr(mediation, "agreement"):
        return HttpResponse(status=404)
    P.EXPORT.check(request.user, mediation)
    document = agreement_document(mediation.agreement)
    if fmt == "docx":
        return document_docx_response(document)
    return document_print_response(request, document)
