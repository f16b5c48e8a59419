"""Reads of saved calculations (within the reader's scope) and of the parameter table."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from jiefen.calculators.choices import ParameterKind
from jiefen.calculators.models import Calculation, Parameter
from jiefen.calculators.parameters import figures_on
from jiefen.cases.selectors import case_list_for_user


def calculation_list_for_case(*, case) -> QuerySet[Calculation]:
    return Calculation.objects.filter(case=case).select_related("created_by")


def calculation_get_for_user(*, user, pk: int) -> Calculation:
    """A saved calculation whose case the person may see; 404 otherwise."""
    qs = Calculation.objects.filter(case__in=case_list_for_user(user=user)).select_related(
        "case", "created_by"
    )
    return get_object_or_404(qs, pk=pk)


def parameters_in_force(*, day: dt.date) -> list[dict]:
    """What the calculator will read on `day`, for the page that shows its parameters."""
    figures = figures_on(day)
    rows = [
        (ParameterKind.AVERAGE_WAGE, figures.average_wage),
        (ParameterKind.MINIMUM_WAGE, figures.minimum_wage),
        (ParameterKind.INJURY_AVERAGE_WAGE, figures.injury_average_wage),
    ]
    shown = [{"kind": k, "label": k.label, "figure": f} for k, f in rows]
    for kind, table in (
        (ParameterKind.INJURY_MEDICAL, figures.injury_medical),
        (ParameterKind.INJURY_EMPLOYMENT, figures.injury_employment),
    ):
        for grade in range(5, 11):
            shown.append(
                {
                    "kind": kind,
                    "label": f"{kind.label} " + gettext("{grade}级").format(grade=grade),
                    "figure": table.get(grade),
                }
            )
    return shown


def parameter_rows() -> QuerySet[Parameter]:
    return Parameter.objects.select_related("confirmed_by")
