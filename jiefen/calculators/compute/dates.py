"""Counting service: whole years, months, then days, both ends included."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_noop as N_

from jiefen.calculators.compute.said import Said, said
from jiefen.core.messages import Plural

# How the parts of a span stand side by side ("3年10天" / "3 years 10 days"), by which are there.
SPAN_JOINS = {
    ("years", "months", "days"): N_("%(years)s%(months)s%(days)s"),
    ("years", "months"): N_("%(years)s%(months)s"),
    ("years", "days"): N_("%(years)s%(days)s"),
    ("months", "days"): N_("%(months)s%(days)s"),
}

# ---------------------------------------------------------------- dates


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the 31st falls back to the month's last day."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Span:
    years: int
    months: int
    days: int

    def __str__(self) -> str:
        parts = [f"{self.years}年"] if self.years else []
        if self.months:
            parts.append(f"{self.months}个月")
        if self.days:
            parts.append(f"{self.days}天")
        return "".join(parts) or "0天"

    def said(self) -> Said:
        """The span as a message, read in the reader's language."""
        parts = {
            name: Plural(singular, singular, n)
            for name, singular, n in (
                ("years", N_("%(n)s年"), self.years),
                ("months", N_("%(n)s个月"), self.months),
                ("days", N_("%(n)s天"), self.days),
            )
            if n
        }
        if not parts:
            return said(N_("0天"))
        names = tuple(parts)
        return said(SPAN_JOINS.get(names, f"%({names[0]})s"), **parts)


def span(start: dt.date, last_day: dt.date) -> Span:
    """How long from `start` to `last_day`, both days worked: whole years, months, then days."""
    end = last_day + dt.timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    months = max(months, 0)
    days = (end - add_months(start, months)).days
    return Span(months // 12, months % 12, days)


def art47_months(s: Span) -> Decimal:
    """《劳动合同法》第四十七条第一款：每满一年一个月；六个月以上不满一年的按一年；不满六个月的半个月。
    "以上" includes the number itself, so six whole months count as a year."""
    if s.months >= 6:
        return Decimal(s.years + 1)
    if s.months or s.days:
        return Decimal(s.years) + Decimal("0.5")
    return Decimal(s.years)


def before_2008_months(s: Span) -> Decimal:
    """The rules before 2008: 每满一年一个月, and a part of a year counts as a year."""
    return Decimal(s.years + (1 if s.months or s.days else 0))
