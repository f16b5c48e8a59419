"""Demo: a year of labor inspection in the district, built through the services.

Wage-arrears cases received over the past year (taken at the front desk, or complained of or
reported straight to the squad, some anonymously), opened on time or late or not at all,
inspected on site, ordered to rectify (complied with or not), fined, extended or suspended
with the complainant told, and wages recovered for named workers. Steps whose moment is still
to come are left undone, so the work lists have current items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.cases.choices import Category, Channel
from jiefen.cases.clocks import (
    INTAKE_DECIDE,
    INTAKE_REGISTER,
    MEDIATION_15,
    RESOLVE_7,
    clock_start_correct,
)
from jiefen.cases.models import Case, CaseEvent, Clock
from jiefen.cases.services import ClaimantInput, case_act
from jiefen.geo.models import Village
from jiefen.inspection import policies as P
from jiefen.inspection import services
from jiefen.inspection.choices import ComplaintKind
from jiefen.inspection.models import Inspection
from jiefen.parties.services import employer_find_or_create
from jiefen.workdays.services import WorkdayCalendar

ORDER = 42
COUNT = 48
FROM_CASES = 24
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国文斌宇浩凯"
TRADES = [
    ("建筑劳务有限公司", "工地", "钢筋工、木工"),
    ("装饰工程有限公司", "装修项目部", "油漆工、泥水工"),
    ("餐饮管理有限公司", "门店后厨", "厨师、服务员"),
    ("物流有限公司", "分拣仓库", "分拣员、司机"),
    ("服装制造有限公司", "生产车间", "缝纫工"),
    ("电子科技有限公司", "组装车间", "操作工"),
    ("物业服务有限公司", "小区物业", "保安、保洁"),
    ("园林绿化工程有限公司", "绿化施工现场", "绿化工"),
]
PLACES = "之江转塘留下蒋村三墩双浦龙坞西溪文新古荡翠苑北山灵隐"
DECLINE_REASONS = [
    "投诉事项系劳动合同解除经济补偿争议，不属于劳动保障监察事项，已告知投诉人申请劳动争议仲裁。",
    "同一事项已由劳动人事争议仲裁委员会受理，依《关于实施〈劳动保障监察条例〉若干规定》不予立案。",
    "违法行为终了已逾2年未被发现和投诉，依《劳动保障监察条例》第二十条不再查处。",
]


def _id_number(seq: int, birth: str) -> str:
    body = f"330106{birth}{100 + seq % 899:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _credit_code(seq: int) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = f"91330106MA2{820000 + seq:06d}"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    c = 31 - sum(alphabet.index(ch) * w for ch, w in zip(body, weights, strict=True)) % 31
    return body + alphabet[0 if c == 31 else c]


class _Stamp:
    """Dates the timeline entries a step wrote: a demo step happens 'then', not now."""

    def __init__(self, case: Case, *, from_start: bool = False) -> None:
        self.case = case
        last = CaseEvent.objects.filter(case=case).aggregate(m=Max("id"))["m"] or 0
        self.last = 0 if from_start else last

    def __call__(self, when: dt.datetime) -> None:
        CaseEvent.objects.filter(case=self.case, id__gt=self.last).update(at=when)
        self.last = CaseEvent.objects.filter(case=self.case).aggregate(m=Max("id"))["m"] or 0


class _Demo:
    def __init__(self, rng) -> None:
        self.rng = rng
        self.cal = WorkdayCalendar()
        self.now = timezone.now()
        self.seq = 0

    def moment(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        hour = hour if hour is not None else self.rng.randint(9, 16)
        return timezone.make_aware(
            dt.datetime.combine(day, dt.time(hour, self.rng.choice([0, 10, 20, 30, 40, 50])))
        )

    def later(self, moment: dt.datetime, lo: int, hi: int) -> dt.datetime:
        day = self.cal.workday_add(timezone.localtime(moment).date(), self.rng.randint(lo, hi))
        return self.moment(day)

    def past(self, moment: dt.datetime) -> bool:
        return moment < self.now - dt.timedelta(hours=1)

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.choice([1, 2]))
        )

    def workers(self, n: int) -> list[ClaimantInput]:
        people = []
        for i in range(n):
            self.seq += 1
            birth = f"{self.rng.randint(1965, 2002)}{self.rng.randint(1, 12):02d}{self.rng.randint(1, 28):02d}"
            people.append(
                ClaimantInput(
                    name=self.name(),
                    id_number=_id_number(self.seq + 300, birth),
                    phone=f"13{self.rng.randint(500000000, 999999999)}",
                    representative=i == 0,
                )
            )
        return people


def _case_page_exists() -> bool:
    # Routing a case on acceptance links its notifications to the case page; the front-desk
    # steps below need the cases screens (on main since the case-flow issue).
    try:
        reverse("cases:detail", args=[1])
    except NoReverseMatch:
        return False
    return True


def seed(*, out, rng) -> None:
    if Inspection.objects.exists():
        return
    clerk = User.objects.filter(username="clerk").first()
    leader = User.objects.filter(username="leader").first()
    inspectors = list(User.objects.filter(role=Role.LABOR_INSPECTOR, is_active=True))
    if clerk is None or leader is None or len(inspectors) < 2:
        out.write("inspection: demo staff missing, skipped\n")
        return
    demo = _Demo(rng)
    villages = list(
        Village.objects.filter(grid_area__inspector__isnull=False).select_related("street")
    ) or list(Village.objects.select_related("street"))
    front_desk = _case_page_exists()
    # The demo wage-arrears cases that triage put on the inspection track, still being handled.
    on_track = [
        c
        for c in Case.objects.filter(
            category=Category.WAGE_ARREARS, status__in=["accepted", "handling"]
        )
        .exclude(employer=None)
        .order_by("received_at")
        if "inspection" in (c.tracks or [])
    ][:FROM_CASES]
    for index, case in enumerate(on_track):
        taken = max(case.accepted_at or case.received_at, case.received_at) + dt.timedelta(hours=2)
        if demo.past(taken):
            _one(
                demo=demo,
                index=index,
                received=taken,
                villages=villages,
                clerk=clerk,
                leader=leader,
                inspectors=inspectors,
                case=case,
                front_desk=front_desk,
            )
    direct = COUNT - len(on_track)
    today = timezone.localdate()
    for index in range(direct):
        # Spread over the year; the last few fall 51-59 working days back, so that some
        # inspections are near their 60-day limit today.
        if index >= direct - 6:
            start = today - dt.timedelta(days=110)
            span = demo.cal.workdays_between(start, today)
            day = demo.cal.workday_add(start, max(0, span - rng.randint(51, 59)))
        else:
            day = demo.cal.next_workday(today - dt.timedelta(days=rng.randint(20, 360)))
        _one(
            demo=demo,
            index=100 + index,
            received=demo.moment(day),
            villages=villages,
            clerk=clerk,
            leader=leader,
            inspectors=inspectors,
            case=None,
            front_desk=front_desk,
            keep_open=index >= direct - 6,
        )
    out.write(
        f"inspection: {Inspection.objects.count()} complaints and reports over the past year "
        f"({len(on_track)} from cases on the inspection track)\n"
    )


def _serving(inspector, village, leader):
    """The drawn inspector if the village is in their scope; else the village's grid inspector,
    else the district's leader (the services check the scope)."""
    if P.INVESTIGATE.allows(inspector, village):
        return inspector
    area = village.grid_area
    if area is not None and area.inspector is not None and area.inspector.is_active:
        return area.inspector
    return leader


