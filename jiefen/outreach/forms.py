from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.cases.choices import Category
from jiefen.geo.forms import VillageField
from jiefen.geo.models import Village
from jiefen.outreach.choices import (
    KIND_CHECKS,
    UNVISITED_PERIODS,
    CheckItem,
    CheckResult,
    EnterpriseKind,
    Severity,
    WageGuarantee,
)

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def staff_choices():
    return User.objects.filter(
        is_active=True, role__in=[Role.LABOR_INSPECTOR, Role.MEDIATOR, Role.LEADER]
    ).order_by("role", "username")


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("企业名称"), max_length=100)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    kind = forms.ChoiceField(label=_("类型"), choices=EnterpriseKind.choices)
    village = VillageField(label=_("所在村社"), queryset=Village.objects.none())
    address = forms.CharField(label=_("经营/项目地址"), max_length=200, required=False)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    headcount = forms.IntegerField(label=_("职工人数"), min_value=0, initial=0)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话"), max_length=32, required=False, help_text=_("修改时留空则保持原号码")
    )
    general_contractor = forms.CharField(label=_("施工总承包单位"), max_length=100, required=False)
    project_name = forms.CharField(label=_("项目名称"), max_length=150, required=False)
    wage_guarantee = forms.ChoiceField(
        label=_("工资保证金形式"), choices=WageGuarantee.choices, required=False
    )
    wage_guarantee_amount = forms.DecimalField(
        label=_("保证金/保函金额（元）"), min_value=0, required=False, decimal_places=2
    )
    wage_account = forms.BooleanField(label=_("开设农民工工资专用账户"), required=False)
    real_name_registration = forms.BooleanField(label=_("实行实名制登记"), required=False)
    wage_notice_board = forms.BooleanField(label=_("设置维权信息告示牌"), required=False)
    planned_completion = forms.DateField(label=_("计划竣工日期"), required=False, widget=DATE)
    # The version the editor saw: a save over someone else's newer one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, villages=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["village"].queryset = villages
        if editing:
            for name in ("name", "credit_code"):
                self.fields[name].disabled = True
                self.fields[name].required = False
            self.fields["version"].required = True


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    good_rows_only = forms.BooleanField(label=_("只导入无误的行"), required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("查看理由"), max_length=100)


class PlanForm(forms.Form):
    planned_for = forms.DateField(label=_("计划日期"), widget=DATE)
    assignee = forms.ModelChoiceField(label=_("走访人"), queryset=User.objects.none())
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_choices()


class VisitForm(forms.Form):
    visited_at = forms.DateTimeField(label=_("走访时间"), widget=DATETIME)
    companions = forms.CharField(label=_("同行人员"), max_length=100, required=False)
    headcount_seen = forms.IntegerField(label=_("现场在岗人数"), min_value=0, required=False)
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices)
    findings = forms.CharField(
        label=_("发现的问题"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.check_items = list(KIND_CHECKS[kind])
        for item in self.check_items:
            self.fields[f"check_{item}"] = forms.ChoiceField(
                label=CheckItem(item).label,
                choices=CheckResult.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=CheckResult.OK,
            )

    @property
    def check_fields(self):
        return [self[f"check_{item}"] for item in self.check_items]

    def checklist(self) -> dict[str, str]:
        return {item: self.cleaned_data[f"check_{item}"] for item in self.check_items}


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("照片"))
    caption = forms.CharField(label=_("说明"), max_length=100, required=False)


class FollowUpForm(forms.Form):
    task = forms.CharField(label=_("跟进事项"), max_length=200)
    owner = forms.ModelChoiceField(label=_("责任人"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("完成期限"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_choices()


class FollowUpDoneForm(forms.Form):
    note = forms.CharField(label=_("完成情况"), max_length=200, required=False)


class WarningActForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("acknowledge", _("签收")), ("handle", _("开始处置")), ("close", _("关闭"))]
    )
    note = forms.CharField(
        label=_("处置说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WarningConvertForm(forms.Form):
    category = forms.ChoiceField(label=_("纠纷类别"), choices=Category.choices)
    claimant_name = forms.CharField(label=_("申请人（劳动者代表）姓名"), max_length=50)
    claimant_phone = forms.CharField(label=_("申请人电话"), max_length=32, required=False)
    summary = forms.CharField(
        label=_("纠纷概要"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class UnvisitedForm(forms.Form):
    grid = forms.CharField(required=False)
    days = forms.TypedChoiceField(
        choices=[(d, d) for d in UNVISITED_PERIODS], coerce=int, required=False, empty_value=90
    )
