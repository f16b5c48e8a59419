"""Portal forms: each field says why it is asked (help_text), validated as in the case flow."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import Category
from jiefen.geo.forms import VillageField
from jiefen.geo.gazetteer import address_streets
from jiefen.geo.models import Village
from jiefen.parties.validators import validate_credit_code, validate_id_number, validate_phone

CLAIM_ROWS = 3


class Styled:
    """Bootstrap classes on every widget, so templates render fields with `{{ field }}`."""

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_fields()
        self.style()

    def extra_fields(self) -> None:
        pass


class PhoneForm(Styled, forms.Form):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        help_text=_("用于接收验证码和办理进度短信，工作人员也会通过它联系您。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        return validate_phone(self.cleaned_data["phone"])


class CodeForm(Styled, forms.Form):
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        help_text=_("确认手机号确为您本人使用，10分钟内有效。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class TrackCodeForm(CodeForm):
    remember = forms.BooleanField(
        label=_("在本设备上记住此案件，以后查询免验证码"),
        help_text=_("公用电脑或他人手机请勿勾选；可随时在查询页“不再记住本设备”。"),
        required=False,
        initial=True,
    )


class ApplyForm(Styled, forms.Form):
    name = forms.CharField(
        label=_("您的姓名"), max_length=50, help_text=_("申请人须为本人，与身份证一致。")
    )
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=20,
        help_text=_("确认申请人身份，受理和送达文书都需要；只有承办人员可查看完整号码。"),
    )
    address = forms.CharField(
        label=_("联系地址"),
        max_length=200,
        required=False,
        help_text=_("用于邮寄文书，可不填。"),
    )
    employer_name = forms.CharField(
        label=_("用人单位名称"),
        max_length=100,
        help_text=_("纠纷的另一方，以营业执照或工牌上的名称为准。"),
    )
    employer_credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=20,
        required=False,
        help_text=_("知道就填，可准确找到单位；不知道可不填。"),
    )
    employer_address = forms.CharField(
        label=_("单位地址或工地位置"), max_length=200, required=False
    )
    # A searchable picker over the public endpoint (official names only), not a 222-entry list.
    village = VillageField(
        search_url="portal:village_search",
        label=_("工作所在村/社区"),
        queryset=Village.objects.select_related("street").order_by("code"),
        help_text=_("决定由哪个街道、哪位调解员和监察员就近办理。"),
    )
    # Asked only when the employer's address lies in another street than the village chosen.
    village_confirmed = forms.BooleanField(
        label=_("单位地址与所选村/社区不在同一街道，我确认所选村/社区无误"), required=False
    )
    category = forms.ChoiceField(
        label=_("纠纷类别"),
        choices=Category.choices,
        help_text=_("帮助分派给合适的部门，不确定可选“其他”。"),
    )
    summary = forms.CharField(
        label=_("发生了什么"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("简要写明时间、经过和您的要求，例如：2026年3月起拖欠工资三个月。"),
    )

    def extra_fields(self) -> None:
        for i in range(1, CLAIM_ROWS + 1):
            self.fields[f"claim_{i}"] = forms.CharField(
                label=_("请求事项%(n)d") % {"n": i},
                max_length=100,
                required=i == 1,
                help_text=_("您要求对方做什么，如“支付拖欠工资”。") if i == 1 else "",
            )
            self.fields[f"amount_{i}"] = forms.DecimalField(
                label=_("金额（元）"),
                max_digits=12,
                decimal_places=2,
                min_value=Decimal(0),
                required=False,
            )

    village_mismatch = False

    def clean_id_number(self) -> str:
        return validate_id_number(self.cleaned_data["id_number"])

    def clean(self):
        data = super().clean()
        village = data.get("village")
        address = (data.get("employer_address") or "").strip()
        if village is not None and address and not data.get("village_confirmed"):
            streets = address_streets(address)
            if streets and village.street_id not in streets:
                # An address in 转塘街道 with a village in 北山街道 is a slip more often than
                # not, and it sends the case to the wrong street's mediators: ask once.
                self.village_mismatch = True
                self.add_error(
                    "village",
                    _(
                        "单位地址“%(address)s”位于%(streets)s，而所选的%(village)s属于%(street)s。"
                        "请核对；如确实无误，请勾选下方的确认后再提交。"
                    )
                    % {
                        "address": address,
                        "streets": "、".join(sorted(streets.values())),
                        "village": village.name,
                        "street": village.street.name,
                    },
                )
        return data

    def clean_employer_credit_code(self) -> str:
        value = self.cleaned_data["employer_credit_code"].strip()
        return validate_credit_code(value) if value else ""

    def claims(self) -> list[tuple[str, Decimal | None]]:
        rows = []
        for i in range(1, CLAIM_ROWS + 1):
            item = (self.cleaned_data.get(f"claim_{i}") or "").strip()
            if item:
                rows.append((item, self.cleaned_data.get(f"amount_{i}")))
        return rows

    def claim_rows(self):
        return [(self[f"claim_{i}"], self[f"amount_{i}"]) for i in range(1, CLAIM_ROWS + 1)]


class TrackForm(Styled, forms.Form):
    number = forms.CharField(
        label=_("案件编号"),
        max_length=24,
        help_text=_("回执上的案件编号（字母加年份和序号）。验证码将发送到案件预留的手机。"),
    )


class SupplementForm(Styled, forms.Form):
    reply = forms.CharField(
        label=_("补充说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(Styled, forms.Form):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}))


class LetterForm(Styled, forms.Form):
    anonymous = forms.BooleanField(
        label=_("匿名反映"),
        required=False,
        initial=True,
        help_text=_("匿名时不记录您的姓名和电话，单位看不到是谁反映的；但无法回复您。"),
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        required=False,
        help_text=_("实名时填写，便于工作人员答复您。"),
    )
    category = forms.ChoiceField(label=_("反映问题类别"), choices=Category.choices)
    body = forms.CharField(
        label=_("反映内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("写明问题和涉及人数，例如：本月工资推迟发放，车间约30人。"),
    )

    def clean(self):
        data = super().clean()
        if not data.get("anonymous"):
            if not (data.get("name") or "").strip():
                self.add_error("name", _("实名来信请填写姓名，或选择匿名"))
            phone = (data.get("phone") or "").strip()
            if phone:
                try:
                    data["phone"] = validate_phone(phone)
                except ValidationError as e:
                    self.add_error("phone", e)
        return data


class AnswerForm(Styled, forms.Form):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(Styled, forms.Form):
    reason = forms.CharField(label=_("关闭理由"), widget=forms.Textarea(attrs={"rows": 2}))
