"""The figures a calculation reads, as they stood on a day.

Most live in this app's `Parameter` table. The monthly minimum wage is already kept, dated and
sourced, by arbitration (the cap of a final award, 《劳动争议调解仲裁法》第四十七条); a second
copy here would drift from it. Arbitration sits beside this app, not below it, so instead of
importing it the calculator asks whichever app declares a provider on its AppConfig:

    calculator_figures = {"minimum_wage": "jiefen.arbitration.selectors.minimum_wage_figure"}

A provider takes the day and returns a dict (value, effective_from, source, and confirmed when
the table records it) or None. A provider that does not say whether its figure was checked is
read as unconfirmed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.utils.module_loading import import_string

from jiefen.calculators.choices import ParameterKind
from jiefen.calculators.compute import Figure, Figures
from jiefen.calculators.models import Parameter

REGION = "杭州市"


def _figure(row: Parameter) -> Figure:
    return Figure(
        kind=row.kind,
        label=str(ParameterKind(row.kind).label),
        value=row.value,
        effective_from=row.effective_from,
        source=row.source,
        confirmed=row.confirmed,
        grade=row.grade,
    )


def provided_figure(kind: str, day: dt.date) -> Figure | None:
    """A figure another app keeps, through the provider it declares (see the module's note)."""
    for config in apps.get_app_configs():
        path = getattr(config, "calculator_figures", {}).get(kind)
        if not path:
            continue
        found = import_string(path)(day)
        if found:
            return Figure(
                kind=kind,
                label=str(ParameterKind(kind).label),
                value=Decimal(found["value"]),
                effective_from=found.get("effective_from"),
                source=found.get("source", ""),
                confirmed=bool(found.get("confirmed", False)),
            )
    return None


def figures_on(day: dt.date, *, region: str = REGION) -> Figures:
    """Each parameter's row in force on `day` (the latest that took effect on or before it)."""
    latest: dict[tuple[str, int | None], Parameter] = {}
    rows = Parameter.objects.filter(region=region, effective_from__lte=day).order_by(
        "kind", "grade", "-effective_from"
    )
    for row in rows:
        latest.setdefault((row.kind, row.grade), row)
    figures = Figures(minimum_wage=provided_figure(ParameterKind.MINIMUM_WAGE, day))
    for (kind, grade), row in latest.items():
        if kind == ParameterKind.AVERAGE_WAGE and grade is None:
            figures.average_wage = _figure(row)
        elif kind == ParameterKind.INJURY_AVERAGE_WAGE and grade is None:
            figures.injury_average_wage = _figure(row)
        elif kind == ParameterKind.INJURY_MEDICAL and grade:
            figures.injury_medical[grade] = _figure(row)
        elif kind == ParameterKind.INJURY_EMPLOYMENT and grade:
            figures.injury_employment[grade] = _figure(row)
    return figures
