"""Demo: a month of the centre's working tools in use. The cases closed lately have had their
return visits (by SMS survey or by phone, a few unsatisfied, one reopened by the leader and one
kept closed, some still waiting for the leader); the major cases are on the register with their
leaders in charge, plans, milestones (one late) and weekly notes; the joint board met twice,
handed its decisions to the bodies (two feedbacks late), and this week's meeting is called with
its agenda built."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from jiefen.accounts.choices import DepartmentKind
from jiefen.accounts.models import Department, User
from jiefen.cases.choices import CaseStatus
from jiefen.cases.models import Case
from jiefen.cases.transitions import CONCLUDED_STATUSES, OPEN_STATUSES
from jiefen.centre.choices import AgendaKind, MajorStatus, Satisfaction, VisitStatus
from jiefen.centre.models import MajorCase, Meeting, ReturnVisit
from jiefen.centre.services import (
    decision_record,
    major_close,
    major_dismiss,
    major_note_add,
    major_propose,
    major_take_charge,
    majors_screen,
    meeting_attendance_record,
    meeting_create,
    meeting_hold,
    milestone_done,
    task_accept,
    task_report,
    visit_answer,
    visit_create_for,
    visit_reopen_case,
    visit_survey_send,
    visit_unreachable,
    visit_uphold,
)
from jiefen.core.demo import demo_time

CONCLUDED = [*CONCLUDED_STATUSES, CaseStatus.CLOSED]
# After the answer library's consultations: the last step of the demo district.
ORDER = 96
# The most recent closures visited (a month at a centre of Xihu's size).
VISITED = 160
COMMENTS = {
    Satisfaction.SATISFIED: ["", "", "调解员很耐心，钱已经拿到了", "办事效率高", "谢谢政府"],
    Satisfaction.BASIC: ["", "时间有点长", "钱分两次才付清", "希望以后能快一点"],
    Satisfaction.UNSATISFIED: [
        "协议约定的第二笔钱到现在还没付",
        "加班费没有算进去",
        "企业说好的补缴社保没有办",
    ],
}
ATTENDEES = {
    DepartmentKind.LABOR_INSPECTION_SQUAD: "钱监察",
    DepartmentKind.MEDIATION_COMMITTEE: "王调解",
    DepartmentKind.ARBITRATION_TRIBUNAL: "赵仲裁",
    DepartmentKind.JUDICIAL_OFFICE: "何所长",
    DepartmentKind.GOVERNANCE_SECTION: "周局长",
    DepartmentKind.POLICE_OFFICE: "郑警官",
    DepartmentKind.TRADE_UNION: "冯主席",
}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _visits(*, rng, today: dt.date) -> dict[str, int]:
    clerk = User.objects.get(username="clerk")
    leader = User.objects.get(username="leader")
    closed = list(
        Case.objects.filter(status=CaseStatus.CLOSED, closed_at__isnull=False)
        .select_related("village__street", "village__grid_area", "lead_department")
        .order_by("-closed_at")[:VISITED]
    )
    for case in reversed(closed):
        with demo_time(case.closed_at + dt.timedelta(minutes=30)):
            visit = visit_create_for(case=case)
        if visit is None or visit.due_on >= today:
            continue  # not due yet: on the departments' list
        at = _at(visit.due_on, rng.randrange(9, 17), rng.randrange(60))
        satisfaction = rng.choices(
            [Satisfaction.SATISFIED, Satisfaction.BASIC, Satisfaction.UNSATISFIED],
            weights=[68, 22, 10],
        )[0]
        comment = rng.choice(COMMENTS[satisfaction])
        roll = rng.random()
        with demo_time(at):
            if roll < 0.08:
                visit_unreachable(visit=visit, actor=clerk, note="电话三次无人接听，短信未回复")
                continue
            texted = roll < 0.75 and visit_survey_send(visit=visit, actor=None)
        if texted and roll > 0.68 and visit.due_on >= today - dt.timedelta(days=3):
            continue  # the survey sent, not answered yet
        with demo_time(at + dt.timedelta(hours=rng.randrange(1, 30))):
            visit_answer(
                visit=visit,
                actor=None if texted else clerk,
                satisfaction=satisfaction,
                comment=comment,
            )
    waiting = list(
        ReturnVisit.objects.filter(status=VisitStatus.LEADER_REVIEW).order_by("answered_at")
    )
    decided = 0
    for visit, decide in zip(waiting[:2], (visit_uphold, visit_reopen_case), strict=False):
        with demo_time(visit.answered_at + dt.timedelta(hours=20)):
            note = (
                "经核实企业已按协议付清，已电话向当事人说明"
                if decide is visit_uphold
                else "协议履行不到位，退回调解员督促履行"
            )
            decide(visit=visit, actor=leader, note=note)
            decided += 1
    return {
        "visits": ReturnVisit.objects.count(),
        "answered": ReturnVisit.objects.exclude(satisfaction="").count(),
        "leader": ReturnVisit.objects.filter(status=VisitStatus.LEADER_REVIEW).count(),
    }


def _majors(*, rng, now: dt.datetime) -> int:
    leader = User.objects.get(username="leader")
    st_leader = User.objects.get(username="st_leader")
    with demo_time(now - dt.timedelta(days=16)):
        majors_screen()
    proposed = list(
        MajorCase.objects.filter(status=MajorStatus.PROPOSED)
        .select_related("case__village__street")
        .order_by("-case__claimant_count", "id")
    )
    plans = [
        "一、核实欠薪人数和金额；二、约谈企业法定代表人，责令制定清欠计划；"
        "三、协调建设单位、总包单位先行垫付；四、工会、司法所全程参与，防止事态扩大。",
        "一、调解委员会牵头组织集体协商；二、监察中队调取考勤和工资发放记录；"
        "三、协商不成的引导依法申请仲裁，开通绿色通道。",
        "一、公安警务室做好现场稳控；二、综治科协调街道、社区做好工人情绪疏导；"
        "三、一周内拿出清偿方案并公示。",
    ]
    for taken, (major, plan) in enumerate(zip(proposed[:3], plans, strict=False)):
        street = major.case.village.street.code
        in_charge = st_leader if street == st_leader.scope_code else leader
        start = now - dt.timedelta(days=15)
        with demo_time(start):
            major_take_charge(
                major=major,
                actor=leader,
                leader=in_charge,
                plan=plan,
                milestones=[
                    ("核实欠薪人数、金额", start.date() + dt.timedelta(days=4)),
                    ("约谈企业负责人", start.date() + dt.timedelta(days=11)),
                    ("落实清偿资金", start.date() + dt.timedelta(days=22)),
                ],
            )
        milestones = list(major.milestones.order_by("due_on"))
        with demo_time(start + dt.timedelta(days=3)):
            milestone_done(
                major=major, milestone=milestones[0], actor=in_charge, note="共涉及工人，已造册"
            )
        if taken == 0:  # the first is on track: the second step done as well
            with demo_time(start + dt.timedelta(days=10)):
                milestone_done(
                    major=major, milestone=milestones[1], actor=in_charge, note="企业承诺分期支付"
                )
        weeks = [14, 7, 0] if taken < 2 else [14]  # the third has missed its weekly notes
        for days in weeks:
            with demo_time(now - dt.timedelta(days=days, hours=2)):
                major_note_add(
                    major=major,
                    actor=in_charge,
                    text=rng.choice(
                        [
                            "本周组织劳资双方面对面协商一次，企业同意先支付50%。",
                            "监察中队已调取工资表，欠薪金额基本核实。",
                            "工人情绪稳定，未发生聚集；下周继续跟进清偿方案。",
                        ]
                    ),
                )
    if len(proposed) > 4:
        with demo_time(now - dt.timedelta(days=14)):
            major_dismiss(
                major=proposed[3], actor=leader, note="人数虽多但争议简单，已由调解员当日化解"
            )
    # Past collective cases: taken in charge when they came, struck off once resolved.
    concluded = Case.objects.filter(
        collective=True, major__isnull=True, concluded_at__isnull=False, status__in=CONCLUDED
    ).order_by("-concluded_at")[:4]
    for case in concluded:
        start = case.received_at + dt.timedelta(hours=20)
        if case.concluded_at - start < dt.timedelta(days=2):
            continue
        with demo_time(start):
            major = major_propose(case=case, actor=User.objects.get(username="clerk"))
        with demo_time(start + dt.timedelta(hours=3)):
            major_take_charge(
                major=major,
                actor=leader,
                leader=leader,
                plan=plans[0],
                milestones=[("核实欠薪人数、金额", start.date() + dt.timedelta(days=2))],
            )
        with demo_time(start + dt.timedelta(days=1)):
            milestone_done(
                major=major, milestone=major.milestones.get(), actor=leader, note="已造册"
            )
            major_note_add(major=major, actor=leader, text="企业已筹措资金，分两批支付。")
        with demo_time(case.concluded_at + dt.timedelta(hours=2)):
            major_close(
                major=major, actor=leader, note=f"案件已{case.get_outcome_display()}，销号。"
            )
    # Media attention only people can tell: a clerk proposes one this week.
    media = (
        Case.objects.filter(status__in=OPEN_STATUSES, major__isnull=True, employer__isnull=False)
        .exclude(status=CaseStatus.RECEIVED)
        .order_by("-received_at")
        .first()
    )
    if media is not None:
        with demo_time(now - dt.timedelta(days=2)):
            major_propose(
                case=media,
                actor=User.objects.get(username="clerk"),
                media_attention=True,
                note="“西湖发布”网友留言反映，记者已来电了解",
            )
    return MajorCase.objects.count()


def _board(*, now: dt.datetime) -> int:
    leader = User.objects.get(username="leader")
    district = {
        d.kind: d
        for d in Department.objects.filter(
            street__isnull=True, district__code=settings.JIEFEN_DISTRICT_CODE
        )
    }
    today = timezone.localdate(now)
    # This week's meeting: on Monday, or the coming Monday at a weekend.
    monday = today - dt.timedelta(days=today.weekday())
    if today.weekday() >= 5:
        monday += dt.timedelta(days=7)

    def meet(held_on: dt.date, absent: tuple[str, ...], decisions) -> Meeting:
        with demo_time(_at(held_on, 9)):
            meeting = meeting_create(actor=leader, held_on=held_on, location="中心三楼会议室")
            meeting_attendance_record(
                meeting=meeting,
                actor=leader,
                attendees={k: v for k, v in ATTENDEES.items() if k not in absent},
            )
        items = list(meeting.items.filter(case__isnull=False))
        for n, (kind, decision, task, due_in, reported_in, accepted) in enumerate(decisions):
            item = items[n] if n < len(items) else None
            with demo_time(_at(held_on, 10, n)):
                assist = decision_record(
                    meeting=meeting,
                    actor=leader,
                    item=item,
                    decision=decision,
                    department=district[kind],
                    task=task,
                    due_on=held_on + dt.timedelta(days=due_in),
                )
            if reported_in is not None:
                member = User.objects.filter(department=district[kind], is_active=True).first()
                with demo_time(_at(held_on + dt.timedelta(days=reported_in), 16)):
                    task_report(
                        task=assist,
                        actor=member or leader,
                        feedback="已按会议要求办理，情况如下：" + task,
                    )
                if accepted:
                    with demo_time(_at(held_on + dt.timedelta(days=reported_in + 1), 9)):
                        task_accept(task=assist, actor=leader)
        with demo_time(_at(held_on, 11, 30)):
            meeting_hold(
                meeting=meeting,
                actor=leader,
                summary="会议逐项研判了本周新增重大案件、超期案件和未关闭预警，明确了牵头和协助部门。",
            )
        return meeting

    SQ, U, J, G, P, M = (
        DepartmentKind.LABOR_INSPECTION_SQUAD,
        DepartmentKind.TRADE_UNION,
        DepartmentKind.JUDICIAL_OFFICE,
        DepartmentKind.GOVERNANCE_SECTION,
        DepartmentKind.POLICE_OFFICE,
        DepartmentKind.MEDIATION_COMMITTEE,
    )
    meet(
        monday - dt.timedelta(days=14),
        (DepartmentKind.ARBITRATION_TRIBUNAL,),
        [
            (SQ, "监察中队介入，查明欠薪数额", "调取考勤记录和工资发放台账", 4, 3, True),
            (U, "工会指导工人推选代表", "组织工人推选3名代表参加协商", 3, 2, True),
            (J, "司法所参与联合调解", "安排人民调解员参加周四联合调解并反馈结果", 7, None, False),
        ],
    )
    meet(
        monday - dt.timedelta(days=7),
        (),
        [
            (G, "综治科协调街道做好稳控", "会同街道、社区落实包保责任人", 9, None, False),
            (P, "警务室掌握工人动向", "掌握聚集苗头，发现异常及时报告", 4, None, False),
            (M, "调解委员会组织二次调解", "组织劳资双方二次调解并报送结果", 4, 4, False),
        ],
    )
    with demo_time(min(now, _at(monday, 8, 30))):
        meeting_create(actor=leader, held_on=monday, location="中心三楼会议室")
    return Meeting.objects.count()


def seed(*, out, rng) -> None:
    if Meeting.objects.exists() or ReturnVisit.objects.exists():
        return
    now = timezone.now()
    today = timezone.localdate()
    visits = _visits(rng=rng, today=today)
    majors = _majors(rng=rng, now=now)
    meetings = _board(now=now)
    agenda = Meeting.objects.order_by("-held_on").first().items.values_list("kind", flat=True)
    out.write(
        f"demo centre: {visits['visits']} return visits ({visits['answered']} answered, "
        f"{visits['leader']} waiting for the leader), {majors} major cases on the register, "
        f"{meetings} board meetings (this week's agenda: {len(agenda)} items, "
        f"{sum(1 for k in agenda if k == AgendaKind.OVERDUE)} with overdue clocks)"
    )
