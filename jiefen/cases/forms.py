"""Forms of the case screens: intake at the window, the list's filters, the moves."""

from __future__ import annotations

import io
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiefen.accounts.choices import DepartmentKind
from jiefen.cases.choices import CaseStatus, Category, Channel, ClockState, Duty, Outcome, Track
from jiefen.cases.clocks import RUNNING_CLOCK_STATES
from jiefen.cases.models import Clock
from jiefen.cases.services import ClaimantInput
from jiefen.core import bounds
from jiefen.core.messages import foreign
from jiefen.geo.forms import VillageField
from jiefen.geo.models import Street
from jiefen.geo.selectors import village_list_for_user
from jiefen.parties.validators import validate_id_number, validate_phone

MAX_IMPORT_ROWS = bounds.MAX_CLAIMANTS
YES = {"是", "y", "yes", "1", "true", "代表", "代表人", "√"}


class IntakeForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("来源渠道"), choices=Channel.choices, initial=Channel.WALK_IN
    )
    category = forms.ChoiceField(label=gettext_lazy("纠纷类别"), choices=Category.choices)
    village = VillageField(label=gettext_lazy("纠纷发生地（村/社区）"), queryset=None)
    received_at = forms.DateTimeField(
        label=gettext_lazy("接待时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=gettext_lazy("补录纸质记录时可填过去的时间；默认为现在"),
    )
    summary = forms.CharField(
        label=gettext_lazy("纠纷概要"), widget=forms.Textarea(attrs={"rows": 3})
    )
    employer_name = forms.CharField(
        label=gettext_lazy("用人单位名称"), required=False, max_length=100
    )
    employer_code = forms.CharField(
        label=gettext_lazy("统一社会信用代码或工商注册号"), required=False, max_length=20
    )
    employer_legal_rep = forms.CharField(
        label=gettext_lazy("法定代表人"), required=False, max_length=50
    )
    name = forms.CharField(label=gettext_lazy("申请人姓名"), max_length=50)
    id_number = forms.CharField(label=gettext_lazy("身份证号"), required=False, max_length=18)
    phone = forms.CharField(label=gettext_lazy("联系电话"), required=False, max_length=20)
    representative = forms.BooleanField(label=gettext_lazy("代表人"), required=False)
    worker_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    more_claimants = forms.CharField(
        label=gettext_lazy("其他申请人（每行一人：姓名、身份证号、电话、是否代表人）"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "placeholder": gettext_lazy("李四\t330106199001011234\t13800000000\t是"),
            }
        ),
    )
    claimants_file = forms.FileField(label=gettext_lazy("或导入申请人名单（xlsx）"), required=False)
    people_gathered = forms.IntegerField(
        label=gettext_lazy("现场聚集人数"), min_value=0, required=False, initial=0
    )
    extreme_behaviour = forms.BooleanField(label=gettext_lazy("有过激行为"), required=False)
    suspected_extortion = forms.BooleanField(
        label=gettext_lazy("涉嫌恶意讨薪或敲诈勒索"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["village"].queryset = village_list_for_user(user=user).order_by("code")

    def clean_worker_id(self):
        """A worker picked from the suggestions: only one on a case within the clerk's scope."""
        pk = self.cleaned_data.get("worker_id")
        if not pk:
            return None
        from jiefen.parties.selectors import worker_in_scope

        worker = worker_in_scope(user=self.user, pk=pk)
        if worker is None:
            raise ValidationError(_("所选当事人不存在或不在您的工作范围内"))
        return worker

    def clean_received_at(self):
        value = self.cleaned_data.get("received_at")
        if value and value > timezone.now() + timezone.timedelta(minutes=2):
            raise ValidationError(_("接待时间不能晚于现在"))
        return value

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "").strip()
        return validate_id_number(value) if value else ""

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        return validate_phone(value) if value else ""

    def clean(self):
        data = super().clean()
        rows: list[ClaimantInput] = []
        if data.get("name"):
            rows.append(
                ClaimantInput(
                    name=data["name"],
                    id_number=data.get("id_number", ""),
                    phone=data.get("phone", ""),
                    representative=data.get("representative", False),
                    worker=data.get("worker_id"),
                )
            )
        errors: list[str] = []
        text_rows, text_errors = parse_claimant_rows(data.get("more_claimants", ""))
        rows += text_rows
        errors += text_errors
        upload = data.get("claimants_file")
        if upload:
            file_rows, file_errors = parse_claimant_xlsx(upload)
            rows += file_rows
            errors += file_errors
        if errors:
            raise ValidationError(errors)
        if data.get("employer_code") and not data.get("employer_name"):
            self.add_error("employer_name", _("请填写用人单位名称"))
        data["claimants"] = rows
        return data


def _claimant_from_cells(cells: list[str], line: int) -> tuple[ClaimantInput | None, list[str]]:
    cells = [c.strip() for c in cells] + ["", "", "", ""]
    name, id_number, phone, rep = cells[:4]
    if not name:
        return None, [_("第%(line)d行：缺少姓名") % {"line": line}]
    errors = []
    try:
        id_number = validate_id_number(id_number) if id_number else ""
    except ValidationError as e:
        errors.append(
            _("第%(line)d行（%(name)s）：%(msg)s")
            % {"line": line, "name": name, "msg": e.messages[0]}
        )
    try:
        phone = validate_phone(phone) if phone else ""
    except ValidationError as e:
        errors.append(
            _("第%(line)d行（%(name)s）：%(msg)s")
            % {"line": line, "name": name, "msg": e.messages[0]}
        )
    if errors:
        return None, errors
    return ClaimantInput(
        name=name, id_number=id_number, phone=phone, representative=rep.lower() in YES
    ), []


def parse_claimant_rows(text: str) -> tuple[list[ClaimantInput], list[str]]:
    """Rows pasted from a spreadsheet or typed: tab, comma or spaces between the columns."""
    rows, errors = [], []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        row, row_errors = _claimant_from_cells(_split_row(line), line_no)
        errors += row_errors
        if row:
            rows.append(row)
    return rows, errors


def _split_row(line: str) -> list[str]:
    if "\t" in line:
        return line.split("\t")
    normalized = line.replace("，", ",").replace("、", ",")
    if "," in normalized:
        return normalized.split(",")
    return line.split()


def parse_claimant_xlsx(upload) -> tuple[list[ClaimantInput], list[str]]:
    """An xlsx sheet with a header row: 姓名, 身份证号, 电话, 代表人 (the last optional)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a bad file
        return [], [_("无法读取上传的文件，请上传 xlsx 格式的表格")]
    sheet = workbook.active
    rows, errors = [], []
    for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if index == 1:
            continue  # header
        if index > MAX_IMPORT_ROWS + 1:
            errors.append(_("名单过长：最多 %(n)d 行") % {"n": MAX_IMPORT_ROWS})
            break
        cells = ["" if v is None else str(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        row, row_errors = _claimant_from_cells(cells, index)
        errors += row_errors
        if row:
            rows.append(row)
    return rows, errors


class ClaimForm(forms.Form):
    item = forms.CharField(label=gettext_lazy("请求事项"), max_length=100, required=False)
    amount = forms.DecimalField(
        label=gettext_lazy("金额（元）"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None and not data.get("item"):
            raise ValidationError(_("请填写金额对应的请求事项"))
        return data


ClaimFormSet = formset_factory(ClaimForm, extra=3, max_num=20)


SMALL_SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


CLOCK_RESULTS = [("", ""), ("on_time", gettext_lazy("按时")), ("late", gettext_lazy("超时"))]


class CaseFilterForm(forms.Form):
    status = forms.CharField(required=False)
    category = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("全部类别")), *Category.choices],
        widget=SMALL_SELECT,
    )
    channel = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("全部渠道")), *Channel.choices],
        widget=SMALL_SELECT,
    )
    street = forms.CharField(required=False)
    village = forms.CharField(required=False)
    lead = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("全部牵头部门")), *DepartmentKind.choices],
        widget=SMALL_SELECT,
    )
    assignee = bounds.IdField(required=False)
    overdue = forms.BooleanField(required=False)
    collective = forms.BooleanField(required=False)
    date_from = bounds.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = bounds.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    concluded_from = bounds.DateField(required=False)
    concluded_to = bounds.DateField(required=False)
    # The filters the reports' figures link with (see jiefen/reports/links.py).
    accepted_from = bounds.DateField(required=False)
    accepted_to = bounds.DateField(required=False)
    outcome = forms.ChoiceField(required=False, choices=[("", ""), *Outcome.choices])
    pending_on = bounds.DateField(required=False)
    handled_from = bounds.DateField(required=False)
    handled_to = bounds.DateField(required=False)
    area = forms.ChoiceField(required=False, choices=[("", ""), ("own", "own")])
    clock = forms.CharField(required=False, max_length=40)
    clock_from = bounds.DateField(required=False)
    clock_to = bounds.DateField(required=False)
    clock_result = forms.ChoiceField(
        required=False,
        choices=CLOCK_RESULTS,
    )
    clock_state = forms.ChoiceField(
        required=False,
        choices=[("", ""), *[(s, ClockState(s).label) for s in RUNNING_CLOCK_STATES]],
    )
    q = forms.CharField(required=False, max_length=50)
    sort = forms.CharField(required=False)

    def figure_filter_labels(self) -> list[str]:
        """The filters a report figure linked with, in words: the list has no control for them,
        so it says what narrows it."""
        d = self.cleaned_data if self.is_valid() else {}
        out = []
        for field, text in (
            ("accepted", _("受理日期 %(from)s 至 %(to)s")),
            ("concluded", _("办结日期 %(from)s 至 %(to)s")),
        ):
            start, end = d.get(f"{field}_from"), d.get(f"{field}_to")
            if start or end:
                out.append(text % {"from": start or "…", "to": end or "…"})
        if d.get("outcome"):
            out.append(_("结果：%(outcome)s") % {"outcome": Outcome(d["outcome"]).label})
        if d.get("pending_on"):
            out.append(_("%(day)s 零时受理未办结") % {"day": d["pending_on"]})
        if d.get("handled_from") and d.get("handled_to"):
            out.append(
                _("%(from)s 至 %(to)s 期间在办（期内接待，或期初仍在办理）")
                % {"from": d["handled_from"], "to": d["handled_to"]}
            )
        if d.get("area") == "own":
            out.append(_("仅本辖区的案件（不含辖区外指派给我的）"))
        if d.get("clock") and d.get("clock_from") and d.get("clock_to"):
            label = (
                Clock.objects.filter(kind=d["clock"]).values_list("label", flat=True).first()
                or d["clock"]
            )
            result = dict(CLOCK_RESULTS).get(d.get("clock_result") or "")
            out.append(
                _("时限“%(label)s”判定于 %(from)s 至 %(to)s")
                % {"label": label, "from": d["clock_from"], "to": d["clock_to"]}
                + (f"（{result}）" if result else "")
            )
        if d.get("clock") and d.get("clock_state"):
            label = (
                Clock.objects.filter(kind=d["clock"]).values_list("label", flat=True).first()
                or d["clock"]
            )
            out.append(
                _("时限“%(label)s”当前%(state)s")
                % {"label": label, "state": ClockState(d["clock_state"]).label}
            )
        return out

    # URLs use from= and to=; "from" is a Python keyword, so the form maps them.
    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for url_name, field in (("from", "date_from"), ("to", "date_to")):
                if url_name in data and field not in data:
                    data[field] = data[url_name]
        super().__init__(data, *args, **kwargs)

    def clean_status(self):
        values = [v for v in self.cleaned_data["status"].split(",") if v]
        unknown = [v for v in values if v not in CaseStatus.values]
        if unknown:
            raise ValidationError(_("未知状态：%(s)s") % {"s": ",".join(unknown)})
        return ",".join(values)


# The filters the reports' figures link with: no control on the list page, kept there as hidden
# fields so that filtering further keeps the figure's cases.
FIGURE_FILTERS = (
    "concluded_from",
    "concluded_to",
    "accepted_from",
    "accepted_to",
    "outcome",
    "pending_on",
    "handled_from",
    "handled_to",
    "area",
    "clock",
    "clock_from",
    "clock_to",
    "clock_result",
    "clock_state",
)


class ActionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    amount_recovered = forms.DecimalField(
        label=gettext_lazy("挽回金额（元）"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    lead_kind = forms.ChoiceField(
        label=gettext_lazy("改由牵头"),
        required=False,
        choices=[("", gettext_lazy("按分流规则")), *DepartmentKind.choices],
    )
    tracks = forms.MultipleChoiceField(
        label=gettext_lazy("办理途径"),
        required=False,
        choices=Track.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    override_reason = forms.CharField(label=gettext_lazy("调整理由"), required=False)


class ReassignForm(forms.Form):
    duty = forms.ChoiceField(label=gettext_lazy("职责"), choices=Duty.choices)
    user = forms.IntegerField(label=gettext_lazy("改派给"))
    note = forms.CharField(label=gettext_lazy("理由"))
    version = forms.IntegerField(widget=forms.HiddenInput)


def street_choices():
    return [(s.code, s.name) for s in Street.objects.order_by("code")]


class CaseEditForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("纠纷概要"), widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(label=gettext_lazy("纠纷类别"), choices=Category.choices)
    channel = forms.ChoiceField(label=gettext_lazy("来源渠道"), choices=Channel.choices)
    people_gathered = forms.IntegerField(label=gettext_lazy("现场聚集人数"), min_value=0)
    extreme_behaviour = forms.BooleanField(label=gettext_lazy("有过激行为"), required=False)
    suspected_extortion = forms.BooleanField(
        label=gettext_lazy("涉嫌恶意讨薪或敲诈勒索"), required=False
    )
    employer_name = forms.CharField(
        label=gettext_lazy("用人单位名称"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("受理前须填写；不改请保持原样"),
    )
    employer_code = forms.CharField(
        label=gettext_lazy("统一社会信用代码或工商注册号"), required=False, max_length=20
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, case) -> dict:
        employer = case.employer
        return {
            **{f: getattr(case, f) for f in cls.base_fields if hasattr(case, f)},
            "employer_name": employer.name if employer else "",
            "employer_code": (employer.credit_code or employer.registration_number or "")
            if employer
            else "",
        }

    def clean(self):
        data = super().clean()
        if data.get("employer_code") and not data.get("employer_name"):
            self.add_error("employer_name", _("请填写用人单位名称"))
        return data

    def employer_named(self, case) -> dict | None:
        """The employer (name and code) the editor entered, or None when the boxes still show
        the case's own: only a changed one is looked up, so saving the form as shown keeps it."""
        name, code = self.cleaned_data["employer_name"], self.cleaned_data["employer_code"].upper()
        shown = self.initial_for(case)
        if not name or (name, code) == (shown["employer_name"], shown["employer_code"]):
            return None
        return {"name": name, "code": code}


class LinkActionForm(forms.Form):
    """A clerk's decision on a link intake found (link, dismiss, merge, split)."""

    note = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=2000)
    back = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CollectiveConfirmForm(forms.Form):
    representatives = forms.TypedMultipleChoiceField(
        label=gettext_lazy("代表人（3至5名）"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=2000)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representatives"].choices = [(c.pk, _candidate(c)) for c in candidates]


def _candidate(claimant) -> SafeString:
    """A worker who may represent, with their case: the name is theirs (marked Chinese on a page
    in another language), the brackets the reader's."""
    return mark_safe(  # noqa: S308 - the pattern is the catalogue's, both values escaped
        conditional_escape(_("%(name)s（%(case)s）"))
        % {"name": foreign(claimant.shown_name), "case": conditional_escape(claimant.case.number)}
    )
