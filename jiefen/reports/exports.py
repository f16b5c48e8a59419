"""The monthly report as an xlsx workbook and a docx document, from the same `MonthlyReport`
and the same `formatting` as the printable page."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from jiefen.core.messages import is_chinese_reader, list_separator
from jiefen.core.spreadsheets import xlsx_append
from jiefen.reports.formatting import figure_rows, show
from jiefen.reports.selectors import MonthlyReport

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_title(report: MonthlyReport) -> str:
    return _("%(scope)s劳动纠纷调处工作月度汇报（%(month)s）") % {
        "scope": report.scope_label,
        "month": report.period.label,
    }


def figure_header() -> list[str]:
    return [
        _("指标"),
        _("本月"),
        _("分子/分母"),
        _("上月"),
        _("环比"),
        _("去年同月"),
        _("同比"),
    ]


def figure_table(report: MonthlyReport) -> list[list[str]]:
    return [
        [r.label, r.value, r.ratio, r.previous, r.vs_previous, r.last_year, r.vs_last_year]
        for r in figure_rows(report.current, report.previous, report.last_year)
    ]


def employer_table(report: MonthlyReport) -> list[list[str]]:
    return [
        [
            str(i),
            r["employer__name"],
            r["employer__credit_code"] or "",
            str(r["cases"]),
            str(r["workers"] or 0),
            show(r["claim_total"]),
        ]
        for i, r in enumerate(report.employers, start=1)
    ]


def major_table(report: MonthlyReport) -> list[list[str]]:
    return [
        [
            c.number,
            c.village.street.name + c.village.name,
            c.employer.name if c.employer else "",
            c.get_category_display(),
            str(c.claimant_count),
            _("是") if c.collective else "",
            c.get_level_display(),
            c.get_status_display(),
        ]
        for c in report.major
    ]


def dispute_rows(report: MonthlyReport) -> list[list[str]]:
    return [[label, show(value)] for label, value in report.table]


def owners(clock) -> str:
    return list_separator().join(
        _("%(name)s（%(role)s）") % {"name": a.user.display_name, "role": a.get_duty_display()}
        for a in getattr(clock.case, "active_assignments", [])
    )


def late_table(report: MonthlyReport) -> list[list[str]]:
    return [
        [
            c.case.number,
            c.case.village.street.name + c.case.village.name,
            c.title,
            f"{timezone.localtime(c.due_at):%Y-%m-%d %H:%M}"
            + (_("（暂定）") if c.provisional else ""),
            f"{timezone.localtime(c.met_at):%Y-%m-%d %H:%M}" if c.met_at else _("未完成"),
            owners(c) or _("未指派"),
        ]
        for c in report.late
    ]


SECTIONS = (
    ("figures", gettext_lazy("一、主要指标"), figure_header, figure_table),
    (
        "table",
        gettext_lazy("二、劳动人事争议处理情况"),
        lambda: [_("项目"), _("数值")],
        lambda r: dispute_rows(r),
    ),
    (
        "employers",
        gettext_lazy("三、纠纷最多的用人单位"),
        lambda: [
            _("序号"),
            _("用人单位"),
            _("统一社会信用代码"),
            _("案件数"),
            _("涉及人数"),
            _("请求金额（元）"),
        ],
        employer_table,
    ),
    (
        "major",
        gettext_lazy("四、重大及集体案件"),
        lambda: [
            _("案件编号"),
            _("发生地"),
            _("用人单位"),
            _("类别"),
            _("人数"),
            _("集体"),
            _("层级"),
            _("状态"),
        ],
        major_table,
    ),
    (
        "late",
        gettext_lazy("五、超期案件及承办人"),
        lambda: [_("案件编号"), _("发生地"), _("时限"), _("到期"), _("完成"), _("承办人")],
        late_table,
    ),
)


NUMBERS = "一二三四五六七八九十"


def _numbered(n: int, title) -> str:
    """A section's heading numbered as the reader's language numbers them (六、 / 6.)."""
    if not is_chinese_reader():
        return f"{n}. {title}"
    return f"{NUMBERS[n - 1] if n <= len(NUMBERS) else n}、{title}"


def all_sections(report: MonthlyReport) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report's own sections, then those other apps add (numbered on)."""
    own = [
        (str(title), [str(h) for h in header()], rows(report))
        for _k, title, header, rows in SECTIONS
    ]
    extra = [
        (_numbered(len(own) + i + 1, title),
         [str(h) for h in header], [[str(c) for c in row] for row in body])
        for i, (title, header, body) in enumerate(report.extra)
    ]  # fmt: skip
    return own + extra


def report_xlsx(report: MonthlyReport) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for title, header, rows in all_sections(report):
        ws = wb.create_sheet(title=str(title)[2:][:31])
        ws.append([report_title(report)])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([str(title)])
        xlsx_append(ws, header)
        for cell in ws[3]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center")
        for row in rows:
            xlsx_append(ws, row)
        if not rows:
            ws.append([_("无")])
        for column, width in zip("ABCDEFGH", (28, 18, 20, 14, 12, 14, 12, 12), strict=False):
            ws.column_dimensions[column].width = width
    ws = wb.create_sheet(title=str(_("口径说明")))
    ws.append([_("指标"), _("定义"), _("分子"), _("分母"), _("来源")])
    from jiefen.reports.definitions import DEFINITIONS

    for d in DEFINITIONS.values():
        xlsx_append(
            ws,
            [str(d.name), str(d.definition), str(d.numerator), str(d.denominator), str(d.source)],
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cjk(run, size: float, *, font: str = "仿宋", bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    run._element.rPr.rFonts.set(qn("w:eastAsia"), font)


def report_docx(report: MonthlyReport) -> bytes:
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _cjk(title.add_run(report_title(report)), 22, font="方正小标宋简体")
    meta = doc.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _cjk(
        meta.add_run(
            _("生成时间：%(at)s")
            % {"at": f"{timezone.localtime(report.generated_at):%Y-%m-%d %H:%M}"}
        ),
        12,
    )
    for heading, head, body in all_sections(report):
        para = doc.add_paragraph()
        _cjk(para.add_run(str(heading)), 16, font="黑体")
        if not body:
            _cjk(doc.add_paragraph().add_run(_("无")), 14)
            continue
        table = doc.add_table(rows=1, cols=len(head))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, head, strict=True):
            cell.text = ""
            _cjk(cell.paragraphs[0].add_run(text), 10.5, bold=True)
        for row in body:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = ""
                _cjk(cell.paragraphs[0].add_run(str(text)), 10.5)
    para = doc.add_paragraph()
    _cjk(para.add_run(_("口径说明")), 16, font="黑体")
    for row in figure_rows(report.current):
        _cjk(doc.add_paragraph().add_run(f"{row.label}：{row.definition}"), 10.5)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
