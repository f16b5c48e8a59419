"""The case list as an xlsx file: what the screen shows, identifiers masked."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from jiefen.cases.clocks import clock_state
from jiefen.core.spreadsheets import xlsx_append

HEADERS = [
    _("案件编号"),
    _("状态"),
    _("类别"),
    _("渠道"),
    _("街道"),
    _("村/社区"),
    _("用人单位"),
    _("申请人数"),
    _("集体争议"),
    _("请求金额"),
    _("牵头部门"),
    _("承办人"),
    _("接待时间"),
    _("受理时间"),
    _("最近时限"),
    _("时限状态"),
]
MAX_EXPORT_ROWS = 50_000


def cases_xlsx(cases) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(gettext_now("案件"))
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    now = timezone.now()
    yes, no = gettext_now("是"), gettext_now("否")
    # A due date in a year whose holiday schedule is not published yet is provisional.
    provisional = gettext_now("暂定")
    for case in cases[:MAX_EXPORT_ROWS]:
        open_clocks = [c for c in case.clocks.all() if c.is_open]
        first = open_clocks[0] if open_clocks else None
        xlsx_append(
            sheet,
            [
                case.number,
                case.get_status_display(),
                case.get_category_display(),
                case.get_channel_display(),
                case.village.street.name,
                case.village.name,
                case.employer.name if case.employer else "",
                case.claimant_count,
                yes if case.collective else no,
                float(case.claim_total),
                case.lead_department.name if case.lead_department else "",
                "、".join(a.user.display_name for a in case.active_assignments),
                timezone.localtime(case.received_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(case.accepted_at).strftime("%Y-%m-%d %H:%M")
                if case.accepted_at
                else "",
                f"{first.label} {timezone.localtime(first.due_at):%Y-%m-%d}"
                + (f"（{provisional}）" if first.provisional else "")
                if first
                else "",
                str(first and clock_state(first, now=now)) if first else "",
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
