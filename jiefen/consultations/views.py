"""The answer library's screens: the library, answering a consultation from it, reviewing."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.cases.selectors import case_get_for_user
from jiefen.cases.transitions import CASE_LIFECYCLE
from jiefen.consultations import policies as P
from jiefen.consultations.forms import ReviewForm, SearchForm, SendForm
from jiefen.consultations.selectors import answer_get, answer_search, answers_in_force
from jiefen.consultations.services import answer_review, answer_send, answer_text
from jiefen.core.access import policy_required
from jiefen.core.exceptions import ApplicationError


def _search(request: HttpRequest, *, limit: int = 10):
    form = SearchForm(request.GET)
    d = form.cleaned_data if form.is_valid() else {}
    answers = answer_search(query=d.get("q") or "", category=d.get("category") or "", limit=limit)
    return form, answers


@policy_required(P.LIBRARY)
def library_view(request: HttpRequest) -> HttpResponse:
    form, answers = _search(request, limit=50)
    today = timezone.localdate()
    return render(
        request,
        "consultations/library.html",
        {
            "form": form,
            "answers": answers,
            "count": answers_in_force().count(),
            "today": today,
            "can_review": P.REVIEW.holds(request.user),
            "review_form": ReviewForm(initial={"review_due": today + dt.timedelta(days=365)}),
        },
    )


@policy_required(P.REVIEW)
@require_POST
def answer_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    answer = answer_get(pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("consultations:library")
    try:
        answer_review(answer=answer, actor=request.user, review_due=form.cleaned_data["review_due"])
        messages.success(request, f"已复核：{answer.question}")
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    return redirect("consultations:library")


@policy_required(P.ANSWER)
def case_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Find an answer for a registered consultation, compose, and send it."""
    case = case_get_for_user(user=request.user, pk=pk)
    # The case lifecycle says whether this person may answer it now (registered, in scope).
    if not P.ANSWER.allows(request.user, case) or "answer" not in CASE_LIFECYCLE.available_actions(
        case, request.user
    ):
        messages.error(request, _("只有已登记、尚未受理的咨询可以用答复库答复。"))
        return redirect(case)
    if request.method == "POST":
        send = SendForm(request.POST)
        if send.is_valid():
            answer = answer_get(pk=send.cleaned_data["answer"])
            try:
                answer_send(
                    case=case,
                    answer=answer,
                    actor=request.user,
                    text=send.cleaned_data["text"],
                    sms=send.cleaned_data["sms"],
                )
            except ValidationError as e:
                for field, errs in e.message_dict.items() if hasattr(e, "error_dict") else []:
                    send.add_error(field if field in send.fields else None, errs)
            except ApplicationError as e:
                messages.error(request, e.message)
                return redirect(case)
            else:
                messages.success(
                    request,
                    "已答复咨询" + ("，并短信发送给咨询人" if send.cleaned_data["sms"] else ""),
                )
                return redirect(case)
        chosen = (
            answer_get(pk=send.cleaned_data["answer"]) if "answer" in send.cleaned_data else None
        )
        return _answer_page(request, case=case, chosen=chosen, send=send, status=400)
    chosen = None
    pick = request.GET.get("answer", "")
    if pick.isdigit() and len(pick) < 10:
        chosen = answer_get(pk=int(pick))
    send = SendForm(initial={"answer": chosen.pk, "text": answer_text(chosen)}) if chosen else None
    return _answer_page(request, case=case, chosen=chosen, send=send)


def _answer_page(request, *, case, chosen, send, status=200) -> HttpResponse:
    form, answers = _search(request)
    if not request.GET.get("q") and not request.GET.get("category"):
        # Start from what the consultation is about: its summary and category.
        answers = answer_search(
            query=case.summary, category=case.category, limit=5
        ) or answer_search(query=case.summary, limit=5)
    return render(
        request,
        "consultations/case_answer.html",
        {
            "case": case,
            "form": form,
            "answers": answers,
            "chosen": chosen,
            "send": send,
            "phone": next(
                (c.phone_masked for c in case.claimants.select_related("worker") if c.phone_masked),
                "",
            ),
        },
        status=status,
    )
