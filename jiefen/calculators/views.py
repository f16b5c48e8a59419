"""The calculator's screens: compute, print or download, save onto a case; saved calculations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.calculators import policies as P
from jiefen.calculators.compute import Inputs
from jiefen.calculators.documents import calculation_document
from jiefen.calculators.forms import CalculatorForm
from jiefen.calculators.selectors import calculation_get_for_user, parameters_in_force
from jiefen.calculators.services import calculation_run, calculation_save, claim_day
from jiefen.calculators.words import result_words
from jiefen.cases.selectors import case_get_for_user
from jiefen.core.access import policy_required
from jiefen.core.documents import document_docx_response, document_print_response
from jiefen.core.exceptions import ApplicationError

OUTPUTS = ("print", "docx")


def _case_from(request: HttpRequest):
    pk = request.POST.get("case") or request.GET.get("case")
    if not pk or not str(pk).isdigit() or len(str(pk)) > 12:
        return None
    return case_get_for_user(user=request.user, pk=int(pk))  # 404 outside the user's scope


def _page(request, *, form, case, result=None, status=200) -> HttpResponse:
    return render(
        request,
        "calculators/calculator.html",
        {
            "form": form,
            "case": case,
            "result": result,
            "can_save": case is not None and P.SAVE.allows(request.user, case),
        },
        status=status,
    )


@policy_required(P.CALCULATE)
def calculator_view(request: HttpRequest) -> HttpResponse:
    """GET: the form (for a case with ?case=); POST: the result, or its print page or Word file."""
    case = _case_from(request)
    if request.method != "POST":
        return _page(request, form=CalculatorForm(), case=case)
    form = CalculatorForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, case=case, status=400)
    inputs = form.inputs()
    as_of = claim_day(case=case, inputs=inputs) if case is not None else None
    try:
        result = calculation_run(inputs=inputs, actor=request.user, as_of=as_of)
    except ValidationError as e:
        form.add_service_errors(e)
        return _page(request, form=form, case=case, status=400)
    output = request.POST.get("output", "")
    if output in OUTPUTS:
        document = calculation_document(
            result=result.as_json(),
            case=case,
            made_by=request.user.display_name,
            day=timezone.localdate(),
        )
        if output == "docx":
            return document_docx_response(document)
        return document_print_response(request, document)
    return _page(request, form=form, case=case, result=result_words(result.as_json()))


@policy_required(P.SAVE)
@require_POST
def calculation_save_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the calculation on the case; with "as claims", its items become the case's claims."""
    case = case_get_for_user(user=request.user, pk=pk)
    form = CalculatorForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, case=case, status=400)
    try:
        calculation_save(
            case=case,
            actor=request.user,
            inputs=form.inputs(),
            as_claims=request.POST.get("as_claims") == "1",
        )
    except ValidationError as e:
        form.add_service_errors(e)
        return _page(request, form=form, case=case, status=400)
    except ApplicationError as e:
        messages.error(request, e.message)
        return _page(request, form=form, case=case, status=e.status_code)
    messages.success(
        request,
        _("计算结果已保存到案件，并设为请求事项")
        if request.POST.get("as_claims") == "1"
        else _("计算结果已保存到案件"),
    )
    return redirect(case)


@policy_required(P.VIEW)
def calculation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A saved calculation as it was computed; ?output=print or docx for the document."""
    calculation = calculation_get_for_user(user=request.user, pk=pk)
    output = request.GET.get("output", "")
    if output in OUTPUTS:
        document = calculation_document(
            result=calculation.result,
            case=calculation.case,
            made_by=calculation.created_by.display_name,
            day=timezone.localdate(calculation.created_at),
        )
        if output == "docx":
            return document_docx_response(document)
        return document_print_response(request, document)
    form = CalculatorForm(initial=CalculatorForm.initial_from(Inputs.from_json(calculation.inputs)))
    return render(
        request,
        "calculators/calculation.html",
        {"calculation": calculation, "result": result_words(calculation.result), "form": form},
    )


@policy_required(P.CALCULATE)
def parameters_view(request: HttpRequest) -> HttpResponse:
    """The parameters the calculator reads today, with their dates and sources."""
    return render(
        request,
        "calculators/parameters.html",
        {
            "rows": parameters_in_force(day=timezone.localdate()),
            "can_edit": P.PARAMETERS.holds(request.user),
        },
    )
