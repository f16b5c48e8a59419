"""Pages of return visits, the major-case register and the joint board; thin: parse, scoped
fetch, one service, respond."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.accounts.models import User
from jiefen.cases.selectors import case_get_for_user, case_visible
from jiefen.centre import policies as P
from jiefen.centre import selectors, services
from jiefen.centre.choices import AgendaKind, MajorStatus, Satisfaction, VisitStatus
from jiefen.centre.documents import minutes_document
from jiefen.centre.forms import (
    AnswerForm,
    DecisionForm,
    FeedbackForm,
    MeetingForm,
    PlanForm,
    ProgressForm,
    ProposeForm,
    SettingsForm,
    TakeChargeForm,
)
from jiefen.centre.links import SurveyLinkInvalid, survey_visit
from jiefen.centre.models import Milestone
from jiefen.centre.transitions import (
    MAJOR_LIFECYCLE,
    MEETING_LIFECYCLE,
    TASK_LIFECYCLE,
    VISIT_LIFECYCLE,
    VISIT_WAITING,
)
from jiefen.core.access import policy_required, public
from jiefen.core.choices import choice_options
from jiefen.core.documents import document_docx_response
from jiefen.core.exceptions import ApplicationError


def _attempt(request: HttpRequest, call: Callable[[], object], done: str = "") -> bool:
    """Run one service; its refusal becomes a message on the page."""
    try:
        call()
    except ValidationError as exc:
        for errors in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
            for error in errors:
                messages.error(request, error)
        return False
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    if done:
        messages.success(request, done)
    return True


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


# ---------------------------------------------------------------- return visits


@policy_required(P.VISITS)
def visits_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "waiting")
    mine = request.GET.get("mine") == "1"
    qs = selectors.visit_list(user=request.user, mine=mine)
    if status == "waiting":
        qs = qs.filter(status__in=VISIT_WAITING)
    elif status in VisitStatus.values:
        qs = qs.filter(status=status)
    visits, today = list(qs[:200]), timezone.localdate()
    for visit in visits:
        visit.overdue = selectors.visit_is_overdue(visit, today)  # type: ignore[attr-defined]
    return render(
        request,
        "centre/visits.html",
        {
            "visits": visits,
            "status_options": choice_options(
                [("waiting", _("待回访（含已发问卷）")), *VisitStatus.choices], status
            ),
            "mine": mine,
            "review_count": selectors.leader_queue(user=request.user).count(),
        },
    )


@policy_required(P.VISITS)
def visit_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    actions = VISIT_LIFECYCLE.available_actions(visit, request.user)
    return render(
        request,
        "centre/visit.html",
        {
            "visit": visit,
            "case": visit.case,
            "actions": actions,
            "answer_form": AnswerForm(),
            "can_answer": bool({"answer", "answer_unsatisfied"} & actions),
        },
    )


@policy_required(P.VISITS)
@require_POST
def visit_act_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    action, user = request.POST.get("action", ""), request.user
    note = request.POST.get("note", "")
    if action == "answer":
        form = AnswerForm(request.POST)
        if form.is_valid():
            _attempt(
                request,
                lambda: services.visit_answer(visit=visit, actor=user, **form.cleaned_data),
                _("已登记回访结果"),
            )
        else:
            _form_errors(request, form)
    elif action == "send_survey":
        sent = []
        if _attempt(
            request, lambda: sent.append(services.visit_survey_send(visit=visit, actor=user))
        ):
            if sent and sent[0]:
                messages.success(request, _("已短信发送回访问卷"))
            else:
                messages.warning(request, _("当事人未留手机号码，请电话回访或登记无法回访"))
    elif action == "mark_unreachable":
        _attempt(request, lambda: services.visit_unreachable(visit=visit, actor=user, note=note))
    elif action == "reopen_case":
        _attempt(
            request,
            lambda: services.visit_reopen_case(visit=visit, actor=user, note=note),
            _("案件已重新办理"),
        )
    elif action == "uphold":
        _attempt(request, lambda: services.visit_uphold(visit=visit, actor=user, note=note))
    return redirect("centre:visit", pk=visit.pk)


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """[start, end) from ?start=&end= (ISO dates), this month by default."""
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = today.replace(day=1)
    try:
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today + dt.timedelta(days=1)
    return start, max(end, start + dt.timedelta(days=1))


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@policy_required(P.SATISFACTION)
def satisfaction_view(request: HttpRequest) -> HttpResponse:
    """The satisfaction rate's drill-down: the answered visits behind it, with their cases."""
    start, end = _period(request)
    street = request.GET.get("street", "")
    answer = request.GET.get("answer", "")
    window = {"start": _aware(start), "end": _aware(end), "street": street}
    return render(
        request,
        "centre/satisfaction.html",
        {
            "rate": selectors.satisfaction_rate(user=request.user, **window),
            "visits": selectors.visits_answered(user=request.user, satisfaction=answer, **window)[
                :500
            ],
            "start": start,
            "end": end,
            "last_day": end - dt.timedelta(days=1),
            "street": street,
            "answer": answer,
            "answers": [("satisfied", _("满意和基本满意")), *Satisfaction.choices],
        },
    )


