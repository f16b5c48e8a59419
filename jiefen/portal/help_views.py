"""Public self-help pages: what am I owed (the compensation calculator in plain words) and
政策问答 (the answer library). No login; nothing is stored."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiefen.calculators.forms import PlainCalculatorForm
from jiefen.calculators.services import calculation_run
from jiefen.calculators.words import result_words
from jiefen.cases.choices import Category
from jiefen.consultations.selectors import answer_get_public, answer_search
from jiefen.core.access import public


@public
def calculator(request: HttpRequest) -> HttpResponse:
    form = PlainCalculatorForm(request.POST if request.method == "POST" else None)
    result = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                result = result_words(calculation_run(inputs=form.inputs(), actor=None).as_json())
            except ValidationError as e:
                form.add_service_errors(e)
        if not form.is_valid():
            status = 400
    return render(
        request, "portal/calculator.html", {"form": form, "result": result}, status=status
    )


@public
def policy_answers(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    answers = answer_search(query=query, category=category, limit=30 if query else 0)
    return render(
        request,
        "portal/policy_answers.html",
        {"answers": answers, "q": query, "category": category, "categories": Category.choices},
    )


@public
def policy_answer(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "portal/policy_answer.html", {"a": answer_get_public(code=code[:40])})
