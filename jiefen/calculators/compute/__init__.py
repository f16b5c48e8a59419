"""What a worker is owed: the arithmetic, with no database.

`calculate(inputs, figures, as_of=...)` returns one `Line` per item, each with its amount, the
formula with the numbers put in, and the articles it rests on. The figures that change (the local
average wage, Zhejiang's injury benefits, the minimum wage) come in as `Figures`, each with its
date and source; a line that used an unconfirmed figure says so. Amounts are rounded half up to
the fen once, at the end of each line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from jiefen.calculators.choices import COMPENSATED, NOTICE_REASONS, Item, Reason
from jiefen.calculators.compute.base import (  # noqa: F401 - the package's vocabulary
    CENT,
    DISABILITY_MONTHS,
    LAW_2008,
    PAY_DAYS,
    Figure,
    Figures,
    Inputs,
    Line,
    Result,
)
from jiefen.calculators.compute.dates import (  # noqa: F401
    Span,
    add_months,
    art47_months,
    before_2008_months,
    span,
)
from jiefen.calculators.compute.injury import injury
from jiefen.calculators.compute.limitation import limitation
from jiefen.calculators.compute.pay import (  # noqa: F401
    additional,
    annual_leave,
    double_wages,
    leave_days_entitled,
    overtime,
    unpaid_wages,
)
from jiefen.calculators.compute.severance import compensation, notice_pay


def calculate(
    inputs: Inputs,
    figures: Figures,
    *,
    as_of: dt.date,
    roll: Callable[[dt.date], dt.date] = lambda day: day,
) -> Result:
    """Every item the inputs call for. `as_of` is the day the claim is made (limitation);
    `roll` moves a last day that falls on a holiday to the next working day."""
    lines: list[Line] = []
    if inputs.unpaid_wages:
        lines.append(unpaid_wages(inputs))
    severance = None
    if inputs.end_date and inputs.start_date:
        if inputs.reason == Reason.UNLAWFUL:
            severance = compensation(inputs, figures, doubled=True)
        elif inputs.reason in COMPENSATED:
            severance = compensation(inputs, figures)
        if severance:
            lines.append(severance)
        if inputs.reason in NOTICE_REASONS and not inputs.notice_given:
            lines.append(notice_pay(inputs))
    if inputs.no_written_contract and inputs.start_date:
        lines.append(double_wages(inputs, as_of=as_of))
    overtime_line = None
    if (
        inputs.overtime_weekday_hours
        or inputs.overtime_restday_hours
        or inputs.overtime_holiday_hours
    ):
        overtime_line = overtime(inputs)
        lines.append(overtime_line)
    if inputs.leave_service_years is not None and inputs.start_date:
        lines.append(annual_leave(inputs, as_of=as_of))
    if inputs.administration_ordered:
        owed = [x for x in lines if x.key in (Item.UNPAID_WAGES, Item.OVERTIME, Item.COMPENSATION)]
        lines.append(additional(inputs, owed))
    if inputs.injury_grade:
        lines += injury(inputs, figures)
    used = _figures_used(figures, lines)
    return Result(
        lines=lines,
        warnings=limitation(inputs, lines, as_of=as_of, roll=roll),
        figures=used,
        as_of=as_of,
    )


def _figures_used(figures: Figures, lines: list[Line]) -> list[Figure]:
    keys = {x.key for x in lines}
    used = []
    if keys & {Item.COMPENSATION, Item.UNLAWFUL_TERMINATION}:
        used += [f for f in (figures.average_wage, figures.minimum_wage) if f]
    if keys & {Item.INJURY_DISABILITY, Item.INJURY_MEDICAL, Item.INJURY_EMPLOYMENT}:
        used += [f for f in (figures.injury_average_wage,) if f]
    return used
