"""The centre's parts of other pages: the case page (its return visits, its place on the
major-case register, its assist tasks), the dashboard (satisfaction rate, the register, the
board) and the monthly report (the register)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from jiefen.cases.panels import case_has_rows
from jiefen.cases.transitions import case_is_open
from jiefen.centre import policies as P
from jiefen.centre import selectors
from jiefen.centre.choices import MajorStatus, Satisfaction
from jiefen.centre.forms import ProposeForm
from jiefen.centre.models import AssistTask, MajorCase, ReturnVisit
from jiefen.core.messages import list_separator


def case_rows() -> dict[str, Exists]:
    """The tables the panel reads, for the case page's one probe (`jiefen.cases.panels`)."""
    case = OuterRef("pk")
    return {
        "centre_visits": Exists(ReturnVisit.objects.filter(case=case)),
        "centre_major": Exists(MajorCase.objects.filter(case=case)),
        "centre_tasks": Exists(AssistTask.objects.filter(case=case)),
    }


def case_panel(*, request, case) -> str:
    user = request.user
    if not P.VISITS.holds(user):
        return ""
    visits = (
        list(case.return_visits.select_related("department").order_by("-closure_at"))
        if case_has_rows(case, "centre_visits")
        else []
    )
    major = (
        MajorCase.objects.filter(case=case).select_related("leader").first()
        if case_has_rows(case, "centre_major")
        else None
    )
    tasks = (
        list(case.assist_tasks.select_related("department").order_by("due_on"))
        if case_has_rows(case, "centre_tasks")
        else []
    )
    today = timezone.localdate()
    for task in tasks:
        task.overdue = selectors.task_is_overdue(task, today)
    can_propose = major is None and case_is_open(case) and P.MAJOR_PROPOSE.allows(user, case)
    if not (visits or major or tasks or can_propose):
        return ""
    return render_to_string(
        "centre/_case_panel.html",
        {
            "case": case,
            "visits": visits,
            "major": major,
            "tasks": tasks,
            "can_propose": can_propose,
            "propose_form": ProposeForm(),
        },
        request=request,
    )


def dashboard_panel(*, request, start: dt.datetime, end: dt.datetime, street: str = "") -> str:
    """The satisfaction rate (numerator/denominator, drilling down to the cases), the major-case
    register and the board's open assist tasks."""
    user = request.user
    if not P.SATISFACTION.holds(user):
        return ""
    rate, review = selectors.visit_counts(user=user, start=start, end=end, street=street)
    query = {
        "start": timezone.localtime(start).date().isoformat(),
        "end": timezone.localtime(end).date().isoformat(),
    }
    if street:
        query["street"] = street
    return render_to_string(
        "centre/_dashboard_panel.html",
        {
            "rate": rate,
            "drill": f"{reverse('centre:satisfaction')}?{urlencode(query)}",
            "unsatisfied": f"{reverse('centre:satisfaction')}?"
            + urlencode({**query, "answer": "unsatisfied"}),
            "review": review,
            "majors": selectors.major_counts(user=user, street=street),
            "board": selectors.board_counts(user=user),
        },
        request=request,
    )


def monthly_report_sections(*, user, start: dt.datetime, end: dt.datetime, street: str = ""):
    """The monthly report's section on the register: every major case in charge during the
    month, with its leader, plan progress and latest weekly note; and the month's return visits."""
    rows = []
    for r in selectors.major_register(user=user, street=street):
        m = r.major
        if m.status == MajorStatus.DISMISSED or m.proposed_at >= end:
            continue
        if m.closed_at and m.closed_at < start:
            continue
        rows.append(
            [
                m.case.number,
                m.case.employer.name if m.case.employer else "",
                list_separator().join(m.reason_labels),
                m.leader.display_name if m.leader else _("未明确"),
                m.get_status_display(),
                f"{r.done}/{r.milestones}",
                str(r.overdue),
                f"{r.last_week:%m-%d}" if r.last_week else _("未报"),
            ]
        )
    rate = selectors.satisfaction_rate(user=user, start=start, end=end, street=street)
    visits = [
        [
            _("满意率（满意+基本满意）"),
            f"{rate.percent}%" if rate.percent is not None else "—",
            f"{rate.numerator}/{rate.denominator}",
        ],
        *[
            [str(label), str(rate.counts.get(value, 0)), ""]
            for value, label in Satisfaction.choices
        ],
    ]
    return [
        (
            _("领导包案重大案件"),
            [
                _("案件编号"),
                _("用人单位"),
                _("列入理由"),
                _("包案领导"),
                _("状态"),
                _("节点完成"),
                _("节点超期"),
                _("最近周进展"),
            ],
            rows,
        ),
        (_("结案回访"), [_("项目"), _("数值"), _("分子/分母")], visits),
    ]
