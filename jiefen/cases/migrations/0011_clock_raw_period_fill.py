"""Fill the raw period of the clocks started before the catalogue: unit and length from the rule,
the numbered notice kinds ("..._2") folded into their rule with a sequence number, and the gap
between the stored due date and the plain period's end read back as days paused (the arbitration
and inspection migrations then move their approved extensions from it into days extended). The
stored due dates are left as they are: a calendar load or the next move of a clock derives them
anew from the period."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

# The catalogue as it stood when this migration was written: kind -> (unit, length, max ext.).
RULES = {
    "intake_register": ("workdays", 1, 0),
    "intake_decide": ("workdays", 5, 0),
    "resolve_7_workdays": ("workdays", 7, 0),
    "mediation_15_days": ("calendar_days", 15, 0),
    "agreement_arbitral_review_15_days": ("calendar_days", 15, 0),
    "agreement_judicial_confirmation_30_days": ("calendar_days", 30, 0),
    "arbitration_acceptance_5_days": ("calendar_days", 5, 0),
    "arbitration_service_5_days": ("calendar_days", 5, 0),
    "arbitration_defence_10_days": ("calendar_days", 10, 0),
    "arbitration_defence_copy_5_days": ("calendar_days", 5, 0),
    "arbitration_composition_notice_5_days": ("calendar_days", 5, 0),
    "arbitration_award_45_days": ("calendar_days", 45, 15),
    "arbitration_simplified_30_days": ("calendar_days", 30, 0),
    "arbitration_one_month": ("months", 1, 0),
    "inspection_open_5_workdays": ("workdays", 5, 0),
    "inspection_60_workdays": ("workdays", 60, 30),
    "inspection_notice_3_workdays": ("workdays", 3, 0),
}
NOTICE = "inspection_notice_3_workdays"


class _Calendar:
    def __init__(self, apps):
        day = apps.get_model("workdays", "CalendarDay")
        self.holidays = set(day.objects.filter(kind="holiday").values_list("date", flat=True))
        self.workdays = set(day.objects.filter(kind="workday").values_list("date", flat=True))

    def is_workday(self, d: dt.date) -> bool:
        if d in self.workdays:
            return True
        return d not in self.holidays and d.weekday() < 5

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        n = 0
        while start < end:
            start += dt.timedelta(days=1)
            n += self.is_workday(start)
        return n

    def workday_add(self, start: dt.date, days: int) -> dt.date:
        while days:
            start += dt.timedelta(days=1)
            days -= self.is_workday(start)
        return start

    def next_workday(self, d: dt.date) -> dt.date:
        while not self.is_workday(d):
            d += dt.timedelta(days=1)
        return d


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError


def fill(apps, schema_editor):
    Clock = apps.get_model("cases", "Clock")
    tz = ZoneInfo(settings.TIME_ZONE)
    calendar = _Calendar(apps)
    published = set(
        apps.get_model("workdays", "CalendarYear")
        .objects.filter(published=True)
        .values_list("year", flat=True)
    )
    for clock in Clock.objects.all().iterator(chunk_size=1000):
        kind, seq = clock.kind, 1
        if kind.startswith(NOTICE + "_"):
            kind, seq = NOTICE, int(kind.rsplit("_", 1)[1])
        unit, length, _max = RULES.get(kind, ("calendar_days", 0, 0))
        start = clock.started_at.astimezone(tz).date()
        due = clock.due_at.astimezone(tz).date()
        if kind == "mediation_15_days":
            # Counted from the day the case was received, the day its raw period now starts.
            start = clock.case.received_at.astimezone(tz).date()
            clock.started_at = clock.case.received_at
        if unit == "workdays":
            end = calendar.workday_add(start, length)
            gap = calendar.workdays_between(end, due) if due > end else 0
            first = start + dt.timedelta(days=1)
        else:
            raw = _add_months(start, length) if unit == "months" else start + dt.timedelta(length)
            end = calendar.next_workday(raw)
            gap = (due - raw).days if due > end else 0
            first = min(raw, due)
        # Provisional: the count reaches a year whose holiday schedule is not published.
        clock.provisional = any(
            y not in published for y in range(min(first.year, due.year), due.year + 1)
        )
        # The tracks' own migrations move the approved extension out of this gap (they know it).
        clock.kind, clock.seq, clock.unit, clock.length = kind, seq, unit, length
        clock.days_extended, clock.days_paused = 0, gap
        clock.save(
            update_fields=[
                "kind",
                "seq",
                "unit",
                "length",
                "days_extended",
                "days_paused",
                "started_at",
                "provisional",
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_clock_raw_period"),
        ("workdays", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
