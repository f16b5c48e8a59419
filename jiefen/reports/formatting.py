"""One way to show each figure, shared by the page, the xlsx and the docx, so the three agree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from jiefen.reports.definitions import DEFINITIONS, Ratio

# The figures of the monthly report and of the dashboard's cards, in their order.
KEY_FIGURES = (
    "received",
    "accepted",
    "carried_over",
    "concluded",
    "resolved",
    "resolution_rate",
    "within_7_workdays_rate",
    "arbitration_within_one_month_rate",
    "arbitration_within_45_days_rate",
    "mediation_success_rate",
    "arbitration_closure_rate",
    "police_arrival_within_15_min_rate",
    "inspection_arrival_within_20_min_rate",
    "handling_days_avg",
    "handling_days_median",
    "backlog",
    "overdue",
    "collective",
)
NO_DATA = "—"


def show(value) -> str:
    """A figure as text: counts as integers, rates as percentages, days and amounts with two
    decimals, nothing counted as a dash."""
    if value is None:
        return NO_DATA
    if isinstance(value, Ratio):
        return value.percent
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def ratio_text(value) -> str:
    if isinstance(value, Ratio):
        return f"{value.numerator}/{value.denominator}"
    return ""


def change(current, before) -> str:
    """The change from `before` to `current`: a difference for counts, percentage points for
    rates; a dash when either side has nothing counted."""
    if isinstance(current, Ratio) or isinstance(before, Ratio):
        a = current.value if isinstance(current, Ratio) else None
        b = before.value if isinstance(before, Ratio) else None
        if a is None or b is None:
            return NO_DATA
        points = round((a - b) * 100, 1)
        if points == 0:
            return _("持平")
        # Rates change by percentage points, said in words: "下降13.3个百分点", never "−13.3pp".
        pattern = _("上升%(n)s个百分点") if points > 0 else _("下降%(n)s个百分点")
        return pattern % {"n": f"{abs(points):.1f}"}
    if current is None or before is None:
        return NO_DATA
    diff = current - before
    if isinstance(diff, float):
        return f"{diff:+.2f}"
    return f"{diff:+,}"


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    value: str
    ratio: str
    previous: str = ""
    last_year: str = ""
    vs_previous: str = ""
    vs_last_year: str = ""
    definition: str = ""


def _value(summary: dict, key: str):
    return DEFINITIONS[key].value(summary)


def figure_rows(current: dict, previous: dict | None = None, last_year: dict | None = None):
    rows = []
    for key in KEY_FIGURES:
        d = DEFINITIONS[key]
        value = _value(current, key)
        row = {
            "key": key,
            "label": str(d.name),
            "value": show(value),
            "ratio": ratio_text(value),
            "definition": str(d.definition),
        }
        if d.beside:
            row["ratio"] = f"{current[d.beside]}人"
        if previous is not None:
            before = _value(previous, key)
            row["previous"] = show(before)
            row["vs_previous"] = change(value, before)
        if last_year is not None:
            before = _value(last_year, key)
            row["last_year"] = show(before)
            row["vs_last_year"] = change(value, before)
        rows.append(FigureRow(**row))
    return rows
