"""The one-off work-injury benefits by disability grade."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop as N_

from jiefen.calculators.choices import Item
from jiefen.calculators.compute.base import (
    CENT,
    DISABILITY_ARTICLE,
    DISABILITY_MONTHS,
    Figure,
    Figures,
    Inputs,
    Line,
    _n,
)
from jiefen.calculators.compute.said import said, yuan

# The articles by the grade's article (第三十五至三十七条).
MAIN_BASIS = {
    "三十五": N_("《工伤保险条例》第三十五条、第六十四条"),
    "三十六": N_("《工伤保险条例》第三十六条、第六十四条"),
    "三十七": N_("《工伤保险条例》第三十七条、第六十四条"),
}
SUBSIDY_BASIS = {
    "三十五": N_("《工伤保险条例》第三十五条；浙江省规定的标准（见参数表来源）"),
    "三十六": N_("《工伤保险条例》第三十六条；浙江省规定的标准（见参数表来源）"),
    "三十七": N_("《工伤保险条例》第三十七条；浙江省规定的标准（见参数表来源）"),
}


def injury(inputs: Inputs, figures: Figures) -> list[Line]:
    """《工伤保险条例》第三十五至三十七条 by grade, on 本人工资 bounded by 60 %–300 % of the area's
    average wage (第六十四条); grades 5–10 leaving work get Zhejiang's two one-off subsidies."""
    grade = inputs.injury_grade
    assert grade
    months = DISABILITY_MONTHS[grade]
    wage = inputs.injury_wage or inputs.monthly_wage
    average = figures.injury_average_wage
    main = Line(
        key=Item.INJURY_DISABILITY,
        label=str(Item.INJURY_DISABILITY.label),
        amount=None,
        formula="",
        basis=said(MAIN_BASIS[DISABILITY_ARTICLE[grade]]),
        plain=said(
            N_("因工致残的，按伤残等级一次性领取若干个月的本人工资（一级27个月，十级7个月）。")
        ),
        notes=[
            said(
                N_(
                    "已参加工伤保险的由工伤保险基金支付；"
                    "未参加的由用人单位按同一标准支付（条例第六十二条）"
                )
            )
        ],
    )
    if average is None:
        main.unconfirmed.append(
            said(N_("未设置统筹地区上年度职工月平均工资，未能核对本人工资的60%–300%界限"))
        )
    else:
        if caveat := average.caveat():
            main.unconfirmed.append(caveat)
        low, high = average.value * Decimal("0.6"), average.value * 3
        if wage < low:
            main.notes.append(
                said(N_("本人工资低于统筹地区职工平均工资的60%%，按%(wage)s计算"), wage=yuan(low))
            )
            wage = low
        elif wage > high:
            main.notes.append(
                said(N_("本人工资高于统筹地区职工平均工资的300%%，按%(wage)s计算"), wage=yuan(high))
            )
            wage = high
    main.amount = (wage * months).quantize(CENT, ROUND_HALF_UP)
    main.formula = said(
        N_("%(grade)s级伤残，%(months)s个月 × 本人工资%(wage)s = %(amount)s"),
        grade=str(grade),
        months=str(months),
        wage=yuan(wage),
        amount=yuan(main.amount),
    )
    lines = [main]
    if grade >= 5 and inputs.end_date:
        for key, table in (
            (Item.INJURY_MEDICAL, figures.injury_medical),
            (Item.INJURY_EMPLOYMENT, figures.injury_employment),
        ):
            lines.append(_injury_subsidy(key, table.get(grade), grade=grade, average=average))
    return lines


def _injury_subsidy(key: str, figure: Figure | None, *, grade: int, average: Figure | None) -> Line:
    label = str(Item(key).label)
    line = Line(
        key=key,
        label=label,
        amount=None,
        formula="",
        basis=said(SUBSIDY_BASIS[DISABILITY_ARTICLE[grade]]),
        plain=said(N_("五至十级伤残，劳动关系解除或终止时，按浙江省标准领取。")),
        notes=[
            said(N_("五、六级须由工伤职工本人提出解除或终止；七至十级为合同期满终止或本人提出解除"))
        ],
    )
    if figure is None or average is None:
        line.unconfirmed.append(
            said(N_("未设置浙江省%(item)s标准，无法计算，请管理员在参数表中录入"), item=Item(key))
            if figure is None
            else said(N_("未设置统筹地区上年度职工月平均工资，无法计算，请管理员在参数表中录入"))
        )
        line.formula = said(N_("缺少参数，未计算"))
        return line
    for f in (figure, average):
        if caveat := f.caveat():
            line.unconfirmed.append(caveat)
    line.amount = (figure.value * average.value).quantize(CENT, ROUND_HALF_UP)
    line.formula = said(
        N_("%(grade)s级，%(months)s个月 × 统筹地区上年度职工月平均工资%(average)s = %(amount)s"),
        grade=str(grade),
        months=_n(figure.value),
        average=yuan(average.value),
        amount=yuan(line.amount),
    )
    return line
