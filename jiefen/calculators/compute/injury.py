"""The one-off work-injury benefits by disability grade."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from jiefen.calculators.choices import Item
from jiefen.calculators.compute.base import (
    CENT,
    DISABILITY_ARTICLE,
    DISABILITY_MONTHS,
    Figure,
    Figures,
    Inputs,
    Line,
    _money,
    _n,
)


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
        basis=f"《工伤保险条例》第{DISABILITY_ARTICLE[grade]}条、第六十四条",
        plain="因工致残的，按伤残等级一次性领取若干个月的本人工资（一级27个月，十级7个月）。",
        notes=[
            "已参加工伤保险的由工伤保险基金支付；未参加的由用人单位按同一标准支付（条例第六十二条）"
        ],
    )
    if average is None:
        main.unconfirmed.append(
            "未设置统筹地区上年度职工月平均工资，未能核对本人工资的60%–300%界限"
        )
    else:
        if average.caveat():
            main.unconfirmed.append(average.caveat())
        low, high = average.value * Decimal("0.6"), average.value * 3
        if wage < low:
            main.notes.append(f"本人工资低于统筹地区职工平均工资的60%，按{_money(low)}计算")
            wage = low
        elif wage > high:
            main.notes.append(f"本人工资高于统筹地区职工平均工资的300%，按{_money(high)}计算")
            wage = high
    main.amount = (wage * months).quantize(CENT, ROUND_HALF_UP)
    main.formula = f"{grade}级伤残，{months}个月 × 本人工资{_money(wage)} = {_money(main.amount)}"
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
        basis=f"《工伤保险条例》第{DISABILITY_ARTICLE[grade]}条；浙江省规定的标准（见参数表来源）",
        plain="五至十级伤残，劳动关系解除或终止时，按浙江省标准领取。",
        notes=["五、六级须由工伤职工本人提出解除或终止；七至十级为合同期满终止或本人提出解除"],
    )
    if figure is None or average is None:
        missing = "浙江省" + label + "标准" if figure is None else "统筹地区上年度职工月平均工资"
        line.unconfirmed.append(f"未设置{missing}，无法计算，请管理员在参数表中录入")
        line.formula = "缺少参数，未计算"
        return line
    for f in (figure, average):
        if f.caveat():
            line.unconfirmed.append(f.caveat())
    line.amount = (figure.value * average.value).quantize(CENT, ROUND_HALF_UP)
    line.formula = (
        f"{grade}级，{_n(figure.value)}个月 × 统筹地区上年度职工月平均工资{_money(average.value)}"
        f" = {_money(line.amount)}"
    )
    return line
