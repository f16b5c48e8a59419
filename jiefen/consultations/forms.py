from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import Category


class SearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[("", _("全部类别")), *Category.choices],
        widget=forms.Select(attrs={"class": "form-select w-auto", "aria-label": _("类别")}),
    )


class SendForm(forms.Form):
    answer = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    text = forms.CharField(
        label=_("答复内容"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        max_length=4000,
        help_text=_("可在库中答复的基础上补充本案情况；将记入案件办理记录"),
    )
    sms = forms.BooleanField(
        label=_("同时短信发送给咨询人"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class ReviewForm(forms.Form):
    review_due = forms.DateField(
        label=_("下次复核日期"),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
        ),
    )
