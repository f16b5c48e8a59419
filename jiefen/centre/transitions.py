"""The lifecycles of the centre's tools, each one table moved by the kernel's one mover:
a return visit, a major case, a board meeting and an assist task."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiefen.centre import policies as P
from jiefen.centre.choices import MajorStatus as MS
from jiefen.centre.choices import MeetingStatus as GS
from jiefen.centre.choices import TaskStatus as TS
from jiefen.centre.choices import VisitStatus as VS
from jiefen.centre.models import AssistTask, CentreEvent, MajorCase, Meeting, ReturnVisit
from jiefen.core.lifecycle import Lifecycle, Moved, Transition


def _recorder(subject: str):
    def record(moved: Moved) -> None:
        CentreEvent.objects.create(
            subject=subject,
            object_id=moved.obj.pk,
            at=timezone.now(),
            actor=moved.actor,
            action=moved.transition.action,
            old_status=moved.old,
            new_status=moved.new,
            note=moved.note,
        )

    return record


# Not yet answered: what the sweep, a call or the survey may still answer.
VISIT_WAITING = frozenset({VS.PENDING, VS.SURVEY_SENT})

VISIT_LIFECYCLE: Lifecycle[ReturnVisit] = Lifecycle(
    name="return_visit",
    model=ReturnVisit,
    states=VS,
    subject=_("回访"),
    record=_recorder("return_visit"),
    transitions=[
        Transition("send_survey", _("发送回访问卷"), frozenset({VS.PENDING}), VS.SURVEY_SENT,
                   P.VISIT_SEND),
        Transition("answer", _("登记满意"), VISIT_WAITING, VS.ANSWERED, P.VISIT_ANSWER),
        # An unsatisfied answer goes to the leader, who reopens the case or keeps it closed.
        Transition("answer_unsatisfied", _("登记不满意"), VISIT_WAITING, VS.LEADER_REVIEW,
                   P.VISIT_ANSWER),
        Transition("mark_unreachable", _("无法回访"), VISIT_WAITING, VS.UNREACHABLE, P.VISIT,
                   _("无法回访的原因")),
        Transition("reopen_case", _("重新办理案件"), frozenset({VS.LEADER_REVIEW}), VS.REOPENED,
                   P.VISIT_REVIEW, _("重新办理理由")),
        Transition("uphold", _("维持结案"), frozenset({VS.LEADER_REVIEW}), VS.UPHELD,
                   P.VISIT_REVIEW, _("维持结案的理由及对当事人的答复")),
    ],
)  # fmt: skip

MAJOR_LIFECYCLE: Lifecycle[MajorCase] = Lifecycle(
    name="major_case",
    model=MajorCase,
    states=MS,
    subject=_("重大案件"),
    record=_recorder("major_case"),
    # The leader in charge revises the plan and reports weekly progress only while in charge.
    steps={"plan": {MS.IN_CHARGE}, "note": {MS.IN_CHARGE}},
    transitions=[
        Transition("take_charge", _("认定并包案"), frozenset({MS.PROPOSED}), MS.IN_CHARGE,
                   P.MAJOR_TAKE),
        Transition("dismiss", _("不列入"), frozenset({MS.PROPOSED}), MS.DISMISSED, P.MAJOR_TAKE,
                   _("不列入的理由")),
        Transition("close", _("销号"), frozenset({MS.IN_CHARGE}), MS.CLOSED, P.MAJOR_CLOSE,
                   _("销号说明")),
    ],
)  # fmt: skip

MEETING_LIFECYCLE: Lifecycle[Meeting] = Lifecycle(
    name="board_meeting",
    model=Meeting,
    states=GS,
    subject=_("联排会议"),
    record=_recorder("board_meeting"),
    # The agenda is rebuilt while in preparation; attendance and decisions are recorded until
    # the meeting is cancelled.
    steps={"build_agenda": {GS.DRAFT}, "record": {GS.DRAFT, GS.HELD}},
    transitions=[
        Transition("hold", _("会议已召开"), frozenset({GS.DRAFT}), GS.HELD, P.CONVENE),
        Transition("cancel", _("取消会议"), frozenset({GS.DRAFT}), GS.CANCELLED, P.CONVENE,
                   _("取消理由")),
    ],
)  # fmt: skip

TASK_LIFECYCLE: Lifecycle[AssistTask] = Lifecycle(
    name="assist_task",
    model=AssistTask,
    states=TS,
    subject=_("协办任务"),
    record=_recorder("assist_task"),
    transitions=[
        Transition("report", _("反馈"), frozenset({TS.ASSIGNED}), TS.REPORTED, P.FEEDBACK,
                   _("反馈情况")),
        Transition("accept", _("验收办结"), frozenset({TS.REPORTED}), TS.DONE, P.TASK_CLOSE),
        Transition("send_back", _("退回"), frozenset({TS.REPORTED}), TS.ASSIGNED, P.TASK_CLOSE,
                   _("退回理由")),
    ],
)  # fmt: skip