@public
def survey_view(request: HttpRequest, token: str) -> HttpResponse:
    """The one-screen public survey a party opens from the SMS."""
    try:
        visit = survey_visit(token)
    except SurveyLinkInvalid as exc:
        return render(request, "centre/survey.html", {"invalid": exc.message}, status=404)
    if not VISIT_LIFECYCLE.allows_from("answer", visit.status):
        return render(request, "centre/survey.html", {"visit": visit, "answered": True})
    form = AnswerForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request, lambda: services.visit_answer(visit=visit, actor=None, **form.cleaned_data)
        )
    ):
        return render(request, "centre/survey.html", {"visit": visit, "thanks": True})
    return render(request, "centre/survey.html", {"visit": visit, "form": form})


# ---------------------------------------------------------------- the major-case register


@policy_required(P.MAJORS)
def majors_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in MajorStatus.values:
        status = ""
    rows = selectors.major_register(user=request.user, status=status)
    return render(
        request,
        "centre/majors.html",
        {
            "rows": rows,
            "status_options": choice_options(MajorStatus.choices, status),
            "counts": selectors.major_counts(user=request.user),
        },
    )


@policy_required(P.MAJORS)
def major_view(request: HttpRequest, pk: int) -> HttpResponse:
    major = selectors.major_get_for_user(user=request.user, pk=pk)
    actions = MAJOR_LIFECYCLE.available_actions(major, request.user)
    leaders = [
        u
        for u in selectors.major_candidates(user=request.user)
        if case_visible(user=u, case=major.case)
    ]
    return render(
        request,
        "centre/major.html",
        {
            "major": major,
            "case": major.case,
            "actions": actions,
            "milestones": list(major.milestones.all()),
            "notes": list(major.notes.select_related("author")),
            "leaders": leaders if "take_charge" in actions else [],
            "take_form": TakeChargeForm(initial={"leader": request.user.pk}),
            "plan_form": PlanForm(initial={"plan": major.plan}),
            "can_plan": MAJOR_LIFECYCLE.allows_step("plan", major)
            and P.MAJOR_PLAN.allows(request.user, major),
            "can_note": MAJOR_LIFECYCLE.allows_step("note", major)
            and P.MAJOR_NOTE.allows(request.user, major),
            "today": timezone.localdate(),
        },
    )


@policy_required(P.MAJORS)
@require_POST
def major_act_view(request: HttpRequest, pk: int) -> HttpResponse:
    major = selectors.major_get_for_user(user=request.user, pk=pk)
    action, user = request.POST.get("action", ""), request.user
    note = request.POST.get("note", "")
    if action == "take_charge":
        form = TakeChargeForm(request.POST)
        if form.is_valid():
            leader = User.objects.filter(pk=form.cleaned_data["leader"]).first()
            _attempt(
                request,
                lambda: services.major_take_charge(
                    major=major,
                    actor=user,
                    leader=leader,
                    plan=form.cleaned_data["plan"],
                    milestones=form.milestones(),
                ),
                _("已明确包案领导"),
            )
        else:
            _form_errors(request, form)
    elif action == "plan":
        form = PlanForm(request.POST)
        if form.is_valid():
            _attempt(
                request,
                lambda: services.major_plan_update(
                    major=major,
                    actor=user,
                    version=int(request.POST.get("version") or 0),
                    plan=form.cleaned_data["plan"],
                    milestones=form.milestones(),
                ),
                _("化解方案已更新"),
            )
        else:
            _form_errors(request, form)
    elif action == "note":
        form = ProgressForm(request.POST)
        if form.is_valid():
            _attempt(
                request,
                lambda: services.major_note_add(
                    major=major, actor=user, text=form.cleaned_data["text"]
                ),
                _("本周进展已报送"),
            )
        else:
            _form_errors(request, form)
    elif action == "milestone_done":
        milestone = get_object_or_404(Milestone, pk=request.POST.get("milestone"), major=major)
        _attempt(
            request,
            lambda: services.milestone_done(
                major=major, milestone=milestone, actor=user, note=note
            ),
        )
    elif action == "dismiss":
        _attempt(request, lambda: services.major_dismiss(major=major, actor=user, note=note))
    elif action == "close":
        _attempt(request, lambda: services.major_close(major=major, actor=user, note=note))
    return redirect("centre:major", pk=major.pk)


@policy_required(P.MAJORS)
@require_POST
def major_propose_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=case_pk)
    form = ProposeForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.major_propose(case=case, actor=request.user, **form.cleaned_data),
            _("已提请列入重大案件"),
        )
    return redirect(case)


# ---------------------------------------------------------------- the joint board