def _one(
    *,
    demo: _Demo,
    index: int,
    received,
    villages,
    clerk,
    leader,
    inspectors,
    case,
    front_desk,
    keep_open: bool = False,
) -> None:
    """One complaint and as much of its inspection as has happened by now; `keep_open` leaves
    it under investigation (for the near-limit work list), half of them with the order unchecked
    (for the overdue-orders warning)."""
    rng = demo.rng
    inspector = rng.choice(inspectors)
    area = case.village.grid_area if case is not None else None
    if area is not None and area.inspector is not None:
        # A track opens on a case for someone who serves it: the case's own grid inspector.
        inspector = area.inspector
    ended = None
    if index >= 100 and index % 15 == 7:  # an old violation: the two-year warning
        ended = (received - dt.timedelta(days=rng.randint(760, 900))).date()
    elif rng.random() < 0.4:
        ended = (received - dt.timedelta(days=rng.randint(5, 60))).date()
    _trade, site, trades = rng.choice(TRADES)
    if case is not None:
        employer = case.employer
        village = case.village
        owed = case.claim_total or Decimal(rng.choice([6000, 12000, 24000]))
        people = max(1, case.claimant_count)
        months = rng.randint(1, 4)
        kind = ComplaintKind.REPORT if rng.random() < 0.1 else ComplaintKind.COMPLAINT
        stamp = _Stamp(case)
        inspector = _serving(inspector, case.village, leader)
        inspection = services.complaint_receive_from_case(
            case=case,
            actor=inspector,
            kind=kind,
            allegation=case.summary,
            received_at=received,
            violation_ended_on=ended,
        )
        stamp(received)
    else:
        village = rng.choice(villages)
        # Taken at the desk of the inspector who serves the village (the villages have one).
        inspector = village.grid_area.inspector or inspector
        trade, site, trades = rng.choice(TRADES)
        employer = employer_find_or_create(
            name=f"杭州{rng.choice(PLACES)}{rng.choice(PLACES)}{trade}",
            credit_code=_credit_code(index),
            legal_representative=demo.name(),
            address=f"{village.street.name}{village.name}{rng.randint(1, 300)}号",
            village=village,
        )
        months = rng.randint(1, 5)
        people = rng.choice([1, 1, 2, 3, 4, 6, 12])
        owed = Decimal(people * months * rng.choice([5200, 6000, 6800, 7500, 8200]))
        allegation = (
            f"{employer.name}拖欠{trades}等{people}人{months}个月工资共计{owed}元，多次催讨未果。"
        )
        anonymous = rng.random() < 0.3
        kind = ComplaintKind.REPORT if anonymous or rng.random() < 0.15 else ComplaintKind.COMPLAINT
        inspector = _serving(inspector, village, leader)
        inspection = services.complaint_receive_direct(
            actor=inspector,
            kind=kind,
            anonymous=anonymous,
            village=village,
            employer=employer,
            allegation=allegation,
            channel=rng.choice([Channel.WALK_IN, Channel.PHONE, Channel.MAILBOX]),
            complainants=[] if anonymous else demo.workers(people),
            claims=[("拖欠工资", owed)],
            received_at=received,
            violation_ended_on=ended,
        )
        case = inspection.case
        stamp = _Stamp(case, from_start=True)
        stamp(received)
        if front_desk:
            _front_desk(case=case, clerk=clerk, at=received, stamp=stamp)
    inspector = inspection.inspector or inspector

    # The decision to open: mostly within 5 working days, now and then late, sometimes not.
    if not keep_open and (inspection.lookback_warning or rng.random() < 0.04):
        when = demo.later(inspection.received_at, 1, 4)
        if not demo.past(when):
            return
        reason = (
            DECLINE_REASONS[2] if inspection.lookback_warning else rng.choice(DECLINE_REASONS[:2])
        )
        services.inspection_decline(inspection=inspection, actor=inspector, reason=reason, at=when)
        stamp(when)
        return  # the case goes on on its other tracks
    opened = demo.later(inspection.received_at, *((6, 8) if rng.random() < 0.08 else (1, 4)))
    if not demo.past(opened):
        return
    services.inspection_open(
        inspection=inspection, actor=inspector, opened_at=opened, note="符合立案条件，立案调查。"
    )
    stamp(opened)

    partner = rng.choice([u for u in inspectors if u != inspector])
    visit = demo.later(opened, 1, 5)
    if not demo.past(visit):
        return
    services.site_inspection_record(
        inspection=inspection,
        actor=inspector,
        at=visit,
        place=f"{employer.name}{site}（{village.name}）",
        inspectors=[inspector, partner],
        findings=f"调取考勤表和工资发放记录，{people}名{trades.split('、')[0]}"
        f"{months}个月工资未发放，单位负责人{employer.legal_representative}承认欠薪事实。",
    )
    stamp(visit)

    issued = demo.later(visit, 0, 2)
    deadline = demo.cal.workday_add(timezone.localtime(issued).date(), rng.choice([5, 7, 10]))
    if not demo.past(issued):
        return
    order = services.rectification_order_issue(
        inspection=inspection,
        actor=inspector,
        items=f"支付拖欠的{people}名劳动者{months}个月工资报酬共计{owed}元",
        deadline=deadline,
        amount_owed=owed,
        issued_on=timezone.localtime(issued).date(),
    )
    stamp(issued)

    if rng.random() < 0.1:  # a suspension, the complainant told, then resumed
        paused = demo.later(issued, 1, 2)
        resumed = demo.later(paused, 5, 10)
        if demo.past(resumed):
            services.inspection_suspend(
                inspection=inspection,
                actor=inspector,
                reason="用人单位法定代表人下落不明，已提请公安机关协查",
                at=paused,
            )
            stamp(paused)
            _tell(demo, inspection, inspector, paused, stamp, "调查中止：用人单位负责人下落不明")
            services.inspection_resume(
                inspection=inspection, actor=inspector, note="已联系到负责人", at=resumed
            )
            stamp(resumed)

    checked = demo.moment(demo.cal.workday_add(deadline, rng.randint(1, 3)))
    if keep_open and index % 2:
        return
    if not demo.past(checked):
        return  # an open order: overdue once its deadline passes unchecked
    if index % 9 == 4 and demo.now - checked < dt.timedelta(days=45):
        return  # an order nobody followed up: the overdue-orders early warning
    complied = rng.random() < 0.7
    services.rectification_order_follow_up(
        order=order,
        actor=inspector,
        complied=complied,
        note="已按期足额支付，提供银行转账凭证。" if complied else "逾期仍未支付，单位称资金困难。",
        at=checked,
    )
    stamp(checked)
    claimants = list(case.claimants.select_related("worker"))
    paid_on = checked
    if complied:
        _recover(demo, inspection, inspector, claimants, owed, people, paid_on, stamp)
    else:
        percent = rng.choice([50, 60, 80, 100])
        services.additional_compensation_order(
            order=order, actor=inspector, percent=percent, at=checked
        )
        stamp(checked)
        fined = demo.later(checked, 2, 6)
        if demo.past(fined):
            services.penalty_decide(
                inspection=inspection,
                actor=inspector,
                amount=Decimal(rng.choice([2000, 5000, 10000, 20000])),
                legal_basis="《劳动保障监察条例》第三十条",
                facts="收到责令改正决定书后逾期拒不改正，拖欠工资仍未支付。",
                decided_on=timezone.localtime(fined).date(),
            )
            stamp(fined)
        paid_on = demo.later(fined, 3, 10)
        if rng.random() < 0.6 and demo.past(paid_on):
            _recover(demo, inspection, inspector, claimants, owed, people, paid_on, stamp)
        else:
            paid_on = fined

    if rng.random() < 0.12:
        extended = demo.later(opened, 50, 55)
        if demo.past(extended):
            services.inspection_extend(
                inspection=inspection,
                actor=inspector,
                approved_by=User.objects.get(username="leader"),
                reason="涉及人数多，需核对全部工资台账",
                workdays=30,
                at=extended,
            )
            stamp(extended)
            _tell(demo, inspection, inspector, extended, stamp, "调查期限经批准延长30个工作日")
            paid_on = max(paid_on, extended)
    if keep_open:
        return
    closed = demo.later(paid_on, 1, 8)
    if not demo.past(closed) or (demo.now - closed < dt.timedelta(days=30) and rng.random() < 0.3):
        return
    total = sum(r.amount for r in inspection.wage_recoveries.all())
    services.inspection_conclude(
        inspection=inspection,
        actor=inspector,
        conclusion=(
            f"追发工资{total}元，已全部支付到位。" if total else "单位拒不支付，已移送公安机关。"
        ),
        at=closed,
    )
    stamp(closed)
    _case_conclude(
        case=case,
        clerk=clerk,
        at=closed,
        recovered=total or None,
        stamp=stamp,
        note=f"劳动监察结案，追发工资{total}元。" if total else "单位拒不支付，已移送公安。",
    )


