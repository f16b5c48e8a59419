"""What a worker is owed: the arithmetic, with no database.

`calculate(inputs, figures, as_of=...)` returns one `Line` per item, each with its amount, the
formula with the numbers put in, and the articles it rests on. The figures that change (the local
average wage, Zhejiang's injury benefits, the minimum wage) come in as `Figures`, each with its
date and source; a line that used an unconfirmed figure says so. Amounts are rounded half up to
the fen once, at the end of each line."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from jiefen.calculators.choices import (
    BEFORE_2008,
    COMPENSATED,
    NOTICE_REASONS,
    Item,
    Reason,
)

CENT = Decimal("0.01")
# 月计薪天数：(365 - 104) ÷ 12 = 21.75（劳社部发〔2008〕3号）；日工资 = 月工资 ÷ 21.75，小时工资 = 日工资 ÷ 8。
PAY_DAYS = Decimal("21.75")
HOURS = Decimal(8)
LAW_2008 = dt.date(2008, 1, 1)
# 《工伤保险条例》第三十五至三十七条：一次性伤残补助金的月数，按伤残等级。
DISABILITY_MONTHS = {1: 27, 2: 25, 3: 23, 4: 21, 5: 18, 6: 16, 7: 13, 8: 11, 9: 9, 10: 7}
DISABILITY_ARTICLE = {
    g: "三十五" if g <= 4 else "三十六" if g <= 6 else "三十七" for g in range(1, 11)
}


# ---------------------------------------------------------------- inputs, figures, result


@dataclass(frozen=True)
class Inputs:
    monthly_wage: Decimal  # 解除或终止前12个月的平均工资（应发，含奖金、津贴、补贴）
    start_date: dt.date | None = None  # 用工之日
    end_date: dt.date | None = None  # 劳动关系解除或终止之日；None: 仍在职
    reason: str = Reason.ONGOING
    notice_given: bool = True  # 第四十条：已提前三十日书面通知
    last_month_wage: Decimal | None = None  # 代通知金按上一个月的工资（实施条例第二十条）
    unpaid_wages: Decimal = Decimal(0)
    no_written_contract: bool = False
    contract_signed_on: dt.date | None = None  # 补订书面合同之日
    overtime_weekday_hours: Decimal = Decimal(0)
    overtime_restday_hours: Decimal = Decimal(0)
    overtime_holiday_hours: Decimal = Decimal(0)
    overtime_base: Decimal | None = None  # 加班工资计算基数（月）；默认月工资
    overtime_paid: Decimal = Decimal(0)
    leave_service_years: int | None = None  # 累计工作年限（各单位合计）；None: 不计算年休假
    leave_days_taken: Decimal = Decimal(0)
    leave_wage: Decimal | None = None  # 剔除加班工资后的月平均工资；默认月工资
    administration_ordered: bool = False  # 劳动行政部门责令限期支付，逾期未付
    additional_rate: int = 50  # 第八十五条：50–100 %
    injury_grade: int | None = None  # 伤残等级 1–10
    injury_wage: Decimal | None = None  # 本人工资：受伤前12个月平均月缴费工资
    knew_on: dt.date | None = None  # 知道或应当知道权利被侵害之日（时效起算）

    def as_json(self) -> dict:
        return {k: _json(v) for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict) -> Inputs:
        kinds = cls.__dataclass_fields__
        values = {}
        for name, value in data.items():
            if name not in kinds:
                continue
            hint = str(kinds[name].type)
            if value is None or value == "":
                values[name] = None if "None" in hint else kinds[name].default
            elif "dt.date" in hint:
                values[name] = dt.date.fromisoformat(value)
            elif "Decimal" in hint:
                values[name] = Decimal(str(value))
            else:
                values[name] = value
        return cls(**values)


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Figure:
    """One parameter as the table holds it on a day: value, since when, where it comes from."""

    kind: str
    label: str
    value: Decimal
    effective_from: dt.date | None
    source: str
    confirmed: bool
    grade: int | None = None

    def describe(self) -> str:
        since = f"{self.effective_from:%Y-%m-%d}起" if self.effective_from else ""
        grade = f"{self.grade}级" if self.grade else ""
        shown = _money(self.value) if self.kind.endswith("wage") else f"{_n(self.value)}个月"
        return f"{self.label}{grade}（{since}{shown}）"

    def caveat(self) -> str:
        return "" if self.confirmed else f"参数未核实：{self.describe()}"


@dataclass
class Figures:
    average_wage: Figure | None = None
    minimum_wage: Figure | None = None
    injury_average_wage: Figure | None = None
    injury_medical: dict[int, Figure] = field(default_factory=dict)
    injury_employment: dict[int, Figure] = field(default_factory=dict)


@dataclass
class Line:
    key: str
    label: str
    amount: Decimal | None  # None: cannot be computed (a figure is missing)
    formula: str
    basis: str
    plain: str = ""  # the same in a worker's words
    notes: list[str] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)
    claim: bool = True  # part of what may be claimed (and saved as the case's claims)


@dataclass
class Result:
    lines: list[Line]
    warnings: list[str]
    figures: list[Figure]
    as_of: dt.date

    @property
    def total(self) -> Decimal:
        return sum((x.amount for x in self.lines if x.claim and x.amount), Decimal("0.00"))

    @property
    def unconfirmed(self) -> bool:
        return any(x.unconfirmed for x in self.lines)

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "total": str(self.total),
            "unconfirmed": self.unconfirmed,
            "warnings": list(self.warnings),
            "lines": [
                {**asdict(x), "amount": None if x.amount is None else str(x.amount)}
                for x in self.lines
            ],
            "figures": [
                {
                    "kind": f.kind,
                    "label": f.label,
                    "grade": f.grade,
                    "value": str(f.value),
                    "effective_from": f.effective_from.isoformat() if f.effective_from else None,
                    "source": f.source,
                    "confirmed": f.confirmed,
                }
                for f in self.figures
            ],
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


# ---------------------------------------------------------------- the calculation


def calculate(
    inputs: Inputs,
    figures: Figures,
    *,
    as_of: dt.date,
    roll: Callable[[dt.date], dt.date] = lambda day: day,
) -> Result:
    """Every item the inputs call for. `as_of` is the day the claim is made (limitation);
    `roll` moves a last day that falls on a holiday to the next working day."""
    lines: list[Line] = []
    if inputs.unpaid_wages:
        lines.append(unpaid_wages(inputs))
    severance = None
    if inputs.end_date and inputs.start_date:
        if inputs.reason == Reason.UNLAWFUL:
            severance = compensation(inputs, figures, doubled=True)
        elif inputs.reason in COMPENSATED:
            severance = compensation(inputs, figures)
        if severance:
            lines.append(severance)
        if inputs.reason in NOTICE_REASONS and not inputs.notice_given:
            lines.append(notice_pay(inputs))
    if inputs.no_written_contract and inputs.start_date:
        lines.append(double_wages(inputs, as_of=as_of))
    overtime_line = None
    if (
        inputs.overtime_weekday_hours
        or inputs.overtime_restday_hours
        or inputs.overtime_holiday_hours
    ):
        overtime_line = overtime(inputs)
        lines.append(overtime_line)
    if inputs.leave_service_years is not None and inputs.start_date:
        lines.append(annual_leave(inputs, as_of=as_of))
    if inputs.administration_ordered:
        owed = [x for x in lines if x.key in (Item.UNPAID_WAGES, Item.OVERTIME, Item.COMPENSATION)]
        lines.append(additional(inputs, owed))
    if inputs.injury_grade:
        lines += injury(inputs, figures)
    used = _figures_used(figures, lines)
    return Result(
        lines=lines,
        warnings=limitation(inputs, lines, as_of=as_of, roll=roll),
        figures=used,
        as_of=as_of,
    )


def _figures_used(figures: Figures, lines: list[Line]) -> list[Figure]:
    keys = {x.key for x in lines}
    used = []
    if keys & {Item.COMPENSATION, Item.UNLAWFUL_TERMINATION}:
        used += [f for f in (figures.average_wage, figures.minimum_wage) if f]
    if keys & {Item.INJURY_DISABILITY, Item.INJURY_MEDICAL, Item.INJURY_EMPLOYMENT}:
        used += [f for f in (figures.injury_average_wage,) if f]
    return used


def _money(value: Decimal) -> str:
    return f"{value.quantize(CENT, ROUND_HALF_UP):,}元"


def _n(value: Decimal) -> str:
    """A count of months or hours as a person writes it: 3.5, 4, 12."""
    return f"{value.normalize():f}"


def unpaid_wages(inputs: Inputs) -> Line:
    amount = inputs.unpaid_wages.quantize(CENT, ROUND_HALF_UP)
    return Line(
        key=Item.UNPAID_WAGES,
        label=str(Item.UNPAID_WAGES.label),
        amount=amount,
        formula=f"按应发未发工资合计：{_money(amount)}",
        basis="《劳动法》第五十条；《劳动合同法》第三十条",
        plain="单位应按月足额发给您的工资，没发的部分都可以要。",
    )


def _wage_for_compensation(inputs: Inputs, figures: Figures) -> tuple[Decimal, bool, Line]:
    """The monthly wage for N after the minimum-wage floor and the 3× cap; whether it was
    capped; a line carrying the notes and caveats so far."""
    line = Line(key="", label="", amount=None, formula="", basis="")
    wage = inputs.monthly_wage
    floor = figures.minimum_wage
    if floor and wage < floor.value:
        line.notes.append(
            f"月平均工资低于当地最低工资标准{_money(floor.value)}，按最低工资标准计算（《劳动合同法实施条例》第二十七条）"
        )
        wage = floor.value
        if floor.caveat():
            line.unconfirmed.append(floor.caveat())
    elif floor is None:
        line.notes.append("未设置当地最低工资标准，未核对是否低于最低工资（实施条例第二十七条）")
    average = figures.average_wage
    capped = False
    if average is None:
        line.unconfirmed.append(
            "未设置本地区上年度职工月平均工资，未能核对三倍封顶（第四十七条第二款）"
        )
    else:
        cap = average.value * 3
        if average.caveat():
            line.unconfirmed.append(average.caveat())
        if wage > cap:
            line.notes.append(
                f"月工资{_money(wage)}高于本地区上年度职工月平均工资{_money(average.value)}的三倍，"
                f"按三倍{_money(cap)}计算，年限最高不超过十二年（第四十七条第二款）"
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
        parts.append(f"{whole}，计{_n(months)}个月 × {_money(wage)} × 2")
        line.key, line.label = Item.UNLAWFUL_TERMINATION, str(Item.UNLAWFUL_TERMINATION.label)
        line.basis = (
            "《劳动合同法》第四十七条、第四十八条、第八十七条；《劳动合同法实施条例》第二十五条"
        )
        line.plain = "单位违法辞退，应按经济补偿标准的两倍赔偿（工作年限从入职起算）。"
        if start < LAW_2008:
            line.notes.append(
                "赔偿金的计算年限自用工之日起计算，包括2008年以前的年限（实施条例第二十五条）"
            )
    else:
        line.key, line.label = Item.COMPENSATION, str(Item.COMPENSATION.label)
        line.basis = "《劳动合同法》第四十六条、第四十七条"
        line.plain = "按在本单位工作的年限，每满一年补一个月工资；满半年按一年，不满半年补半个月。"
        if start < LAW_2008:
            rule = BEFORE_2008[inputs.reason]
            line.basis += "、第九十七条第三款"
            before = span(start, min(end, LAW_2008 - dt.timedelta(days=1)))
            if rule.due:
                months = before_2008_months(before)
                if rule.cap_months and months > rule.cap_months:
                    months = Decimal(rule.cap_months)
                    line.notes.append(f"2008年以前的部分按当时规定最多{rule.cap_months}个月")
                # The 3× cap is the 2008 law's; the years before it take the wage as it was.
                total += months * inputs.monthly_wage
                parts.append(
                    f"2008年以前{before}，按当时规定计{_n(months)}个月 × {_money(inputs.monthly_wage)}"
                )
                line.basis += f"；{rule.basis}"
                if inputs.reason == Reason.ILLNESS:
                    line.notes.append(
                        "当时规定另有不低于六个月工资的医疗补助费（办法第六条），本计算未列入"
                    )
            else:
                line.notes.append(
                    f"2008年以前的{before}：按当时规定此种情形不支付经济补偿，自2008年1月1日起计算"
                    "（第九十七条第三款；请结合当时当地规定核实）"
                )
        if end >= LAW_2008:
            after = span(max(start, LAW_2008), end)
            months = art47_months(after)
            if capped and months > 12:
                months = Decimal(12)
            total += months * wage
            since = "2008年起" if start < LAW_2008 else ""
            parts.append(f"{since}{after}，计{_n(months)}个月 × {_money(wage)}")
    line.amount = total.quantize(CENT, ROUND_HALF_UP)
    line.formula = "；".join(parts) + f" = {_money(line.amount)}"
    return line


def notice_pay(inputs: Inputs) -> Line:
    wage = (inputs.last_month_wage or inputs.monthly_wage).quantize(CENT, ROUND_HALF_UP)
    return Line(
        key=Item.NOTICE_PAY,
        label=str(Item.NOTICE_PAY.label),
        amount=wage,
        formula=f"未提前三十日书面通知，额外支付一个月工资：上一个月工资{_money(wage)}",
        basis="《劳动合同法》第四十条；《劳动合同法实施条例》第二十条",
        plain="单位没有提前30天书面通知就辞退您，要多付一个月工资。",
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
        basis="《劳动合同法》第十条、第八十二条；《劳动合同法实施条例》第六条、第七条",
        plain="入职超过一个月还没签书面合同，从第二个月起到签合同前一天（最多到满一年），每月再多拿一倍工资。",
    )
    if until < first:
        line.formula = "用工之日起一个月内已订立书面劳动合同（或尚未满一个月），不产生二倍工资"
        return line
    months, fraction, note = _months_between(first, until)
    amount = (wage * (Decimal(months) + fraction)).quantize(CENT, ROUND_HALF_UP)
    line.amount = amount
    line.formula = f"{first:%Y-%m-%d}至{until:%Y-%m-%d}，{months}个月{note} × {_money(wage)} = {_money(amount)}"
    if until == last and not inputs.contract_signed_on:
        line.notes.append(
            "满一年仍未订立书面合同的，视为已订立无固定期限劳动合同（第十四条第三款）；二倍工资最多计十一个月"
        )
    return line


def _months_between(first: dt.date, until: dt.date) -> tuple[int, Decimal, str]:
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
    return months, Decimal(rest) / Decimal(month_days), f"又{rest}天（按当月{month_days}天折算）"


def overtime(inputs: Inputs) -> Line:
    """《劳动法》第四十四条：延长工作时间150 %，休息日不能补休200 %，法定休假日300 %。"""
    base = inputs.overtime_base or inputs.monthly_wage
    hourly = base / PAY_DAYS / HOURS
    rows = [
        ("工作日延时", inputs.overtime_weekday_hours, Decimal("1.5")),
        ("休息日", inputs.overtime_restday_hours, Decimal(2)),
        ("法定休假日", inputs.overtime_holiday_hours, Decimal(3)),
    ]
    due = sum((hours * rate for _label, hours, rate in rows), Decimal(0)) * hourly
    payable = max(due - inputs.overtime_paid, Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    parts = [f"{label}{_n(hours)}小时 × {int(rate * 100)}%" for label, hours, rate in rows if hours]
    formula = (
        f"小时工资 = {_money(base)} ÷ 21.75 ÷ 8 = {_money(hourly)}；"
        f"（{' + '.join(parts)}）× 小时工资 = {_money(due)}"
    )
    if inputs.overtime_paid:
        formula += f"，减已付{_money(inputs.overtime_paid)}"
    return Line(
        key=Item.OVERTIME,
        label=str(Item.OVERTIME.label),
        amount=payable,
        formula=f"{formula} = {_money(payable)}",
        basis="《劳动法》第四十四条；《劳动合同法》第三十一条；劳社部发〔2008〕3号（月计薪天数21.75天）",
        plain="平时加班按1.5倍、周末加班又不补休按2倍、法定节假日加班按3倍的小时工资算。",
        notes=["休息日加班已安排补休的，不支付200%加班工资"]
        if inputs.overtime_restday_hours
        else [],
    )


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
    if whole_year:
        owed = Decimal(entitled) - inputs.leave_days_taken
        how = f"{year}年应休{entitled}天 − 已休{_n(inputs.leave_days_taken)}天"
    else:
        owed = Decimal(days_here) / Decimal(365) * entitled - inputs.leave_days_taken
        how = (
            f"{year}年在本单位{days_here}天 ÷ 365 × {entitled}天 − 已休{_n(inputs.leave_days_taken)}天"
            f" = {owed.quantize(CENT, ROUND_HALF_UP)}天，不足一整天的部分不计"
        )
    days = max(owed.to_integral_value(ROUND_FLOOR), Decimal(0))
    wage = inputs.leave_wage or inputs.monthly_wage
    daily = wage / PAY_DAYS
    amount = (daily * days * 2).quantize(CENT, ROUND_HALF_UP)
    line = Line(
        key=Item.ANNUAL_LEAVE,
        label=str(Item.ANNUAL_LEAVE.label),
        amount=amount,
        formula=(
            f"累计工作{inputs.leave_service_years}年，全年应休{entitled}天；{how}；"
            f"未休{_n(days)}天 × 日工资（{_money(wage)} ÷ 21.75 = {_money(daily)}）× 200% = {_money(amount)}"
        ),
        basis="《职工带薪年休假条例》第三条、第五条；《企业职工带薪年休假实施办法》第五条、第十条、第十一条、第十二条",
        plain="累计工作满1年不满10年每年5天、满10年10天、满20年15天；没休的每天按日工资的2倍补（正常工资已发过一倍）。",
    )
    if entitled == 0:
        line.notes.append("累计工作不满一年，不享受年休假（条例第二条）")
    return line


def additional(inputs: Inputs, owed: list[Line]) -> Line:
    """《劳动合同法》第八十五条：劳动行政部门责令限期支付，逾期不支付的，按应付金额50%以上100%以下
    加付赔偿金（劳动报酬、加班费、经济补偿）."""
    base = sum((x.amount or Decimal(0) for x in owed), Decimal(0))
    rate = Decimal(inputs.additional_rate) / 100
    amount = (base * rate).quantize(CENT, ROUND_HALF_UP)
    names = "、".join(x.label for x in owed) or "无"
    return Line(
        key=Item.ADDITIONAL,
        label=str(Item.ADDITIONAL.label),
        amount=amount,
        formula=(
            f"应付金额（{names}）{_money(base)} × {inputs.additional_rate}% = {_money(amount)}"
            f"（可在{_money(base * Decimal('0.5'))}至{_money(base)}之间）"
        ),
        basis="《劳动合同法》第八十五条",
        plain="劳动监察责令单位限期支付而单位逾期不付的，单位还要加付应付金额一半到一倍的赔偿金。",
        notes=["须由劳动行政部门责令限期支付而逾期不付，方可加付"],
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


def limitation(
    inputs: Inputs, lines: list[Line], *, as_of: dt.date, roll: Callable[[dt.date], dt.date]
) -> list[str]:
    """《劳动争议调解仲裁法》第二十七条: one year from the day the worker knew or should have
    known; wages during employment are not time-barred while it lasts (第四款). A warning only:
    limitation may have been interrupted or suspended, which the calculator cannot know."""
    claims = [x for x in lines if x.claim and x.amount]
    if not claims:
        return []
    wage_items = {Item.UNPAID_WAGES, Item.OVERTIME}
    start = inputs.knew_on or inputs.end_date
    if inputs.end_date is None:
        others = [x for x in claims if x.key not in wage_items]
        warnings = []
        if any(x.key in wage_items for x in claims):
            warnings.append(
                "劳动关系存续期间拖欠劳动报酬的，不受一年仲裁时效限制；劳动关系终止的，应自终止之日起一年内申请仲裁"
                "（《劳动争议调解仲裁法》第二十七条第四款）。"
            )
        if others and start is None:
            warnings.append(
                "其他请求的仲裁时效为一年，自知道或者应当知道权利被侵害之日起计算（第二十七条第一款）。"
            )
        claims = others
        if start is None or not claims:
            return warnings
    else:
        warnings = []
    assert start
    try:
        last = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        last = dt.date(start.year + 1, 3, 1)
    last = roll(last)
    if as_of > last:
        warnings.append(
            f"按{as_of:%Y-%m-%d}提出计算，{'、'.join(x.label for x in claims)}可能已超过一年仲裁时效"
            f"（自{start:%Y-%m-%d}起算，末日{last:%Y-%m-%d}）。时效因一方向对方主张权利、向有关部门请求"
            "救济或对方同意履行而中断（第二十七条第二款），请核实；本计算仍列出各项金额。"
        )
    return warnings
