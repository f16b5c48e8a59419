"""The minutes of a board meeting as an official document (Word and printable)."""

from __future__ import annotations

from django.utils import timezone

from jiefen.accounts.choices import DepartmentKind
from jiefen.centre.choices import AgendaKind
from jiefen.centre.models import Meeting
from jiefen.core.documents import OfficialDocument
from jiefen.geo.selectors import district_of_user

NUMERALS = "一二三四五六七八九十"


def _n(i: int) -> str:
    return NUMERALS[i] if i < len(NUMERALS) else str(i + 1)


def minutes_document(*, meeting: Meeting) -> OfficialDocument:
    """会议纪要: when and where, who attended for the seven bodies, the agenda by kind, and each
    decision with the body it was handed to and the date its feedback is due."""
    district = district_of_user(meeting.convenor)
    centre = district.centre_title if district else ""
    attendance = list(meeting.attendance.all())
    present = [
        f"{DepartmentKind(a.department_kind).label}（{a.attendee}）"
        for a in attendance
        if a.present
    ]
    absent = [str(DepartmentKind(a.department_kind).label) for a in attendance if not a.present]
    body = [
        f"会议时间：{meeting.held_on:%Y年%m月%d日}；地点：{meeting.location or '中心会议室'}；"
        f"召集人：{meeting.convenor.display_name}。",
        "出席单位：" + ("、".join(present) or "无") + "。",
    ]
    if absent:
        body.append("缺席单位：" + "、".join(absent) + "。")
    items = list(meeting.items.all())
    section = 0
    for kind, label in AgendaKind.choices:
        these = [i for i in items if i.kind == kind]
        if not these:
            continue
        body.append(f"{_n(section)}、{label}（{len(these)}项）")
        section += 1
        for j, item in enumerate(these, start=1):
            body.append(f"{j}. {item.title}" + (f"：{item.detail}" if item.detail else ""))
    tasks = list(meeting.tasks.select_related("department", "case"))
    body.append(f"{_n(section)}、会议决定及交办事项（{len(tasks)}项）")
    for j, task in enumerate(tasks, start=1):
        case = f"（案件{task.case.number}）" if task.case_id else ""
        body.append(
            f"{j}. {task.decision}{case}。交办{task.department.name}：{task.task}，"
            f"于{task.due_on:%Y年%m月%d日}前反馈办理情况。"
        )
    if meeting.summary:
        body.append(f"{_n(section + 1)}、会议小结：{meeting.summary}")
    return OfficialDocument(
        issuing_body=centre,
        title="矛盾纠纷联排联调会议纪要",
        case_number="",
        body=body,
        signature=centre,
        date=meeting.held_on or timezone.localdate(),
        filename=f"联排会议纪要-{meeting.held_on:%Y%m%d}",
    )
