"""What a calculation reads and gives back: the inputs, the dated figures, the lines of the
result; and how amounts and counts are written."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop as N_

from jiefen.calculators.choices import ParameterKind, Reason
from jiefen.calculators.compute.said import Said, said, yuan

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

    def describe(self) -> Said:
        try:
            label: object = ParameterKind(self.kind)
        except ValueError:
            label = self.label
        return said(
            N_("%(label)s%(grade)s（%(since)s%(shown)s）"),
            label=label,
            grade=said(N_("%(n)s级"), n=self.grade) if self.grade else "",
            since=said(N_("%(day)s起"), day=self.effective_from) if self.effective_from else "",
            shown=yuan(self.value)
            if self.kind.endswith("wage")
            else said(N_("%(n)s个月"), n=_n(self.value)),
        )

    def caveat(self) -> Said | None:
        return (
            None if self.confirmed else said(N_("参数未核实：%(figure)s"), figure=self.describe())
        )


@dataclass
class Figures:
    average_wage: Figure | None = None
    minimum_wage: Figure | None = None
    injury_average_wage: Figure | None = None
    injury_medical: dict[int, Figure] = field(default_factory=dict)
    injury_employment: dict[int, Figure] = field(default_factory=dict)


@dataclass
class Line:
    """One item; its words are messages (`said`), kept as data and read in the reader's
    language."""

    key: str
    label: str
    amount: Decimal | None  # None: cannot be computed (a figure is missing)
    formula: Said | str
    basis: Said | str
    plain: Said | str = ""  # the same in a worker's words
    notes: list[Said] = field(default_factory=list)
    unconfirmed: list[Said] = field(default_factory=list)
    claim: bool = True  # part of what may be claimed (and saved as the case's claims)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "amount": None if self.amount is None else str(self.amount),
            "formula": _data(self.formula),
            "basis": _data(self.basis),
            "plain": _data(self.plain),
            "notes": [_data(x) for x in self.notes],
            "unconfirmed": [_data(x) for x in self.unconfirmed],
            "claim": self.claim,
        }


def _data(text: Said | str) -> dict | str:
    """A message as its code and parameters (what is stored); plain text as it is."""
    return text.as_data() if isinstance(text, Said) else text


@dataclass
class Result:
    lines: list[Line]
    warnings: list[Said]
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
            "warnings": [_data(w) for w in self.warnings],
            "lines": [x.as_json() for x in self.lines],
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


def _n(value: Decimal) -> str:
    """A count of months or hours as a person writes it: 3.5, 4, 12."""
    return f"{value.normalize():f}"
