"""The calculator's form: the same fields for staff and, in plain words, for workers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jiefen.calculators.choices import PLAIN_REASONS, Reason
from jiefen.calculators.compute import Inputs

# Bounds keep every amount within the columns it is saved in (14 digits): a month's wage up to a
# million, a sum owed up to a hundred million.
MONEY = {
    "max_digits": 12,
    "decimal_places": 2,
    "min_value": Decimal(0),
    "max_value": Decimal(10**8),
}
WAGE_MAX = Decimal(10**6)
HOURS = {"max_digits": 7, "decimal_places": 1, "min_value": Decimal(0), "max_value": Decimal(10000)}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def grade_label(grade: int):
    """A disability grade's name in the reader's language ("5级" / "Grade 5")."""
    return format_lazy(_("{grade}级"), grade=grade)


GRADES = [("", _("无")), *[(str(g), grade_label(g)) for g in range(1, 11)]]


def _money(label, help_text="", required=False, **extra):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        **{**MONEY, **extra},
    )


def _date(label, help_text="", required=False):
    return forms.DateField(label=label, help_text=help_text, required=required, widget=DATE)


def _hours(label):
    return forms.DecimalField(
        label=label,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
        **HOURS,
    )


class CalculatorForm(forms.Form):
    monthly_wage = _money(
        _("月平均工资（元）"),
        _("解除或终止前12个月的平均应发工资，含奖金、津贴和补贴；不满12个月的按实际月数平均"),
        required=True,
        min_value=Decimal("0.01"),
        max_value=WAGE_MAX,
    )
    start_date = _date(_("入职（用工）日期"))
    end_date = _date(_("劳动关系解除或终止日期"), _("仍在职的不填"))
    reason = forms.ChoiceField(label=_("离职情形"), choices=Reason.choices, initial=Reason.ONGOING)
    no_notice = forms.BooleanField(
        label=_("单位未提前三十日书面通知"), required=False, help_text=_("仅第四十条的三种情形")
    )
    last_month_wage = _money(_("上一个月工资（元）"), _("代通知金按上一个月工资；不填按月平均工资"))
    unpaid_wages = _money(_("拖欠工资合计（元）"))
    no_written_contract = forms.BooleanField(
        label=_("入职超过一个月未订立书面劳动合同"), required=False
    )
    contract_signed_on = _date(_("补订书面合同日期"), _("一直未签的不填"))
    overtime_weekday_hours = _hours(_("工作日延长工作时间（小时）"))
    overtime_restday_hours = _hours(_("休息日加班且未补休（小时）"))
    overtime_holiday_hours = _hours(_("法定休假日加班（小时）"))
    overtime_base = _money(_("加班工资计算基数（元/月）"), _("不填按月平均工资"))
    overtime_paid = _money(_("已支付的加班工资（元）"))
    leave_service_years = forms.IntegerField(
        label=_("累计工作年限（年）"),
        help_text=_("在各单位工作年限合计，用于年休假天数；不计算年休假的不填"),
        required=False,
        min_value=0,
        max_value=60,
    )
    leave_days_taken = forms.DecimalField(
        label=_("当年已休年休假（天）"),
        required=False,
        min_value=0,
        max_value=366,
        decimal_places=1,
    )
    leave_wage = _money(
        _("年休假计算月工资（元）"), _("剔除加班工资后的月平均工资；不填按月平均工资")
    )
    administration_ordered = forms.BooleanField(
        label=_("劳动行政部门已责令限期支付，单位逾期未付"), required=False
    )
    additional_rate = forms.IntegerField(
        label=_("加付赔偿金比例（%）"),
        help_text=_("50–100，不填按50%"),
        min_value=50,
        max_value=100,
        required=False,
    )
    injury_grade = forms.TypedChoiceField(
        label=_("工伤伤残等级"), choices=GRADES, coerce=int, empty_value=None, required=False
    )
    injury_wage = _money(_("本人工资（元/月）"), _("受伤前12个月平均月缴费工资；不填按月平均工资"))
    knew_on = _date(_("知道权利被侵害之日"), _("时效起算；不填按离职日期"))

    SECTIONS = (
        (
            _("工资与在职情况"),
            ("monthly_wage", "start_date", "end_date", "reason", "no_notice", "last_month_wage"),
        ),
        (_("拖欠工资"), ("unpaid_wages",)),
        (_("未签书面合同"), ("no_written_contract", "contract_signed_on")),
        (
            _("加班"),
            (
                "overtime_weekday_hours",
                "overtime_restday_hours",
                "overtime_holiday_hours",
                "overtime_base",
                "overtime_paid",
            ),
        ),
        (_("年休假"), ("leave_service_years", "leave_days_taken", "leave_wage")),
        (_("工伤"), ("injury_grade", "injury_wage")),
        (_("劳动监察与时效"), ("administration_ordered", "additional_rate", "knew_on")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            kind = getattr(widget, "input_type", "")
            css = (
                "form-check-input"
                if kind == "checkbox"
                else "form-select"
                if kind == "select"
                else "form-control"
            )
            widget.attrs["class"] = css

    def add_service_errors(self, error) -> None:
        """A service's refusal (a ValidationError) shown on the fields it names, or above."""
        if hasattr(error, "error_dict"):
            for field, errs in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errs)
        else:
            self.add_error(None, error.messages)

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def inputs(self) -> Inputs:
        d = self.cleaned_data
        zero = Decimal(0)
        return Inputs(
            monthly_wage=d["monthly_wage"],
            start_date=d.get("start_date"),
            end_date=d.get("end_date"),
            reason=d.get("reason") or Reason.ONGOING,
            notice_given=not d.get("no_notice"),
            last_month_wage=d.get("last_month_wage"),
            unpaid_wages=d.get("unpaid_wages") or zero,
            no_written_contract=bool(d.get("no_written_contract")),
            contract_signed_on=d.get("contract_signed_on"),
            overtime_weekday_hours=d.get("overtime_weekday_hours") or zero,
            overtime_restday_hours=d.get("overtime_restday_hours") or zero,
            overtime_holiday_hours=d.get("overtime_holiday_hours") or zero,
            overtime_base=d.get("overtime_base"),
            overtime_paid=d.get("overtime_paid") or zero,
            leave_service_years=d.get("leave_service_years"),
            leave_days_taken=d.get("leave_days_taken") or zero,
            leave_wage=d.get("leave_wage"),
            administration_ordered=bool(d.get("administration_ordered")),
            additional_rate=d.get("additional_rate") or 50,
            injury_grade=d.get("injury_grade"),
            injury_wage=d.get("injury_wage"),
            knew_on=d.get("knew_on"),
        )

    @classmethod
    def initial_from(cls, inputs: Inputs) -> dict:
        """The form's fields filled from saved inputs (to compute again from a saved one)."""
        values = {k: v for k, v in inputs.__dict__.items() if k in cls.base_fields}
        values["no_notice"] = not inputs.notice_given
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


