"""The monthly report: its tables, title and the whole report."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    Prefetch,
    Q,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.accounts.choices import ScopeLevel
from jiefen.cases.models import MAJOR_CASE_Q, Assignment, Case, Clock
from jiefen.cases.selectors import handled_in_q
from jiefen.geo.models import City, GridArea, Province, Street, Village
from jiefen.reports.selectors.figures import summary
from jiefen.reports.selectors.periods import Period
from jiefen.reports.selectors.scope import cases_in_scope, clocks_in_scope


def top_employers(*, user, period: Period, street: str = "", limit: int = 10) -> list[dict]:
    """The employers with most disputes received in the period."""
    return list(
        cases_in_scope(user=user, street=street)
        .filter(
            received_at__gte=period.start_at,
            received_at__lt=period.end_at,
            employer__isnull=False,
        )
        .values("employer_id", "employer__name", "employer__credit_code")
        .annotate(
            cases=Count("*"),
            workers=Sum("claimant_count"),
            claim_total=Sum("claim_total"),
        )
        .order_by("-cases", "-claim_total", "employer__name")[:limit]
    )


def major_cases(*, user, period: Period, street: str = "", limit: int = 100) -> list[Case]:
    """Collective and major cases in hand during the period (received in it, or still open at
    its start): the same cases the figure 在办集体争议 counts (`handled_in_q`)."""
    return list(
        cases_in_scope(user=user, street=street)
        .filter(MAJOR_CASE_Q & handled_in_q(period.start_at, period.end_at))
        .select_related("village__street", "employer", "lead_department")
        .order_by("-claimant_count", "-received_at")[:limit]
    )


def late_clocks(
    *, user, period: Period, street: str = "", now: dt.datetime | None = None, limit: int = 200
) -> list[Clock]:
    """The clocks decided late in the period (fell due unmet), with their cases' owners."""
    now = now or timezone.now()
    return list(
        clocks_in_scope(user=user, street=street)
        .filter(
            Q(met_at__isnull=True, paused_at__isnull=True) | Q(met_at__gt=F("due_at")),
            cancelled=False,
            due_at__gte=period.start_at,
            due_at__lt=min(period.end_at, now),
        )
        .select_related("case__village__street")
        .prefetch_related(
            Prefetch(
                "case__assignments",
                queryset=Assignment.objects.filter(active=True).select_related("user"),
                to_attr="active_assignments",
            )
        )
        .order_by("due_at", "id")[:limit]
    )


def dispute_table(summary_row: dict) -> list[tuple[str, object]]:
    """The labor authorities' table layout (劳动人事争议处理情况), from a `summary`."""
    s = summary_row
    return [
        (_("上期未结案件数"), s["carried_over"]),
        (_("当期案件受理数"), s["accepted"]),
        (_("　其中：集体争议案件数"), s["collective_cases"]),
        (_("劳动者当事人数（人）"), s["workers"]),
        (_("　其中：集体争议劳动者人数（人）"), s["collective_workers"]),
        (_("结案数（办结）"), s["concluded"]),
        (_("　按结果：化解"), s["resolved"]),
        (_("　按结果：未化解"), s["unresolved"]),
        (_("调解组织办结数"), s["mediation_concluded"]),
        (_("　其中：调解成功"), s["mediation_agreed"]),
        (_("仲裁：上期未结数"), s["arbitration_carried_over"]),
        (_("仲裁：当期受理数"), s["arbitration_accepted"]),
        (_("仲裁：结案数"), s["arbitration_closed"]),
        (_("　按方式：仲裁调解"), s["arbitration_closed_mediated"]),
        (_("　按方式：仲裁裁决"), s["arbitration_closed_award"]),
        (_("　按方式：其他"), s["arbitration_closed_other"]),
        (_("仲裁：期末未结数"), s["arbitration_pending"]),
        (_("涉及金额（请求，元）"), s["claim_total"]),
        (_("挽回金额（元）"), s["amount_recovered"]),
        (_("期末未结案件数"), s["backlog"]),
    ]


@dataclass
class MonthlyReport:
    period: Period
    street: str
    scope_label: str
    current: dict
    previous: dict
    last_year: dict
    employers: list[dict]
    major: list[Case]
    late: list[Clock]
    generated_at: dt.datetime
    # Sections other apps add (`monthly_report_sections` on their AppConfig): (title, header, rows).
    extra: list[tuple[str, list[str], list[list[str]]]] = dataclasses.field(default_factory=list)

    @property
    def table(self) -> list[tuple[str, object]]:
        return dispute_table(self.current)


def scope_label(*, user, street: str = "") -> str:
    if street:
        name = Street.objects.filter(code=street).values_list("name", flat=True).first()
        return name or street
    level = getattr(user, "scope_level", ScopeLevel.DISTRICT)
    if getattr(user, "is_superuser", False) or level == ScopeLevel.DISTRICT:
        return _("全区")
    model = {
        ScopeLevel.PROVINCE: Province,
        ScopeLevel.CITY: City,
        ScopeLevel.STREET: Street,
        ScopeLevel.GRID: GridArea,
        ScopeLevel.VILLAGE: Village,
    }
    name = model[level].objects.filter(code=user.scope_code).values_list("name", flat=True)
    return name.first() or user.scope_code


def monthly_report(
    *, user, period: Period, street: str = "", now: dt.datetime | None = None, progress=None
) -> MonthlyReport:
    """The month's figures against the month before and the same month a year before, the
    employers with most disputes, the major and collective cases, the late clocks."""
    now = now or timezone.now()
    step = progress or (lambda percent, message: None)
    step(10, _("统计本月指标"))
    current = summary(user=user, period=period, street=street, now=now)
    step(30, _("统计上月与去年同月指标"))
    previous = summary(user=user, period=period.previous_month(), street=street, now=now)
    last_year = summary(user=user, period=period.same_month_last_year(), street=street, now=now)
    step(50, _("汇总用人单位、重大与集体案件、超期案件"))
    return MonthlyReport(
        period=period,
        street=street,
        scope_label=scope_label(user=user, street=street),
        current=current,
        previous=previous,
        last_year=last_year,
        employers=top_employers(user=user, period=period, street=street),
        major=major_cases(user=user, period=period, street=street),
        late=late_clocks(user=user, period=period, street=street, now=now),
        generated_at=now,
        extra=app_sections(user=user, period=period, street=street),
    )


def app_sections(*, user, period: Period, street: str = "") -> list:
    """The sections other apps add to the monthly report, in app order."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    found = []
    for config in apps.get_app_configs():
        path = getattr(config, "monthly_report_sections", None)
        if path:
            found += import_string(path)(
                user=user, start=period.start_at, end=period.end_at, street=street
            )
    return found
