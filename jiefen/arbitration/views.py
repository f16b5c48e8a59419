"""Arbitration screens: the list, my hearings this week, one application with its actions, and
its documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiefen.arbitration import documents, forms, services
from jiefen.arbitration import policies as P
from jiefen.arbitration.choices import ApplicationStatus, Procedure, Source
from jiefen.arbitration.models import Hearing, Recusal, Service
from jiefen.arbitration.rules import documents_available
from jiefen.arbitration.selectors import (
    SORTS,
    ApplicationFilters,
    application_get_for_user,
    application_list,
    hearings_this_week,
    room_schedule,
)
from jiefen.arbitration.transitions import (
    HEARING_LIFECYCLE,
    RECUSAL_LIFECYCLE,
    application_offers,
)
from jiefen.cases.clocks import clock_views
from jiefen.cases.models import Clock
from jiefen.cases.selectors import case_get_for_user
from jiefen.cases.transitions import case_is_active
from jiefen.core.access import policy_required
from jiefen.core.documents import document_docx_response, document_print_response
from jiefen.core.exceptions import ApplicationError
from jiefen.workdays.services import working_week


@policy_required(P.VIEW)
def application_list_view(request: HttpRequest) -> HttpResponse:
    g = request.GET
    filters = ApplicationFilters(
        status=g.get("status", ""),
        source=g.get("source", ""),
        procedure=g.get("procedure", ""),
        q=g.get("q", "").strip(),
        sort=g.get("sort") if g.get("sort") in SORTS else "-received",
        mine=request.user.pk if g.get("mine") else None,
    )
    page = Paginator(application_list(user=request.user, filters=filters), 25).get_page(
        g.get("page")
    )
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "arbitration/list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": ApplicationStatus.choices,
            "sources": Source.choices,
            "procedures": Procedure.choices,
            "query": query.urlencode(),
            "mine": bool(g.get("mine")),
        },
    )


@policy_required(P.VIEW)
def hearings_week_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first, last = working_week(today)
    return render(
        request,
        "arbitration/hearings_week.html",
        {
            "hearings": hearings_this_week(user=request.user, day=today),
            "schedule": room_schedule(user=request.user, day=today),
            "week_first": first,
            "week_last": last,
            # Today is a rest day after the week's last working day: the page shows the next.
            "coming_week": first > today,
        },
    )


def _with_notice_checks(hearings, user) -> list:
    """Each hearing with its notice's service on each side, checked against the five-day rule,
    and the moves this person may make on it."""
    rows = list(hearings)
    for h in rows:
        h.offers = HEARING_LIFECYCLE.available_actions(h, user)
        h.notice_checks = list(services.hearing_notice_checks(h).items())
        # 第三十五条: a party may ask to postpone up to three days before the hearing.
        h.postpone_by = services.postponement_last_day(services.local_date(h.starts_at))
    return rows


def _context(request, application, **given) -> dict:
    case = application.case
    user = request.user
    f = forms
    recusals = list(application.recusals.select_related("arbitrator"))
    for r in recusals:
        r.offers = RECUSAL_LIFECYCLE.available_actions(r, user)
    implication = services.arbitration_outcome_implies(application)
    return {
        "offers": application_offers(application, user),
        "documents": documents_available(application),
        # The case action the outcome offers, on an active case, for those who may conclude it.
        "can_conclude": bool(implication.offer_action)
        and case_is_active(case)
        and P.CONCLUDE.allows(user, application),
        "application": application,
        "case": case,
        "clocks": clock_views(Clock.objects.filter(case=case, track="arbitration")),
        "members": application.members.filter(active=True).select_related("arbitrator"),
        "services": application.services.select_related("recorded_by"),
        "recusals": recusals,
        "hearings": _with_notice_checks(
            application.hearings.select_related("room").prefetch_related("seats__arbitrator"),
            request.user,
        ),
        "award_items": application.award_items.all(),
        "deadlines": services.party_deadlines(application),
        "implication": implication,
        "forms": {
            name: given.get(name) or cls()
            for name, cls in {
                "completion_notice": f.CompletionNoticeForm,
                "decline": f.DeclineForm,
                "serve": f.ServeForm,
                "defence": f.DefenceForm,
                "compose": f.ComposeForm,
                "convert": f.ConvertForm,
                "recusal_request": f.RecusalRequestForm,
                "book": f.BookForm,
                "suspend": f.SuspendForm,
                "extend": f.ExtendForm,
                "restart": f.RestartForm,
                "award": f.AwardForm,
                "mediate": f.TermsForm,
            }.items()
        },
    }


@policy_required(P.VIEW)
def application_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    return render(request, "arbitration/detail.html", _context(request, application))


@policy_required(P.FILE)
@require_POST
def application_file_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=case_pk)
    form = forms.FileForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        application = services.application_file(case=case, actor=request.user, **form.cleaned_data)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        return redirect(case)
    except ApplicationError as e:
        messages.error(request, e.message)
        return redirect(case)
    return redirect(application)


# Who may take each action (the service checks it again); the others are the tribunal's own.
ACTION_POLICIES = {"conclude": P.CONCLUDE}

ACTIONS = {
    "completion_notice": forms.CompletionNoticeForm,
    "complete": forms.EmptyForm,
    "accept": forms.EmptyForm,
    "decline": forms.DeclineForm,
    "serve": forms.ServeForm,
    "notice_end": forms.NoticeEndForm,
    "defence": forms.DefenceForm,
    "compose": forms.ComposeForm,
    "convert": forms.ConvertForm,
    "recusal_request": forms.RecusalRequestForm,
    "recusal_decide": forms.RecusalDecideForm,
    "book": forms.BookForm,
    "postpone": forms.PostponeForm,
    "hold": forms.HoldForm,
    "suspend": forms.SuspendForm,
    "resume": forms.EmptyForm,
    "extend": forms.ExtendForm,
    "restart": forms.RestartForm,
    "award": forms.AwardForm,
    "mediate": forms.TermsForm,
    "conclude": forms.ConcludeForm,
}


def _arbitrators(data) -> list:
    return [data[k] for k in ("arbitrator1", "arbitrator2", "arbitrator3") if data.get(k)]


def _run(action: str, *, application, actor, data: dict):  # noqa: C901 - one branch per action
    s = services
    a = {"application": application, "actor": actor}
    if action == "completion_notice":
        return s.application_completion_notice(**a, **data)
    if action == "complete":
        return s.application_complete(**a)
    if action == "accept":
        return s.application_accept(**a)
    if action == "decline":
        return s.application_decline(**a, **data)
    if action == "serve":
        return s.service_record(**a, **data)
    if action == "notice_end":
        service = get_object_or_404(Service, pk=data["service_id"], application=application)
        return s.service_notice_end(service=service, actor=actor)
    if action == "defence":
        return s.defence_receive(**a, **data)
    if action == "compose":
        return s.tribunal_compose(
            **a,
            procedure=data["procedure"],
            simplified_basis=data.get("simplified_basis") or "",
            arbitrators=_arbitrators(data),
        )
    if action == "convert":
        return s.tribunal_convert_to_ordinary(
            **a, arbitrators=_arbitrators(data), reason=data["reason"]
        )
    if action == "recusal_request":
        return s.recusal_request(**a, **data)
    if action == "recusal_decide":
        recusal = get_object_or_404(Recusal, pk=data.pop("recusal_id"), application=application)
        return s.recusal_decide(recusal=recusal, actor=actor, **data)
    if action in ("postpone", "hold"):
        hearing = get_object_or_404(Hearing, pk=data.pop("hearing_id"), application=application)
        fn = s.hearing_postpone if action == "postpone" else s.hearing_hold
        return fn(hearing=hearing, actor=actor, **data)
    if action == "book":
        return s.hearing_book(**a, **data)
    if action == "suspend":
        return s.application_suspend(**a, **data)
    if action == "resume":
        return s.application_resume(**a)
    if action == "extend":
        return s.award_extend(**a, **data)
    if action == "restart":
        return s.award_period_restart(**a, **data)
    if action == "award":
        items = [
            s.AwardItemInput(data[f"kind{n}"], data[f"description{n}"], data.get(f"amount{n}"))
            for n in (1, 2)
            if data.get(f"kind{n}") and data.get(f"description{n}")
        ]
        return s.award_issue(**a, items=items, text=data["text"])
    if action == "mediate":
        return s.application_mediate(**a, **data)
    if action == "conclude":
        return s.application_conclude_case(**a, **data)
    raise ValueError(action)


@policy_required(P.VIEW)
@require_POST
def application_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    form_class = ACTIONS.get(action)
    if form_class is None:
        raise Http404
    ACTION_POLICIES.get(action, P.PROCEED).check(request.user, application)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            _run(action, application=application, actor=request.user, data=dict(form.cleaned_data))
        except ValidationError as e:
            for field, errs in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        except ApplicationError as e:
            messages.error(request, e.message)
            return redirect(application)
        else:
            messages.success(request, "已保存")
            return redirect(application)
    context = _context(request, application, **{action: form})
    context["failed_action"] = action
    return render(request, "arbitration/detail.html", context, status=400)


DOCUMENTS = {
    "acceptance": documents.acceptance_notice,
    "decline": documents.decline_notice,
    "award": documents.award_document,
    "mediation": documents.mediation_statement,
    "extension": documents.extension_approval,
}


@policy_required(P.EXPORT)
def application_document_view(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    if kind == "hearing":
        hearing = get_object_or_404(Hearing, pk=request.GET.get("hearing"), application=application)
        document = documents.hearing_notice(hearing)
    else:
        if kind not in DOCUMENTS or kind not in documents_available(application):
            raise Http404
        document = DOCUMENTS[kind](application)
    if fmt == "docx":
        return document_docx_response(document)
    return document_print_response(request, document)
