from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.models import User
from jiefen.cases.choices import Category
from jiefen.geo.forms import MAX_CHOICES, VillageField
from jiefen.geo.gazetteer import address_match
from jiefen.geo.models import Village


class IncidentForm(forms.Form):
    """A call taken by phone at the centre, entered by staff."""

    incident_no = forms.CharField(
        label=_("110警情编号"),
        max_length=40,
        required=False,
        help_text=_("来电未经110的可留空，系统自动编号"),
    )
    received_at = forms.DateTimeField(
        label=_("接警时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    caller_name = forms.CharField(label=_("报警人"), max_length=50)
    caller_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("地址"), max_length=200)
    # Left empty, the address finds it (jiefen.geo.gazetteer): filled in when unique, otherwise
    # the incident page lists the candidates to confirm before the units go out.
    village = VillageField(
        label=_("村/社区"),
        queryset=Village.objects.none(),
        required=False,
        help_text=_("可不填：系统按地址匹配；不能唯一确定时，请在警情页确认后派单"),
    )
    people_involved = forms.IntegerField(label=_("涉及人数"), min_value=1, initial=1)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    description = forms.CharField(label=_("警情描述"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = lambda v: f"{v.street.name} {v.name}"
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0))
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class VillageForm(forms.Form):
    village = VillageField(label=_("村/社区"), queryset=Village.objects.none())

    def __init__(self, *args, villages=None, suggest_for: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = lambda v: f"{v.street.name} {v.name}"
        if suggest_for and not self.is_bound:
            # An incident without a village: its address's candidates, to confirm with a tick.
            ids = set(self.fields["village"].queryset.values_list("pk", flat=True))
            match = address_match(suggest_for, village_ids=ids)
            self.fields["village"].widget.candidates = match.candidates[:MAX_CHOICES]


class MomentForm(forms.Form):
    at = forms.DateTimeField(
        label=_("时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("留空为当前时间"),
    )


class ReportForm(forms.Form):
    report = forms.CharField(label=_("现场情况"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=200)


class ReassignForm(ReasonForm):
    assignee = forms.ModelChoiceField(label=_("改派给"), queryset=User.objects.none())

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["assignee"].queryset = candidates
        self.fields["assignee"].label_from_instance = lambda u: (
            f"{u.department.name if u.department else ''} {u.display_name}"
        )
