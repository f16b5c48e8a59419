"""Wages: unpaid wages, double wages for no written contract, overtime, annual leave, and
the labour administration's additional compensation."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from jiefen.calculators.choices import Item
from jiefen.calculators.compute.base import CENT, HOURS, PAY_DAYS, Inputs, Line, _n
from jiefen.calculators.compute.dates import add_months
from jiefen.calculators.compute.said import Said, said, yuan


def unpaid_wages(inputs: Inputs) -> Line:
    amount = inputs.unpaid_wages.quantize(CENT, ROUND_HALF_UP)
    return Line(
        key=Item.UNPAID_WAGES,
        label=str(Item.UNPAID_WAGES.label),
        amount=amount,
        formula=said(N_("按应发未发工资合计：%(amount)s"), amount=yuan(amount)),
        basis=said(N_("《劳动法》第五十条；《劳动合同法》第三十条")),
        plain=said(N_("单位应按月足额发给您的工资，没发的部分都可以要。")),
    )


def double_wages(inputs: Inputs, *, as_of: dt.date) -> Line:
    """《劳动合同法》第八十二条：from the second month of work to the twelfth (实施条例第六条、
    第七条), until the day before a written contract was signed, the employment ended, or today.
    The wage of each month was paid once; the difference is one more month's wage."""
    start = inputs.start_date
    assert start
    first = add_months(start, 1)  # the first day of the second month
    last = add_months(start, 12) - dt.timedelta(days=1)  # the last day of the twelfth month
    ends = [last, as_of]
    if inputs.contract_signed_on:
        ends.append(inputs.contract_signed_on - dt.timedelta(days=1))
    if inputs.end_date:
        ends.append(inputs.end_date)
    until = min(ends)
    wage = inputs.monthly_wage
    line = Line(
        key=Item.DOUBLE_WAGES,
        label=str(Item.DOUBLE_WAGES.label),
        amount=Decimal("0.00"),
        formula="",
        basis=said(N_("《劳动合同法》第十条、第八十二条；《劳动合同法实施条例》第六条、第七条")),
        plain=said(
            N_(
                "入职超过一个月还没签书面合同，从第二个月起到签合同前一天（最多到满一年），"
                "每月再多拿一倍工资。"
            )
        ),
    )
    if until < first:
        line.formula = said(
            N_("用工之日起一个月内已订立书面劳动合同（或尚未满一个月），不产生二倍工资")
        )
        return line
    months, fraction, note = _months_between(first, until)
    amount = (wage * (Decimal(months) + fraction)).quantize(CENT, ROUND_HALF_UP)
    line.amount = amount
    line.formula = said(
        N_("%(first)s至%(until)s，%(months)s个月%(note)s × %(wage)s = %(amount)s"),
        first=first,
        until=until,
        months=str(months),
        note=note,
        wage=yuan(wage),
        amount=yuan(amount),
    )
    if until == last and not inputs.contract_signed_on:
        line.notes.append(
            said(
                N_(
                    "满一年仍未订立书面合同的，视为已订立无固定期限劳动合同（第十四条第三款）；"
                    "二倍工资最多计十一个月"
                )
            )
        )
    return line


def _months_between(first: dt.date, until: dt.date) -> tuple[int, Decimal, Said | str]:
    """Whole months from `first` to `until` (both included), and the rest as a share of its
    month in calendar days."""
    end = until + dt.timedelta(days=1)
    months = 0
    while add_months(first, months + 1) <= end:
        months += 1
    rest = (end - add_months(first, months)).days
    if not rest:
        return months, Decimal(0), ""
    month_days = (add_months(first, months + 1) - add_months(first, months)).days
    note = said(N_("又%(rest)s天（按当月%(days)s天折算）"), rest=str(rest), days=str(month_days))
    return months, Decimal(rest) / Decimal(month_days), note


