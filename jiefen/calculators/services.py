"""Computing what a worker is owed, and keeping a calculation on a case as its claims."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.calculators import policies as P
from jiefen.calculators.choices import COMPENSATED, Reason
from jiefen.calculators.compute import Inputs, Result, calculate
from jiefen.calculators.models import Calculation
from jiefen.calculators.parameters import figures_on
from jiefen.cases.choices import EventKind
from jiefen.cases.models import Case
from jiefen.cases.services import case_claims_replace, case_event_add
from jiefen.core.messages import Amount, phrase
from jiefen.core.policy import guarded, internal
from jiefen.workdays.services import workday_calendar

# Dates a calculation accepts: nobody working today started before 1950.
EARLIEST = dt.date(1950, 1, 1)
# Amounts stay within the 14 digits they are saved in (see forms.MONEY).
WAGE_MAX = Decimal(10**6)
AMOUNT_MAX = Decimal(10**8)


@internal
def inputs_check(inputs: Inputs, *, as_of: dt.date) -> None:
    """Refuse inputs that cannot describe a real employment, each with its field and reason."""
    errors: dict[str, list[str]] = {}

    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not 0 < inputs.monthly_wage <= WAGE_MAX:
        bad("monthly_wage", _("请填写大于0、不超过100万元的月工资"))
    for name in (
        "unpaid_wages",
        "overtime_paid",
        "last_month_wage",
        "overtime_base",
        "leave_wage",
        "injury_wage",
    ):
        value = getattr(inputs, name)
        if value is not None and value > AMOUNT_MAX:
            bad(name, _("金额超出范围"))
    for name in ("start_date", "end_date", "contract_signed_on", "knew_on"):
        day = getattr(inputs, name)
        if day is not None and not EARLIEST <= day <= as_of + dt.timedelta(days=366):
            bad(name, _("日期不在合理范围内"))
    start, end = inputs.start_date, inputs.end_date
    if start and end and end < start:
        bad("end_date", _("离职日期不能早于入职日期"))
    if start and start > as_of:
        bad("start_date", _("入职日期不能晚于计算日期"))
    if inputs.reason not in Reason.values:
        bad("reason", _("未知的离职情形"))
    elif inputs.reason != Reason.ONGOING and end is None:
        bad("end_date", _("已离职的，请填写劳动关系解除或终止的日期"))
    elif inputs.reason == Reason.ONGOING and end is not None:
        bad("reason", _("填写了离职日期的，请选择离职情形"))
    if (inputs.reason in COMPENSATED or inputs.reason == Reason.UNLAWFUL) and start is None:
        bad("start_date", _("计算经济补偿须填写入职日期"))
    if inputs.no_written_contract and start is None:
        bad("start_date", _("计算二倍工资须填写入职日期"))
    if inputs.contract_signed_on and start and inputs.contract_signed_on < start:
        bad("contract_signed_on", _("补签日期不能早于入职日期"))
    if inputs.leave_service_years is not None:
        if start is None:
            bad("start_date", _("计算年休假须填写入职日期"))
        if not 0 <= inputs.leave_service_years <= 60:
            bad("leave_service_years", _("累计工作年限应在0到60年之间"))
    if not 50 <= inputs.additional_rate <= 100:
        bad("additional_rate", _("加付赔偿金比例应在50%到100%之间（第八十五条）"))
    if inputs.injury_grade is not None and not 1 <= inputs.injury_grade <= 10:
        bad("injury_grade", _("伤残等级应为1至10级"))
    for name in (
        "unpaid_wages",
        "overtime_weekday_hours",
        "overtime_restday_hours",
        "overtime_holiday_hours",
        "overtime_paid",
        "leave_days_taken",
    ):
        if getattr(inputs, name) < 0:
            bad(name, _("不能为负数"))
    if errors:
        raise ValidationError(errors)


@guarded(P.CALCULATE)
def calculation_run(*, inputs: Inputs, actor=None, as_of: dt.date | None = None) -> Result:
    """What the inputs come to, with the parameters in force when the employment ended (or on
    `as_of`, still employed). Writes nothing; the portal calls it with no person acting."""
    as_of = as_of or timezone.localdate()
    inputs_check(inputs, as_of=as_of)
    calendar = workday_calendar()
    return calculate(
        inputs,
        figures_on(inputs.end_date or as_of),
        as_of=as_of,
        roll=calendar.next_workday,
    )


@internal
def claim_day(*, case: Case, inputs: Inputs) -> dt.date:
    """The day a claim on this case counts as made, for limitation: when the case was received
    (or the employment's end, if that came later)."""
    received = timezone.localtime(case.received_at).date()
    return max(received, inputs.end_date or received)


@guarded(P.SAVE, on="case")
@transaction.atomic
def calculation_save(*, case: Case, actor, inputs: Inputs, as_claims: bool = True) -> Calculation:
    """Keep a calculation on the case, as of the day the case was received (limitation counts
    to the claim); with `as_claims`, its items become the case's claims."""
    result = calculation_run(inputs=inputs, actor=actor, as_of=claim_day(case=case, inputs=inputs))
    claims = [(x.label, x.amount) for x in result.lines if x.claim and x.amount]
    if as_claims and not claims:
        raise ValidationError({"inputs": [_("没有可作为请求事项的金额")]})
    calculation = Calculation.objects.create(
        case=case,
        inputs=inputs.as_json(),
        result=result.as_json(),
        total=result.total,
        as_claims=as_claims,
        created_by=actor,
        created_at=timezone.now(),
    )
    if as_claims:
        case_claims_replace(
            case=case,
            actor=actor,
            claims=claims,
            source=_("按赔偿计算"),
            data={"calculation": calculation.pk},
        )
    else:
        case_event_add(
            case=case,
            actor=actor,
            kind=EventKind.NOTE,
            summary=phrase(N_("保存赔偿计算：合计%(total)s"), total=Amount(result.total)),
            data={"calculation": calculation.pk},
        )
    return calculation