def _tell(demo, inspection, inspector, since, stamp, text) -> None:
    notice = inspection.notices.filter(sent_at__isnull=True).first()
    if notice is None:
        return
    when = demo.later(since, 1, 3)
    if demo.past(when):
        services.complainant_notice_send(
            notice=notice, actor=inspector, text=f"您投诉的案件{text}。", at=when
        )
        stamp(when)


def _recover(demo, inspection, inspector, claimants, owed, people, when, stamp) -> None:
    day = timezone.localtime(when).date()
    if claimants:
        share = (owed / len(claimants)).quantize(Decimal("0.01"))
        for claimant in claimants:
            services.wage_recovery_record(
                inspection=inspection,
                actor=inspector,
                amount=share,
                claimant=claimant,
                recovered_on=day,
                note="银行转账",
            )
    else:
        services.wage_recovery_record(
            inspection=inspection,
            actor=inspector,
            amount=owed,
            workers=people,
            recovered_on=day,
            note=f"匿名举报所涉{people}名工人，现场核对工资表发放",
        )
    stamp(when)


def _front_desk(*, case: Case, clerk, at: dt.datetime, stamp: _Stamp) -> None:
    """Register, accept and start handling, dated as the day the case came in."""
    for action in ["register", "accept", "start_handling"]:
        case = case_act(case=case, action=action, actor=clerk, note="")
    stamp(at + dt.timedelta(minutes=30))
    accepted = at + dt.timedelta(minutes=30)
    Case.objects.filter(pk=case.pk).update(registered_at=at, accepted_at=accepted)
    for clock in Clock.objects.filter(case=case, kind__in=[RESOLVE_7, MEDIATION_15]):
        clock_start_correct(clock=clock, started_at=accepted if clock.kind == RESOLVE_7 else at)
    Clock.objects.filter(case=case, kind__in=[INTAKE_REGISTER, INTAKE_DECIDE]).update(met_at=at)


def _case_conclude(*, case: Case, clerk, at, recovered, stamp: _Stamp, note: str) -> None:
    case.refresh_from_db()
    if case.status != "handling":
        return
    action = "resolve" if recovered else "mark_unresolved"
    case = case_act(case=case, action=action, actor=clerk, note=note, amount_recovered=recovered)
    case = case_act(case=case, action="close", actor=clerk)
    stamp(at)
    Case.objects.filter(pk=case.pk).update(concluded_at=at, closed_at=at)
    Clock.objects.filter(case=case, kind__in=[RESOLVE_7, MEDIATION_15]).update(met_at=at)
