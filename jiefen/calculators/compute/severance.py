"""Economic compensation N, 2N for an unlawful dismissal, and pay in lieu of notice."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop as N_

from jiefen.calculators.choices import BEFORE_2008, Item, Reason
from jiefen.calculators.compute.base import CENT, LAW_2008, Figures, Inputs, Line, _n
from jiefen.calculators.compute.dates import art47_months, before_2008_months, span
from jiefen.calculators.compute.said import said, yuan


def _wage_for_compensation(inputs: Inputs, figures: Figures) -> tuple[Decimal, bool, Line]:
    """The monthly wage for N after the minimum-wage floor and the 3× cap; whether it was
    capped; a line carrying the notes and caveats so far."""
    line = Line(key="", label="", amount=None, formula="", basis="")
    wage = inputs.monthly_wage
    floor = figures.minimum_wage
    if floor and wage < floor.value:
        line.notes.append(
            said(
                N_(
                    "月平均工资低于当地最低工资标准%(floor)s，按最低工资标准计算"
                    "（《劳动合同法实施条例》第二十七条）"
                ),
                floor=yuan(floor.value),
            )
        )
        wage = floor.value
        if caveat := floor.caveat():
            line.unconfirmed.append(caveat)
    elif floor is None:
        line.notes.append(
            said(N_("未设置当地最低工资标准，未核对是否低于最低工资（实施条例第二十七条）"))
        )
    average = figures.average_wage
    capped = False
    if average is None:
        line.unconfirmed.append(
            said(N_("未设置本地区上年度职工月平均工资，未能核对三倍封顶（第四十七条第二款）"))
        )
    else:
        cap = average.value * 3
        if caveat := average.caveat():
            line.unconfirmed.append(caveat)
        if wage > cap:
            line.notes.append(
                said(
                    N_(
                        "月工资%(wage)s高于本地区上年度职工月平均工资%(average)s的三倍，"
                        "按三倍%(cap)s计算，年限最高不超过十二年（第四十七条第二款）"
                    ),
                    wage=yuan(wage),
                    average=yuan(average.value),
                    cap=yuan(cap),
                )
            )
            wage, capped = cap, True
    return wage, capped, line


def compensation(inputs: Inputs, figures: Figures, *, doubled: bool = False) -> Line:
    """Economic compensation N (《劳动合同法》第四十六、四十七条), or 2N for an unlawful
    termination (第八十七条), whose years run from the first day of work (实施条例第二十五条)."""
    start, end = inputs.start_date, inputs.end_date
    assert start and end
    wage, capped, line = _wage_for_compensation(inputs, figures)
    parts, total = [], Decimal(0)
    if doubled:
        whole = span(start, end)
        months = art47_months(whole)
        if capped and months > 12:
            months = Decimal(12)
        total = months * wage * 2
        parts.append(
            said(
                N_("%(span)s，计%(months)s个月 × %(wage)s × 2"),
                span=whole.said(),
                months=_n(months),
                wage=yuan(wage),
            )
        )
        line.key, line.label = Item.UNLAWFUL_TERMINATION, str(Item.UNLAWFUL_TERMINATION.label)
        line.basis = said(
            N_("《劳动合同法》第四十七条、第四十八条、第八十七条；《劳动合同法实施条例》第二十五条")
        )
        line.plain = said(N_("单位违法辞退，应按经济补偿标准的两倍赔偿（工作年限从入职起算）。"))
        if start < LAW_2008:
            line.notes.append(
                said(
                    N_(
                        "赔偿金的计算年限自用工之日起计算，包括2008年以前的年限（实施条例第二十五条）"
                    )
                )
            )
    else:
        line.key, line.label = Item.COMPENSATION, str(Item.COMPENSATION.label)
        line.basis = said(N_("《劳动合同法》第四十六条、第四十七条"))
        line.plain = said(
            N_("按在本单位工作的年限，每满一年补一个月工资；满半年按一年，不满半年补半个月。")
        )
        if start < LAW_2008:
            rule = BEFORE_2008[inputs.reason]
            line.basis = said(N_("《劳动合同法》第四十六条、第四十七条、第九十七条第三款"))
            before = span(start, min(end, LAW_2008 - dt.timedelta(days=1)))
            if rule.due:
                months = before_2008_months(before)
                if rule.cap_months and months > rule.cap_months:
                    months = Decimal(rule.cap_months)
                    line.notes.append(
                        said(N_("2008年以前的部分按当时规定最多%(n)s个月"), n=str(rule.cap_months))
                    )
                # The 3× cap is the 2008 law's; the years before it take the wage as it was.
                total += months * inputs.monthly_wage
                parts.append(
                    said(
                        N_("2008年以前%(span)s，按当时规定计%(months)s个月 × %(wage)s"),
                        span=before.said(),
                        months=_n(months),
                        wage=yuan(inputs.monthly_wage),
                    )
                )
                line.basis = said(N_("%(law)s；%(rule)s"), law=line.basis, rule=said(rule.basis))
                if inputs.reason == Reason.ILLNESS:
                    line.notes.append(
                        said(
                            N_(
                                "当时规定另有不低于六个月工资的医疗补助费（办法第六条），本计算未列入"
                            )
                        )
                    )
            else:
                line.notes.append(
                    said(
                        N_(
                            "2008年以前的%(span)s：按当时规定此种情形不支付经济补偿，"
                            "自2008年1月1日起计算（第九十七条第三款；请结合当时当地规定核实）"
                        ),
                        span=before.said(),
                    )
                )
        if end >= LAW_2008:
            after = span(max(start, LAW_2008), end)
            months = art47_months(after)
            if capped and months > 12:
                months = Decimal(12)
            total += months * wage
            text = (
                N_("2008年起%(span)s，计%(months)s个月 × %(wage)s")
                if start < LAW_2008
                else N_("%(span)s，计%(months)s个月 × %(wage)s")
            )
            parts.append(said(text, span=after.said(), months=_n(months), wage=yuan(wage)))
    line.amount = total.quantize(CENT, ROUND_HALF_UP)
    line.formula = said(
        N_("%(parts)s = %(amount)s"), parts=_joined(parts), amount=yuan(line.amount)
    )
    return line


def _joined(parts: list) -> object:
    """The parts of a formula one after another: "a；b"."""
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        joined = said(N_("%(a)s；%(b)s"), a=joined, b=part)
    return joined


def notice_pay(inputs: Inputs) -> Line:
    wage = (inputs.last_month_wage or inputs.monthly_wage).quantize(CENT, ROUND_HALF_UP)
    return Line(
        key=Item.NOTICE_PAY,
        label=str(Item.NOTICE_PAY.label),
        amount=wage,
        formula=said(
            N_("未提前三十日书面通知，额外支付一个月工资：上一个月工资%(wage)s"), wage=yuan(wage)
        ),
        basis=said(N_("《劳动合同法》第四十条；《劳动合同法实施条例》第二十条")),
        plain=said(N_("单位没有提前30天书面通知就辞退您，要多付一个月工资。")),
    )
