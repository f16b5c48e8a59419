"""The registry's xlsx import: a template, a row-by-row report, all or nothing (or only the
good rows when the user asks), in one transaction."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from jiefen.geo.models import Village
from jiefen.outreach.choices import EnterpriseKind, WageGuarantee
from jiefen.outreach.models import Enterprise
from jiefen.outreach.services import EnterpriseInput, enterprise_create, enterprise_errors
from jiefen.parties.models import Employer

# (header, EnterpriseInput field, required, note shown in the template)
COLUMNS = [
    ("企业名称", "name", True, "营业执照上的名称"),
    ("统一社会信用代码", "credit_code", True, "18位"),
    ("类型", "kind", True, "规上企业 / 建筑工地 / 拆迁企业 / 其他"),
    ("村社代码", "village", True, "12位村/社区代码，如 330106010002"),
    ("地址", "address", False, ""),
    ("法定代表人", "legal_representative", False, ""),
    ("职工人数", "headcount", False, "整数"),
    ("联系人", "contact_name", False, ""),
    ("联系电话", "contact_phone", False, "手机或固定电话"),
    ("施工总承包单位", "general_contractor", False, "建筑工地必填"),
    ("项目名称", "project_name", False, "建筑工地必填"),
    ("工资保证金形式", "wage_guarantee", False, "工资保证金 / 银行保函 / 未落实"),
    ("保证金金额", "wage_guarantee_amount", False, "元"),
    ("工资专用账户", "wage_account", False, "是 / 否"),
    ("实名制登记", "real_name_registration", False, "是 / 否"),
    ("维权告示牌", "wage_notice_board", False, "是 / 否"),
    ("计划竣工日期", "planned_completion", False, "建筑工地必填，如 2026-12-31"),
]
HEADERS = [c[0] for c in COLUMNS]
LABEL_OF = {c[1]: c[0] for c in COLUMNS}
KIND_BY_LABEL = {str(k.label): k.value for k in EnterpriseKind} | {
    k.value: k.value for k in EnterpriseKind
}
GUARANTEE_BY_LABEL = {str(g.label): g.value for g in WageGuarantee} | {
    g.value: g.value for g in WageGuarantee
}
YES = {"是", "有", "Y", "YES", "TRUE", "1", "√"}
NO = {"否", "无", "N", "NO", "FALSE", "0", ""}
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class RowResult:
    row: int
    name: str
    errors: list[str] = field(default_factory=list)
    enterprise_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    rows: list[RowResult]
    imported: int = 0
    file_error: str = ""

    @property
    def bad_rows(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

    @property
    def good_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    def as_dict(self) -> dict:
        return {
            "imported": self.imported,
            "file_error": self.file_error,
            "rows": [
                {"row": r.row, "name": r.name, "ok": r.ok, "errors": r.errors} for r in self.rows
            ],
        }


def template_xlsx() -> bytes:
    """The sheet users fill in: the expected columns, a note row, one example row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "企业名册"
    ws.append(HEADERS)
    ws.append(
        [
            "杭州示例建设有限公司",
            "91330106MA2777001D",
            "建筑工地",
            "330106010002",
            "转塘街道示例路1号",
            "张三",
            120,
            "李四",
            "13905710000",
            "浙江示例建工集团有限公司",
            "示例安置房项目",
            "银行保函",
            500000,
            "是",
            "是",
            "是",
            "2026-12-31",
        ]
    )
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "必填", "说明"])
    for header, _f, required, note in COLUMNS:
        notes.append([header, "是" if required else "", note])
    for col, header in enumerate(HEADERS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = max(
            12, len(header) * 2 + 2
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_row(values: dict, villages: dict[str, Village]) -> tuple[EnterpriseInput, list[str]]:
    errors: list[str] = []
    data = EnterpriseInput(
        name=_text(values.get("name")),
        credit_code=_text(values.get("credit_code")).upper(),
        kind="",
        village=None,
    )
    kind = _text(values.get("kind"))
    data.kind = KIND_BY_LABEL.get(kind, kind)
    code = _text(values.get("village"))
    data.village = villages.get(code)
    if code and data.village is None:
        errors.append(_("村社代码“%(code)s”不存在") % {"code": code})
    for name in (
        "address",
        "legal_representative",
        "contact_name",
        "general_contractor",
        "project_name",
    ):
        setattr(data, name, _text(values.get(name)))
    data.contact_phone = _text(values.get("contact_phone"))
    headcount = _text(values.get("headcount"))
    if headcount:
        try:
            data.headcount = int(Decimal(headcount))
        except (InvalidOperation, ValueError):
            errors.append(_("职工人数应为整数"))
    guarantee = _text(values.get("wage_guarantee"))
    data.wage_guarantee = GUARANTEE_BY_LABEL.get(guarantee, guarantee) or WageGuarantee.NONE
    amount = _text(values.get("wage_guarantee_amount"))
    if amount:
        try:
            data.wage_guarantee_amount = Decimal(amount.replace(",", ""))
        except InvalidOperation:
            errors.append(_("保证金金额应为数字"))
    for name in ("wage_account", "real_name_registration", "wage_notice_board"):
        flag = _text(values.get(name)).upper()
        if flag in YES:
            setattr(data, name, True)
        elif flag not in NO:
            errors.append(_("%(col)s应填“是”或“否”") % {"col": LABEL_OF[name]})
    completion = values.get("planned_completion")
    if isinstance(completion, dt.datetime):
        data.planned_completion = completion.date()
    elif isinstance(completion, dt.date):
        data.planned_completion = completion
    elif _text(completion):
        try:
            data.planned_completion = dt.date.fromisoformat(_text(completion).replace("/", "-"))
        except ValueError:
            errors.append(_("计划竣工日期格式应为 2026-12-31"))
    return data, errors


def _read(content: bytes) -> list[tuple[int, dict]]:
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": [_("文件不能超过5MB")]})
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as e:
        raise ValidationError({"file": [_("无法读取文件，请上传由模板填写的 .xlsx 文件")]}) from e
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, [])]
    missing = [h for h, _f, required, _n in COLUMNS if required and h not in header]
    if missing:
        raise ValidationError(
            {"file": [_("缺少必需的列：%(cols)s") % {"cols": "、".join(missing)}]}
        )
    index = {c[1]: header.index(c[0]) for c in COLUMNS if c[0] in header}
    out = []
    for number, row in enumerate(rows, start=2):
        if row is None or all(v is None or _text(v) == "" for v in row):
            continue
        out.append((number, {f: row[i] if i < len(row) else None for f, i in index.items()}))
        if len(out) > MAX_ROWS:
            raise ValidationError({"file": [_("一次最多导入%(n)s行") % {"n": MAX_ROWS}]})
    wb.close()
    return out