@policy_required(P.BOARD)
def board_view(request: HttpRequest) -> HttpResponse:
    """The open assist tasks by body, and the meetings."""
    return render(
        request,
        "centre/board.html",
        {
            "columns": selectors.task_board(user=request.user),
            "counts": selectors.board_counts(user=request.user),
            "meetings": selectors.meeting_list(user=request.user)[:12],
            "can_convene": P.CONVENE.holds(request.user),
            "whole_board": selectors.sees_whole_board(request.user),
            "meeting_form": MeetingForm(initial={"held_on": timezone.localdate()}),
        },
    )


@policy_required(P.CONVENE)
@require_POST
def meeting_create_view(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("centre:board")
    made = []
    _attempt(
        request,
        lambda: made.append(services.meeting_create(actor=request.user, **form.cleaned_data)),
    )
    return redirect(made[0]) if made else redirect("centre:board")


@policy_required(P.BOARD)
def meeting_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    items, tasks = selectors.meeting_agenda(user=request.user, meeting=meeting)
    groups = [(label, [i for i in items if i.kind == kind]) for kind, label in AgendaKind.choices]
    today = timezone.localdate()
    for task in tasks:
        task.overdue = selectors.task_is_overdue(task, today)
    convenes = P.CONVENE.holds(request.user)
    return render(
        request,
        "centre/meeting.html",
        {
            "meeting": meeting,
            "whole_board": selectors.sees_whole_board(request.user),
            "groups": groups,
            "items": items,
            "attendance": list(meeting.attendance.all()),
            "tasks": tasks,
            "actions": MEETING_LIFECYCLE.available_actions(meeting, request.user),
            # Attendance and decisions until it is cancelled; the agenda while in preparation.
            "can_convene": convenes and MEETING_LIFECYCLE.allows_step("record", meeting),
            "can_rebuild": convenes
            and MEETING_LIFECYCLE.allows_step("build_agenda", meeting)
            and not tasks,
            "decision_form": DecisionForm(initial={"due_on": today + dt.timedelta(days=7)}),
        },
    )


@policy_required(P.CONVENE)
@require_POST
def meeting_act_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    action, user = request.POST.get("action", ""), request.user
    if action == "rebuild":
        _attempt(request, lambda: services.meeting_agenda_build(meeting=meeting, actor=user))
    elif action == "attendance":
        attendees = {
            a.department_kind: request.POST.get(f"att_{a.department_kind}", "")
            for a in meeting.attendance.all()
        }
        _attempt(
            request,
            lambda: services.meeting_attendance_record(
                meeting=meeting, actor=user, attendees=attendees
            ),
            _("出席情况已保存"),
        )
    elif action == "decision":
        form = DecisionForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            item_pk = data.pop("item")
            item = meeting.items.filter(pk=item_pk).first() if item_pk else None
            _attempt(
                request,
                lambda: services.decision_record(meeting=meeting, actor=user, item=item, **data),
                _("会议决定已交办"),
            )
        else:
            _form_errors(request, form)
    elif action == "hold":
        _attempt(
            request,
            lambda: services.meeting_hold(
                meeting=meeting, actor=user, summary=request.POST.get("summary", "")
            ),
        )
    elif action == "cancel":
        _attempt(
            request,
            lambda: services.meeting_cancel(
                meeting=meeting, actor=user, note=request.POST.get("note", "")
            ),
        )
    return redirect(meeting)


@policy_required(P.BOARD)
def meeting_minutes_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as a Word document: the whole district's agenda, for the district's people."""
    if not selectors.sees_whole_board(request.user):
        raise Http404
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    return document_docx_response(minutes_document(meeting=meeting))


@policy_required(P.BOARD)
def task_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(user=request.user, pk=pk)
    task.overdue = selectors.task_is_overdue(task)
    return render(
        request,
        "centre/task.html",
        {
            "task": task,
            "actions": TASK_LIFECYCLE.available_actions(task, request.user),
            "form": FeedbackForm(),
        },
    )


@policy_required(P.BOARD)
@require_POST
def task_act_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(user=request.user, pk=pk)
    action, user = request.POST.get("action", ""), request.user
    if action == "report":
        _attempt(
            request,
            lambda: services.task_report(
                task=task, actor=user, feedback=request.POST.get("feedback", "")
            ),
            _("已反馈"),
        )
    elif action == "accept":
        _attempt(request, lambda: services.task_accept(task=task, actor=user))
    elif action == "send_back":
        _attempt(
            request,
            lambda: services.task_send_back(
                task=task, actor=user, note=request.POST.get("note", "")
            ),
        )
    return redirect(reverse("centre:task", args=[task.pk]))


# ---------------------------------------------------------------- settings


@policy_required(P.SETTINGS)
def settings_view(request: HttpRequest) -> HttpResponse:
    row = services.centre_settings()
    form = SettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in SettingsForm.Meta.fields}
        if _attempt(
            request,
            lambda: services.centre_settings_update(
                actor=request.user, version=int(request.POST.get("version") or 0), **values
            ),
            _("设置已保存"),
        ):
            return redirect("centre:settings")
    return render(request, "centre/settings.html", {"form": form, "row": row})
