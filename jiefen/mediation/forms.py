from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.models import User
from jiefen.core.forms import StyledForm
from jiefen.mediation.choices import ReviewKind, ReviewOutcome

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class StartForm(StyledForm):
    mediator = forms.ModelChoiceField(queryset=User.objects.none(), label=_("调解员"))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = User.objects.filter(pk__in=[u.pk for u in candidates])
        loads = {u.pk: u.open_load for u in candidates}
        self.fields["mediator"].choices = [
            (u.pk, f"{u.display_name}（{u.get_scope_level_display()}，在办{loads[u.pk]}件）")
            for u in candidates
        ]


class SessionForm(StyledForm):
    held_at = forms.DateTimeField(label=_("时间"), widget=DATETIME)
    online = forms.BooleanField(label=_("线上调解"), required=False)
    place = forms.CharField(label=_("地点"), required=False, max_length=100)
    meeting_link = forms.URLField(label=_("视频会议链接"), required=False, assume_scheme="https")
    attendees = forms.CharField(label=_("参加人员"), max_length=300)
    minutes = forms.CharField(label=_("调解笔录"), widget=forms.Textarea(attrs={"rows": 3}))


class AgreementForm(StyledForm):
    signed_on = forms.DateField(label=_("签订日期"), widget=DATE)
    terms = forms.CharField(label=_("协议内容"), widget=forms.Textarea(attrs={"rows": 3}))
    item = forms.CharField(label=_("履行事项"), max_length=100)
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=14, decimal_places=2)
    due_on = forms.DateField(label=_("履行期限"), widget=DATE)
    item2 = forms.CharField(label=_("第二期事项（可选）"), max_length=100, required=False)
    amount2 = forms.DecimalField(
        label=_("第二期金额"), max_digits=14, decimal_places=2, required=False
    )
    due_on2 = forms.DateField(label=_("第二期期限"), widget=DATE, required=False)
    review_kind = forms.ChoiceField(label=_("审查确认"), choices=ReviewKind.choices, required=False)


class PaymentForm(StyledForm):
    item_id = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label=_("本次履行金额"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(label=_("履行日期"), widget=DATE)


class ReviewRequestForm(StyledForm):
    kind = forms.ChoiceField(label=_("方式"), choices=[c for c in ReviewKind.choices if c[0]])
    requested_on = forms.DateField(label=_("申请日期"), widget=DATE)


class ReviewDecideForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("结果"), choices=[c for c in ReviewOutcome.choices if c[0] != "pending"]
    )
    decided_on = forms.DateField(label=_("决定日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), required=False, max_length=500)


class TransferForm(StyledForm):
    reason = forms.CharField(label=_("调解不成的原因"), widget=forms.Textarea(attrs={"rows": 2}))
    knew_infringement_on = forms.DateField(
        label=_("知道权利被侵害之日"), widget=DATE, required=False
    )


class RefuseForm(StyledForm):
    note = forms.CharField(label=_("拒绝调解的情况"), widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(StyledForm):
    note = forms.CharField(label=_("化解结果"), required=False, max_length=500)
