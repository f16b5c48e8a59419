from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.geo.forms import VillageField
from jiefen.inspection.choices import (
    COMPENSATION_MAX_PERCENT,
    COMPENSATION_MIN_PERCENT,
    EXTENSION_MAX_WORKDAYS,
    ComplaintKind,
)

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
D = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ROWS2 = forms.Textarea(attrs={"rows": 2})


class Form(forms.Form):
    """Bootstrap classes on every widget, so templates render fields in one loop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = css


class OpenForm(Form):
    opened_at = forms.DateTimeField(label=_("立案时间"), required=False, widget=DT)
    note = forms.CharField(label=_("立案意见"), required=False, widget=ROWS2)


class DeclineForm(Form):
    reason = forms.CharField(label=_("不予立案理由"), widget=ROWS2)


class ExtendForm(Form):
    approved_by = forms.ModelChoiceField(
        label=_("批准人"),
        queryset=User.objects.filter(is_active=True, role__in=[Role.LEADER, Role.ADMINISTRATOR]),
    )
    workdays = forms.IntegerField(label=_("延长工作日"), initial=EXTENSION_MAX_WORKDAYS)
    reason = forms.CharField(label=_("延期理由"), widget=ROWS2)


class SuspendForm(Form):
    reason = forms.CharField(label=_("中止理由"), widget=ROWS2)


class ResumeForm(Form):
    note = forms.CharField(label=_("恢复说明"), required=False)


class ConcludeForm(Form):
    conclusion = forms.CharField(label=_("处理结果"), widget=ROWS2)


class ConcludeCaseForm(Form):
    note = forms.CharField(label=_("说明（可不填，默认写明监察结果）"), required=False)


class SiteInspectionForm(Form):
    at = forms.DateTimeField(label=_("检查时间"), widget=DT)
    place = forms.CharField(label=_("检查地点"), max_length=200)
    inspectors = forms.ModelMultipleChoiceField(
        label=_("检查人员（不少于2名）"),
        queryset=User.objects.filter(is_active=True, role=Role.LABOR_INSPECTOR),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    findings = forms.CharField(label=_("检查情况"), widget=ROWS2)


class OrderForm(Form):
    items = forms.CharField(label=_("责令改正事项"), widget=ROWS2)
    deadline = forms.DateField(label=_("整改期限"), widget=D)
    amount_owed = forms.DecimalField(
        label=_("应付工资报酬（元）"), required=False, max_digits=14, decimal_places=2
    )
    legal_basis = forms.CharField(
        label=_("法律依据"), initial="《劳动保障监察条例》第二十六条", max_length=200
    )


class PenaltyForm(Form):
    amount = forms.DecimalField(label=_("罚款金额（元）"), max_digits=14, decimal_places=2)
    legal_basis = forms.CharField(label=_("法律依据"), max_length=200)
    facts = forms.CharField(label=_("违法事实"), widget=ROWS2)


class RecoveryForm(Form):
    amount = forms.DecimalField(label=_("追发金额（元）"), max_digits=14, decimal_places=2)
    claimant = forms.ModelChoiceField(label=_("领取人"), queryset=None, required=False)
    workers = forms.IntegerField(label=_("人数"), initial=1, min_value=1)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimant"].queryset = case.claimants.select_related("worker")
        self.fields["claimant"].label_from_instance = lambda c: c.shown_name


class FollowUpForm(Form):
    complied = forms.TypedChoiceField(
        label=_("复查结果"),
        choices=[("1", _("已整改")), ("0", _("逾期未整改"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("复查情况"), required=False)


class CompensationForm(Form):
    percent = forms.IntegerField(
        label=_("加付比例（%）"),
        help_text=_("应付金额的50%至100%"),
        widget=forms.NumberInput(
            attrs={"min": COMPENSATION_MIN_PERCENT, "max": COMPENSATION_MAX_PERCENT}
        ),
    )


class NoticeForm(Form):
    text = forms.CharField(label=_("告知内容"), widget=ROWS2)


class FromCaseForm(Form):
    kind = forms.ChoiceField(choices=ComplaintKind.choices)


class ComplaintForm(Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ComplaintKind.choices)
    anonymous = forms.BooleanField(label=_("匿名举报（不登记举报人身份）"), required=False)
    village = VillageField(label=_("发生地（村/社区）"), queryset=None)
    employer_name = forms.CharField(label=_("用人单位"), max_length=100)
    employer_credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, required=False
    )
    allegation = forms.CharField(label=_("投诉举报事项"), widget=forms.Textarea(attrs={"rows": 3}))
    complainant_name = forms.CharField(label=_("投诉人姓名"), max_length=50, required=False)
    complainant_id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    complainant_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    amount_owed = forms.DecimalField(
        label=_("拖欠金额（元）"), required=False, max_digits=14, decimal_places=2
    )
    violation_ended_on = forms.DateField(
        label=_("违法行为终了日（如已终了）"), required=False, widget=D
    )

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = lambda v: f"{v.street.name} {v.name}"