def enterprise_import(*, actor, content: bytes, good_rows_only: bool = False) -> ImportReport:
    """Check every row and report each; import nothing while a row is bad, unless the user
    chose to import only the good rows. Everything imported goes in one transaction."""
    parsed = _read(content)
    villages = {v.code: v for v in Village.objects.all()}
    registered = set(
        Enterprise.objects.filter(employer__credit_code__isnull=False).values_list(
            "employer__credit_code", flat=True
        )
    )
    employer_names = dict(
        Employer.objects.filter(credit_code__isnull=False).values_list("credit_code", "name")
    )
    report = ImportReport(rows=[])
    inputs: dict[int, EnterpriseInput] = {}
    seen: dict[str, int] = {}
    for number, values in parsed:
        data, errors = _parse_row(values, villages)
        for field_name, messages in enterprise_errors(data).items():
            if (
                field_name == "village"
                and data.village is None
                and any("村社代码" in e for e in errors)
            ):
                continue  # already reported as an unknown code
            # The messages name their field (请填写企业名称, 统一社会信用代码校验位不正确...).
            errors.extend(messages)
        code = data.credit_code
        if code and code in seen:
            errors.append(_("统一社会信用代码与第%(row)s行重复") % {"row": seen[code]})
        elif code in registered:
            errors.append(
                _("该单位已在企业名册中（%(name)s）") % {"name": employer_names.get(code, code)}
            )
        if code:
            seen.setdefault(code, number)
        report.rows.append(RowResult(row=number, name=data.name, errors=errors))
        inputs[number] = data
    if not report.rows:
        report.file_error = _("表格中没有数据行")
        return report
    if report.bad_rows and not good_rows_only:
        return report
    with transaction.atomic():
        for result in report.good_rows:
            enterprise = enterprise_create(actor=actor, data=inputs[result.row])
            result.enterprise_id = enterprise.pk
            report.imported += 1
    return report