def overtime(inputs: Inputs) -> Line:
    """《劳动法》第四十四条：延长工作时间150 %，休息日不能补休200 %，法定休假日300 %。"""
    base = inputs.overtime_base or inputs.monthly_wage
    hourly = base / PAY_DAYS / HOURS
    rows = [
        (N_("工作日延时%(hours)s小时 × %(rate)s%%"), inputs.overtime_weekday_hours, Decimal("1.5")),
        (N_("休息日%(hours)s小时 × %(rate)s%%"), inputs.overtime_restday_hours, Decimal(2)),
        (N_("法定休假日%(hours)s小时 × %(rate)s%%"), inputs.overtime_holiday_hours, Decimal(3)),
    ]
    due = sum((hours * rate for _text, hours, rate in rows), Decimal(0)) * hourly
    payable = max(due - inputs.overtime_paid, Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    parts = [
        said(text, hours=_n(hours), rate=str(int(rate * 100)))
        for text, hours, rate in rows
        if hours
    ]
    params = {
        "base": yuan(base),
        "hourly": yuan(hourly),
        "parts": _plus(parts),
        "due": yuan(due),
        "payable": yuan(payable),
    }
    if inputs.overtime_paid:
        formula = said(
            N_(
                "小时工资 = %(base)s ÷ 21.75 ÷ 8 = %(hourly)s；（%(parts)s）× 小时工资 = %(due)s，"
                "减已付%(paid)s = %(payable)s"
            ),
            paid=yuan(inputs.overtime_paid),
            **params,
        )
    else:
        formula = said(
            N_(
                "小时工资 = %(base)s ÷ 21.75 ÷ 8 = %(hourly)s；（%(parts)s）× 小时工资 = %(due)s"
                " = %(payable)s"
            ),
            **params,
        )
    return Line(
        key=Item.OVERTIME,
        label=str(Item.OVERTIME.label),
        amount=payable,
        formula=formula,
        basis=said(
            N_(
                "《劳动法》第四十四条；《劳动合同法》第三十一条；劳社部发〔2008〕3号（月计薪天数21.75天）"
            )
        ),
        plain=said(N_("平时加班按1.5倍、周末加班又不补休按2倍、法定节假日加班按3倍的小时工资算。")),
        notes=[said(N_("休息日加班已安排补休的，不支付200%加班工资"))]
        if inputs.overtime_restday_hours
        else [],
    )


def _plus(parts: list[Said]) -> Said:
    """Terms added up: "a + b + c"."""
    joined = parts[0]
    for part in parts[1:]:
        joined = said(N_("%(a)s + %(b)s"), a=joined, b=part)
    return joined


def leave_days_entitled(service_years: int) -> int:
    """《职工带薪年休假条例》第三条：累计工作满1年不满10年5天，满10年不满20年10天，满20年15天。"""
    if service_years >= 20:
        return 15
    if service_years >= 10:
        return 10
    if service_years >= 1:
        return 5
    return 0


def annual_leave(inputs: Inputs, *, as_of: dt.date) -> Line:
    """Unused annual leave of the year employment ended (or, still employed, of last year):
    300 % of the daily wage, of which the 100 % already paid as wages is deducted, so 200 %
    (实施办法第十条); prorated by the days with this employer (第五条、第十二条), whole days only."""
    start = inputs.start_date
    assert start and inputs.leave_service_years is not None
    year = inputs.end_date.year if inputs.end_date else as_of.year - 1
    first = max(start, dt.date(year, 1, 1))
    last = min(inputs.end_date or dt.date(year, 12, 31), dt.date(year, 12, 31))
    entitled = leave_days_entitled(inputs.leave_service_years)
    days_here = max((last - first).days + 1, 0)
    whole_year = first == dt.date(year, 1, 1) and last == dt.date(year, 12, 31)
    taken = _n(inputs.leave_days_taken)
    if whole_year:
        owed = Decimal(entitled) - inputs.leave_days_taken
        how = said(
            N_("%(year)s年应休%(entitled)s天 − 已休%(taken)s天"),
            year=str(year),
            entitled=str(entitled),
            taken=taken,
        )
    else:
        owed = Decimal(days_here) / Decimal(365) * entitled - inputs.leave_days_taken
        how = said(
            N_(
                "%(year)s年在本单位%(here)s天 ÷ 365 × %(entitled)s天 − 已休%(taken)s天"
                " = %(owed)s天，不足一整天的部分不计"
            ),
            year=str(year),
            here=str(days_here),
            entitled=str(entitled),
            taken=taken,
            owed=str(owed.quantize(CENT, ROUND_HALF_UP)),
        )
    days = max(owed.to_integral_value(ROUND_FLOOR), Decimal(0))
    wage = inputs.leave_wage or inputs.monthly_wage
    daily = wage / PAY_DAYS
    amount = (daily * days * 2).quantize(CENT, ROUND_HALF_UP)
    line = Line(
        key=Item.ANNUAL_LEAVE,
        label=str(Item.ANNUAL_LEAVE.label),
        amount=amount,
        formula=said(
            N_(
                "累计工作%(years)s年，全年应休%(entitled)s天；%(how)s；"
                "未休%(days)s天 × 日工资（%(wage)s ÷ 21.75 = %(daily)s）× 200%% = %(amount)s"
            ),
            years=str(inputs.leave_service_years),
            entitled=str(entitled),
            how=how,
            days=_n(days),
            wage=yuan(wage),
            daily=yuan(daily),
            amount=yuan(amount),
        ),
        basis=said(
            N_(
                "《职工带薪年休假条例》第三条、第五条；"
                "《企业职工带薪年休假实施办法》第五条、第十条、第十一条、第十二条"
            )
        ),
        plain=said(
            N_(
                "累计工作满1年不满10年每年5天、满10年10天、满20年15天；"
                "没休的每天按日工资的2倍补（正常工资已发过一倍）。"
            )
        ),
    )
    if entitled == 0:
        line.notes.append(said(N_("累计工作不满一年，不享受年休假（条例第二条）")))
    return line


def additional(inputs: Inputs, owed: list[Line]) -> Line:
    """《劳动合同法》第八十五条：劳动行政部门责令限期支付，逾期不支付的，按应付金额50%以上100%以下
    加付赔偿金（劳动报酬、加班费、经济补偿）."""
    base = sum((x.amount or Decimal(0) for x in owed), Decimal(0))
    rate = Decimal(inputs.additional_rate) / 100
    amount = (base * rate).quantize(CENT, ROUND_HALF_UP)
    names = [Item(x.key) for x in owed] or gettext_lazy("无")
    return Line(
        key=Item.ADDITIONAL,
        label=str(Item.ADDITIONAL.label),
        amount=amount,
        formula=said(
            N_(
                "应付金额（%(names)s）%(base)s × %(rate)s%% = %(amount)s（可在%(low)s至%(high)s之间）"
            ),
            names=names,
            base=yuan(base),
            rate=str(inputs.additional_rate),
            amount=yuan(amount),
            low=yuan(base * Decimal("0.5")),
            high=yuan(base),
        ),
        basis=said(N_("《劳动合同法》第八十五条")),
        plain=said(
            N_("劳动监察责令单位限期支付而单位逾期不付的，单位还要加付应付金额一半到一倍的赔偿金。")
        ),
        notes=[said(N_("须由劳动行政部门责令限期支付而逾期不付，方可加付"))],
    )
