from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.arbitration.choices import (
    SUSPENSION_GROUNDS,
    AwardItemKind,
    Procedure,
    RecusalDecision,
    ServedDocument,
    ServiceMode,
    Side,
    SimplifiedBasis,
)
from jiefen.arbitration.models import HearingRoom
from jiefen.cases.clockrules import ARBITRATION_RESTARTS, Approver, PauseReason
from jiefen.core.forms import StyledForm

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def arbitrators():
    return User.objects.filter(role=Role.ARBITRATOR, is_active=True).order_by("full_name")


class ArbitratorField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=arbitrators(), **kwargs)

    def label_from_instance(self, obj):
        return obj.display_name


class FileForm(StyledForm):
    knew_infringement_on = forms.DateField(
        label=_("知道权利被侵害之日"), widget=DATE, required=False
    )


class EmptyForm(StyledForm):
    pass


class CompletionNoticeForm(StyledForm):
    missing = forms.CharField(label=_("需补正的全部材料"), widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(StyledForm):
    reason = forms.CharField(label=_("不予受理理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ServeForm(StyledForm):
    document = forms.ChoiceField(label=_("文书"), choices=ServedDocument.choices)
    side = forms.ChoiceField(label=_("受送达人"), choices=Side.choices)
    mode = forms.ChoiceField(label=_("送达方式"), choices=ServiceMode.choices)
    served_at = forms.DateTimeField(label=_("送达时间"), widget=DATETIME)
    proof = forms.CharField(label=_("送达凭证"), max_length=200)
    notice_ends_on = forms.DateField(label=_("公告期满日"), widget=DATE, required=False)


class NoticeEndForm(StyledForm):
    service_id = forms.IntegerField(widget=forms.HiddenInput)


class DefenceForm(StyledForm):
    received_at = forms.DateTimeField(label=_("收到答辩书时间"), widget=DATETIME)


class ComposeForm(StyledForm):
    procedure = forms.ChoiceField(label=_("程序"), choices=Procedure.choices)
    simplified_basis = forms.ChoiceField(
        label=_("简易程序依据"), choices=[("", "—"), *SimplifiedBasis.choices], required=False
    )
    arbitrator1 = ArbitratorField(label=_("首席/独任仲裁员"))
    arbitrator2 = ArbitratorField(label=_("仲裁员"), required=False)
    arbitrator3 = ArbitratorField(label=_("仲裁员"), required=False)


class ConvertForm(StyledForm):
    arbitrator1 = ArbitratorField(label=_("首席仲裁员"))
    arbitrator2 = ArbitratorField(label=_("仲裁员"))
    arbitrator3 = ArbitratorField(label=_("仲裁员"))
    reason = forms.CharField(label=_("转普通程序理由"), max_length=200)


class RecusalRequestForm(StyledForm):
    arbitrator = ArbitratorField(label=_("被申请回避的仲裁员"))
    requested_by = forms.ChoiceField(label=_("提出方"), choices=Side.choices)
    reason = forms.CharField(label=_("理由"), max_length=500)


class RecusalDecideForm(StyledForm):
    recusal_id = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("决定"), choices=[c for c in RecusalDecision.choices if c[0] != "pending"]
    )
    note = forms.CharField(label=_("理由"), max_length=500, required=False)
    replacement = ArbitratorField(label=_("接替仲裁员"), required=False)


class BookForm(StyledForm):
    room = forms.ModelChoiceField(label=_("庭室"), queryset=HearingRoom.objects.filter(active=True))
    starts_at = forms.DateTimeField(label=_("开庭时间"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("预计结束"), widget=DATETIME)
    notice_on = forms.DateField(label=_("开庭通知日期"), widget=DATE, required=False)


class PostponeForm(StyledForm):
    hearing_id = forms.IntegerField(widget=forms.HiddenInput)
    requested_on = forms.DateField(label=_("申请日期"), widget=DATE)
    reason = forms.CharField(label=_("延期理由"), max_length=200)


class HoldForm(StyledForm):
    hearing_id = forms.IntegerField(widget=forms.HiddenInput)
    record = forms.CharField(label=_("庭审笔录摘要"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("理由"), max_length=200)


class ExtendForm(StyledForm):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=15)
    # Only the commission's chair and the persons the chair authorised in writing (recorded
    # grants, 办案规则第四十六条); the service checks the same.
    approved_by = forms.ModelChoiceField(
        label=_("批准人（主任或受其书面委托的仲裁院负责人）"),
        queryset=User.objects.filter(
            is_active=True,
            extension_grants__approver=Approver.COMMISSION_CHAIR,
            extension_grants__revoked_at__isnull=True,
        ).distinct(),
    )
    reason = forms.CharField(label=_("理由"), max_length=200)


class SuspendForm(StyledForm):
    ground = forms.ChoiceField(
        label=_("事由"),
        choices=[(g.value, g.label) for g in SUSPENSION_GROUNDS],
        initial=PauseReason.SUSPENSION,
    )
    reason = forms.CharField(label=_("理由"), max_length=200)


class RestartForm(StyledForm):
    reason = forms.ChoiceField(
        label=_("重新计算事由"), choices=[(r.value, r.label) for r in ARBITRATION_RESTARTS]
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class AwardForm(StyledForm):
    text = forms.CharField(label=_("查明事实与裁决理由"), widget=forms.Textarea(attrs={"rows": 3}))
    kind1 = forms.ChoiceField(label=_("第1项类别"), choices=AwardItemKind.choices)
    description1 = forms.CharField(label=_("第1项内容"), max_length=200)
    amount1 = forms.DecimalField(
        label=_("第1项金额"), max_digits=14, decimal_places=2, required=False
    )
    kind2 = forms.ChoiceField(label=_("第2项类别"), choices=AwardItemKind.choices, required=False)
    description2 = forms.CharField(label=_("第2项内容"), max_length=200, required=False)
    amount2 = forms.DecimalField(
        label=_("第2项金额"), max_digits=14, decimal_places=2, required=False
    )


class TermsForm(StyledForm):
    terms = forms.CharField(label=_("调解协议内容"), widget=forms.Textarea(attrs={"rows": 2}))


class ConcludeForm(StyledForm):
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
