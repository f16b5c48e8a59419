from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.models import Department
from jiefen.centre.choices import Satisfaction
from jiefen.centre.models import CentreSettings

MILESTONE_ROWS = 4


class AnswerForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("满意度"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("意见或建议"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProposeForm(forms.Form):
    media_attention = forms.BooleanField(label=_("媒体关注"), required=False)
    note = forms.CharField(label=_("提请理由"), required=False, max_length=300)


class PlanForm(forms.Form):
    """The plan and up to four new milestones (title + deadline)."""

    plan = forms.CharField(label=_("化解方案"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(MILESTONE_ROWS):
            self.fields[f"m{i}_title"] = forms.CharField(
                label=_("节点"), required=False, max_length=120
            )
            self.fields[f"m{i}_due"] = forms.DateField(
                label=_("期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )

    def clean(self):
        data = super().clean()
        for i in range(MILESTONE_ROWS):
            if data.get(f"m{i}_title") and not data.get(f"m{i}_due"):
                self.add_error(f"m{i}_due", _("请填写节点期限"))
        return data

    def milestones(self) -> list[tuple[str, dt.date]]:
        d = self.cleaned_data
        return [
            (d[f"m{i}_title"], d[f"m{i}_due"])
            for i in range(MILESTONE_ROWS)
            if d.get(f"m{i}_title") and d.get(f"m{i}_due")
        ]


class TakeChargeForm(PlanForm):
    leader = forms.IntegerField(label=_("包案领导"))


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("本周进展"), widget=forms.Textarea(attrs={"rows": 3}))


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    location = forms.CharField(label=_("地点"), required=False, max_length=120)


class DecisionForm(forms.Form):
    item = forms.IntegerField(label=_("议题"), required=False)
    decision = forms.CharField(label=_("会议决定"), widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(label=_("承办部门"), queryset=Department.objects.all())
    task = forms.CharField(label=_("协办事项"), max_length=300)
    due_on = forms.DateField(label=_("反馈期限"), widget=forms.DateInput(attrs={"type": "date"}))


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label=_("反馈情况"), widget=forms.Textarea(attrs={"rows": 3}))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = CentreSettings
        fields = [
            "visit_workdays",
            "survey_valid_days",
            "major_collective",
            "major_amount",
            "major_repeat_cases",
            "major_repeat_days",
            "major_media",
            "major_district",
        ]