class PlainCalculatorForm(CalculatorForm):
    """The portal's form: the same fields, asked in a worker's words."""

    PLAIN = {
        "monthly_wage": (
            _("每月工资（元）"),
            _("离职前一年平均每月拿到手前的工资（应发），包括奖金、补贴"),
        ),
        "start_date": (_("哪天开始上班"), ""),
        "end_date": (_("哪天离职"), _("还在上班的不填")),
        "reason": (_("怎么离开单位的"), ""),
        "no_notice": (
            _("单位没有提前30天书面通知我"),
            _("仅适用于生病、不胜任、单位情况变化被辞退"),
        ),
        "last_month_wage": (_("离职前一个月的工资（元）"), _("不填按每月工资算")),
        "unpaid_wages": (_("单位欠我的工资一共多少（元）"), ""),
        "no_written_contract": (_("上班超过一个月，单位没和我签书面合同"), ""),
        "contract_signed_on": (_("后来哪天补签了合同"), _("一直没签的不填")),
        "overtime_weekday_hours": (_("平时下班后加班多少小时（没给钱的）"), ""),
        "overtime_restday_hours": (_("周末加班多少小时（没补休、没给钱的）"), ""),
        "overtime_holiday_hours": (_("法定节假日加班多少小时（没给钱的）"), ""),
        "overtime_base": (_("加班费按多少月工资算（元）"), _("不知道就不填")),
        "overtime_paid": (_("单位已经给过的加班费（元）"), ""),
        "leave_service_years": (_("参加工作一共多少年（各单位加起来）"), _("想算没休的年假才填")),
        "leave_days_taken": (_("今年已经休了几天年假"), ""),
        "leave_wage": (_("不算加班费的月工资（元）"), _("不知道就不填")),
        "administration_ordered": (_("劳动监察已经责令单位限期支付，单位还是不付"), ""),
        "additional_rate": (_("加付比例（%）"), _("50到100之间，由劳动监察决定")),
        "injury_grade": (_("工伤鉴定的伤残等级"), _("没有工伤的不选")),
        "injury_wage": (_("受伤前一年平均每月缴社保的工资（元）"), _("不知道就不填")),
        "knew_on": (_("哪天知道自己权益受损"), _("不知道就不填")),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, help_text) in self.PLAIN.items():
            self.fields[name].label = label
            self.fields[name].help_text = help_text
        self.fields["reason"].choices = [(k.value, PLAIN_REASONS[k]) for k in Reason]

    SECTIONS = (
        (
            _("工资和上班情况"),
            ("monthly_wage", "start_date", "end_date", "reason", "no_notice", "last_month_wage"),
        ),
        (_("单位欠工资"), ("unpaid_wages",)),
        (_("没签劳动合同"), ("no_written_contract", "contract_signed_on")),
        (
            _("加班"),
            (
                "overtime_weekday_hours",
                "overtime_restday_hours",
                "overtime_holiday_hours",
                "overtime_base",
                "overtime_paid",
            ),
        ),
        (_("年假"), ("leave_service_years", "leave_days_taken", "leave_wage")),
        (_("工伤"), ("injury_grade", "injury_wage")),
        (_("其他"), ("administration_ordered", "additional_rate", "knew_on")),
    )
