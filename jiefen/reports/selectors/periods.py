"""The period a figure covers: a month, or from and to dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

# Years a period may fall in: outside them a date cannot be a dispute's, and the extremes would
# overflow the time-zone arithmetic.
MIN_YEAR, MAX_YEAR = 1990, 2999


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in the centre's time zone."""

    start: dt.date
    end: dt.date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(first, nxt - dt.timedelta(days=1))

    @classmethod
    def parse_month(cls, text: str) -> Period:
        try:
            year, month = (int(part) for part in text.split("-"))
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(year)
            return cls.month(year, month)
        except (ValueError, TypeError) as exc:
            raise ValidationError({"period": [_("月份格式应为 YYYY-MM")]}) from exc

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period (exclusive bound)."""
        return timezone.make_aware(
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min)
        )

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self == Period.month(self.start.year, self.start.month)

    @property
    def key(self) -> str:
        if self.is_month:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d}~{self.end:%Y-%m-%d}"

    @property
    def label(self) -> str:
        """The period in the reader's language: 2025年3月 / March 2025."""
        if self.is_month:
            return formats.date_format(self.start, "YEAR_MONTH_FORMAT")
        return _("%(start)s 至 %(end)s") % {
            "start": f"{self.start:%Y-%m-%d}",
            "end": f"{self.end:%Y-%m-%d}",
        }

    def previous_month(self) -> Period:
        first = self.start.replace(day=1) - dt.timedelta(days=1)
        return Period.month(first.year, first.month)

    def same_month_last_year(self) -> Period:
        return Period.month(self.start.year - 1, self.start.month)

    def months(self) -> list[Period]:
        """The calendar months this period touches, first to last."""
        out, cursor = [], self.start.replace(day=1)
        while cursor <= self.end:
            month = Period.month(cursor.year, cursor.month)
            out.append(month)
            cursor = month.end + dt.timedelta(days=1)
        return out

    def months_back(self, count: int) -> Period:
        """The `count` whole months ending with this period's last month."""
        year, month = self.end.year, self.end.month - (count - 1)
        while month < 1:
            month += 12
            year -= 1
        return Period(dt.date(year, month, 1), Period.month(self.end.year, self.end.month).end)


def period_from_params(
    *, period: str = "", date_from: str = "", date_to: str = "", today: dt.date | None = None
) -> Period:
    """`period=YYYY-MM`, or `from`/`to` dates; the current month when neither is given."""
    today = today or timezone.localdate()
    if period:
        return Period.parse_month(period)
    if date_from or date_to:
        errors: dict[str, list[str]] = {}
        parsed: dict[str, dt.date] = {}
        for name, text in (("from", date_from), ("to", date_to)):
            try:
                parsed[name] = dt.date.fromisoformat(text)
                if not MIN_YEAR <= parsed[name].year <= MAX_YEAR:
                    raise ValueError(text)
            except ValueError:
                errors[name] = [_("日期格式应为 YYYY-MM-DD")]
        if errors:
            raise ValidationError(errors)
        if parsed["from"] > parsed["to"]:
            raise ValidationError({"to": [_("结束日期不能早于开始日期")]})
        if (parsed["to"] - parsed["from"]).days > 3660:
            raise ValidationError({"to": [_("统计期不能超过十年")]})
        return Period(parsed["from"], parsed["to"])
    return Period.month(today.year, today.month)
