"""Demo cases: a year of disputes at the centre, in every state, through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.accounts.demo import demo_name
from jiefen.accounts.models import User
from jiefen.cases import policies as P
from jiefen.cases.choices import Category as C
from jiefen.cases.choices import Channel as Ch
from jiefen.cases.models import Case
from jiefen.cases.services import ClaimantInput, case_act, case_create, case_escalate
from jiefen.cases.services.sweep import clock_sweep
from jiefen.core.demo import demo_time
from jiefen.geo.models import Village
from jiefen.parties.services import employer_find_or_create
from jiefen.parties.validators import CREDIT_CODE_ALPHABET, credit_code_complete
from jiefen.workdays.services import WorkdayCalendar

ORDER = 30
CASES = 480

CHANNELS = [
    (Ch.WALK_IN, 36),
    (Ch.PHONE, 18),
    (Ch.POLICE_110, 6),
    (Ch.ONLINE, 16),
    (Ch.MAILBOX, 5),
    (Ch.GRID_VISIT, 12),
    (Ch.PROVINCIAL, 7),
]
CATEGORIES = [
    (C.WAGE_ARREARS, 44),
    (C.LABOR_CONTRACT, 12),
    (C.SOCIAL_INSURANCE, 8),
    (C.WORK_INJURY, 8),
    (C.WORKING_HOURS, 7),
    (C.SEVERANCE, 16),
    (C.OTHER, 5),
]
SUMMARIES = {
    C.WAGE_ARREARS: [
        "{who}在{emp}{job}，被拖欠{n}个月工资共计{amt}元，多次催讨未果",
        "{emp}承建项目完工后，班组{n}个月工资{amt}元未结清，包工头失联",
    ],
    C.LABOR_CONTRACT: [
        "{who}入职{emp}{n}个月未签订书面劳动合同，要求支付二倍工资差额{amt}元",
        "{emp}单方调岗降薪，{who}不同意，要求恢复原岗位",
    ],
    C.SOCIAL_INSURANCE: [
        "{emp}未为{who}缴纳社会保险{n}个月，要求补缴",
        "{who}离职后发现{emp}少缴养老保险",
    ],
    C.WORK_INJURY: [
        "{who}在{emp}{job}时受伤，已认定工伤，要求支付一次性伤残补助金等{amt}元",
        "{who}工作中受伤，{emp}拒绝申报工伤",
    ],
    C.WORKING_HOURS: [
        "{emp}长期安排{who}每天工作12小时，加班费{amt}元未支付",
        "{emp}春节期间安排加班未按300%支付工资",
    ],
    C.SEVERANCE: [
        "{emp}经营困难裁员，{who}要求支付经济补偿金{amt}元",
        "{emp}违法解除劳动合同，{who}要求支付赔偿金{amt}元",
    ],
    C.OTHER: ["{who}要求{emp}退还押金{amt}元", "{who}咨询试用期相关规定"],
}
JOBS = [
    "做钢筋工",
    "做木工",
    "当保安",
    "做保洁",
    "做厨师",
    "当快递员",
    "做装修",
    "在流水线上",
    "做服务员",
]
EMPLOYERS = [
    "杭州{p}建设工程有限公司",
    "杭州{p}劳务分包有限公司",
    "杭州{p}餐饮管理有限公司",
    "浙江{p}物业服务有限公司",
    "杭州{p}科技有限公司",
    "杭州{p}装饰工程有限公司",
    "杭州{p}物流有限公司",
    "杭州西湖{p}茶叶专业合作社",
    "杭州{p}服装有限公司",
    "杭州{p}酒店管理有限公司",
]
PREFIXES = [
    "之江",
    "转塘",
    "龙坞",
    "双浦",
    "三墩",
    "留下",
    "西溪",
    "文新",
    "古荡",
    "翠苑",
    "蒋村",
    "灵隐",
    "北山",
    "钱塘",
    "云栖",
    "梅家坞",
    "袁浦",
    "龙井",
    "紫金",
    "华星",
]
# Home regions of the district's workers: Zhejiang, and the provinces most migrant workers come from.
REGIONS = [
    "330106",
    "330122",
    "330381",
    "341221",
    "411522",
    "510722",
    "362330",
    "522425",
    "430524",
    "342423",
]


def _weighted(rng, pairs):
    return rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]


def _id_number(rng) -> str:
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 38))
    body = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def _credit_code(rng) -> str:
    return credit_code_complete(
        "91330106" + "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(9))
    )


def _after_workdays(calendar: WorkdayCalendar, start: dt.datetime, days: float) -> dt.datetime:
    """A moment `days` working days after `start`, at a plausible office hour."""
    whole = int(days)
    day = calendar.workday_add(timezone.localtime(start).date(), whole)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0))) + dt.timedelta(
        hours=(days - whole) * 8
    )
    return max(moment, start + dt.timedelta(minutes=20))


def seed(*, out, rng) -> None:
    if Case.objects.exists():
        return
    now = timezone.now()
    calendar = WorkdayCalendar()
    villages = list(Village.objects.select_related("street", "grid_area"))
    # The pilot street and the two towns see the most disputes (sites and factories).
    weights = [
        5 if v.street.code in ("330106010", "330106109", "330106110") else 1 for v in villages
    ]
    clerk = User.objects.get(username="clerk")
    leader = User.objects.get(username="leader")
    handlers = list(
        User.objects.filter(role=Role.MEDIATOR, scope_level=ScopeLevel.VILLAGE)[:50]
    ) or [clerk]
    employers = []
    for i in range(120):
        village = rng.choices(villages, weights=weights)[0]
        employers.append(
            employer_find_or_create(
                name=rng.choice(EMPLOYERS).format(
                    p=PREFIXES[i % len(PREFIXES)] + rng.choice(["", "鑫", "华", "润", "盛", "达"])
                ),
                credit_code=_credit_code(rng),
                legal_representative=demo_name(rng),
                village=village,
                address=f"{village.street.name}{village.name}{rng.randrange(1, 300)}号",
            )
        )
    # A few employers account for many disputes, as in any district.
    employer_weights = [12 if i < 6 else 1 for i in range(len(employers))]
    for index in range(CASES):
        # The last fortnight is still being worked: those cases stand in every open state.
        age_days = rng.uniform(0, 14) if index < 60 else rng.triangular(0, 365, 30)
        received = now - dt.timedelta(days=age_days, hours=rng.randrange(0, 8))
        received = received.replace(hour=rng.randrange(8, 17), minute=rng.randrange(60))
        received = min(received, now - dt.timedelta(minutes=30))
        employer = rng.choices(employers, weights=employer_weights)[0]
        village = (
            employer.village if rng.random() < 0.8 else rng.choices(villages, weights=weights)[0]
        )
        category = _weighted(rng, CATEGORIES)
        collective = category == C.WAGE_ARREARS and rng.random() < 0.1
        count = rng.randrange(10, 36) if collective else rng.choice([1, 1, 1, 1, 2, 3])
        people = [
            ClaimantInput(
                name=demo_name(rng),
                id_number=_id_number(rng),
                phone=f"1{rng.choice('35789')}{rng.randrange(10**9):09d}",
                representative=i < 3 and collective,
            )
            for i in range(count)
        ]
        amount = Decimal(rng.randrange(20, 600) * 100) * (count if collective else 1)
        summary = rng.choice(SUMMARIES[category]).format(
            who=people[0].name + ("等" + str(count) + "人" if count > 1 else ""),
            emp=employer.name,
            job=rng.choice(JOBS),
            n=rng.randrange(1, 7),
            amt=amount,
        )
        channel = _weighted(rng, CHANNELS)
        with demo_time(received):
            case = case_create(
                actor=clerk,
                channel=channel,
                category=category,
                summary=summary,
                village=village,
                received_at=received,
                claimants=people,
                claims=[(str(C(category).label), amount)],
                employer=employer,
                people_gathered=count if collective and rng.random() < 0.5 else 0,
                extreme_behaviour=collective and rng.random() < 0.2,
                suspected_extortion=category == C.WAGE_ARREARS and rng.random() < 0.02,
            )
        _advance(
            case,
            rng=rng,
            now=now,
            calendar=calendar,
            clerk=clerk,
            leader=leader,
            handlers=handlers,
            age_days=age_days,
        )
        if index % 100 == 99:
            out.write(f"demo cases: {index + 1}/{CASES}")
    _seed_related(out=out, rng=rng, now=now, clerk=clerk, leader=leader)
    flagged = clock_sweep()
    out.write(f"demo cases: {Case.objects.count()} ({flagged} overdue clocks flagged)")


def _in_scope_or(user, *, case, fallback):
    """The handler when the case is theirs to handle, else the one assigned, else `fallback`."""
    if P.HANDLE.allows(user, case):
        return user
    assigned = case.assignments.filter(active=True).select_related("user").first()
    return assigned.user if assigned else fallback


def _advance(case, *, rng, now, calendar, clerk, leader, handlers, age_days) -> None:
    """Move a case as far as its age makes likely, each step at a plausible moment."""
    t = case.received_at + dt.timedelta(minutes=rng.randrange(5, 40))
    steps: list[tuple[str, str]] = [("register", "")]
    roll = rng.random()
    if roll < 0.08:
        steps.append(("answer", "已告知劳动合同法相关规定及维权途径"))
    elif roll < 0.11:
        steps.append(("decline", "不属于劳动争议受理范围，已告知向人民法院起诉"))
    else:
        steps += [("accept", ""), ("start_handling", "")]
        resolved = rng.random() < 0.88
        steps.append(
            ("resolve", "经调解双方达成协议，用人单位当场支付")
            if resolved
            else ("mark_unresolved", "调解不成，已引导申请劳动仲裁")
        )
        steps.append(("close", ""))
    handler = rng.choice(handlers)
    if age_days < 14:
        steps = steps[: rng.randrange(len(steps) + 1)]
    for action, note in steps:
        if action == "accept":
            t = t + dt.timedelta(hours=rng.randrange(1, 20))
        elif action in ("resolve", "mark_unresolved"):
            # Most within the 7-working-day target, a tail beyond it.
            t = _after_workdays(
                calendar,
                t,
                rng.choice([1, 2, 3, 3, 4, 5, 5, 6, 6.5, 8, 10, 14]) if rng.random() < 0.95 else 20,
            )
        elif action == "close":
            t = t + dt.timedelta(days=rng.randrange(1, 6))
        else:
            t = t + dt.timedelta(minutes=rng.randrange(10, 180))
        if t >= now:
            return
        actor = (
            clerk
            if action in ("register", "accept", "answer", "decline", "close")
            else _in_scope_or(handler, case=case, fallback=leader)
        )
        with demo_time(t):
            case_act(
                case=case,
                action=action,
                actor=actor if actor.role else leader,
                note=note,
                amount_recovered=case.claim_total if action == "resolve" else None,
            )
            if action == "start_handling" and (case.collective or rng.random() < 0.04):
                case_escalate(case=case, actor=leader, reason="涉及人数较多，提级至街道调处")


# One dispute, one case (jiefen.cases.services.related): what intake finds, for the 可能相关 panel
# and the collective proposal page. Made through the same intake, so the finding is real.
COLLECTIVE_EMPLOYER = "杭州之江恒远建设工程有限公司"
COLLECTIVE_CHANNELS = [Ch.WALK_IN, Ch.ONLINE, Ch.PHONE, Ch.POLICE_110]


def _seed_related(*, out, rng, now, clerk, leader) -> None:
    from jiefen.cases.models import CaseLink, CollectiveProposal
    from jiefen.cases.services import case_merge

    zhuantang = list(Village.objects.filter(code__startswith="330106010").order_by("code")[:4])
    sandun = Village.objects.filter(code__startswith="330106109").order_by("code").first()

    def intake(*, who, number, phone, village, employer, category, channel, days_ago, summary):
        at = now - dt.timedelta(days=days_ago, hours=rng.randrange(1, 6))
        with demo_time(at):
            case = case_create(
                actor=clerk,
                channel=channel,
                category=category,
                summary=summary,
                village=village,
                received_at=at,
                claimants=[
                    ClaimantInput(name=who, id_number=number, phone=phone, representative=True)
                ],
                claims=[(str(C(category).label), Decimal(rng.randrange(60, 300) * 100))],
                employer=employer,
            )
            return case_act(case=case, action="register", actor=clerk)

    # Three workers who came twice: at the window, then by phone or online. The third came
    # first in 三墩, outside the 转塘 clerk's scope (zt_clerk sees that case's number only).
    shop = employer_find_or_create(
        name="杭州转塘鑫华餐饮管理有限公司", credit_code=_credit_code(rng), village=zhuantang[0]
    )
    twice = []
    for i, (first_village, second_channel) in enumerate(
        [(zhuantang[0], Ch.PHONE), (zhuantang[1], Ch.ONLINE), (sandun, Ch.WALK_IN)]
    ):
        who, number = demo_name(rng), _id_number(rng)
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        for k, (village, channel) in enumerate(
            [(first_village, Ch.WALK_IN), (zhuantang[1], second_channel)]
        ):
            twice.append(
                intake(
                    who=who,
                    number=number,
                    phone=phone,
                    village=village,
                    employer=shop,
                    category=C.WAGE_ARREARS,
                    channel=channel,
                    days_ago=6 - 2 * i - k * 1.5,
                    summary=f"{who}在{shop.name}做服务员，被拖欠2个月工资"
                    + ("（再次来访催办）" if k else ""),
                )
            )
    # One of them merged by the clerk: one number, both timelines (and a split undoes it).
    merged = CaseLink.objects.filter(case=twice[1], other=twice[0]).first()
    if merged is not None:
        with demo_time(now - dt.timedelta(hours=2)):
            case_merge(link=merged, actor=leader, note="同一劳动者就同一欠薪事项重复登记")

    # A related pair: the same employer, its name typed with half-width brackets and no credit
    # code the second time.
    decor = employer_find_or_create(
        name="杭州龙坞（华盛）装饰工程有限公司", credit_code=_credit_code(rng), village=zhuantang[2]
    )
    typed = employer_find_or_create(name="杭州龙坞(华盛)装饰工程有限公司", village=zhuantang[2])
    for days_ago, employer, category in [(9, decor, C.WAGE_ARREARS), (3, typed, C.SEVERANCE)]:
        who = demo_name(rng)
        intake(
            who=who,
            number=_id_number(rng),
            phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            village=zhuantang[2],
            employer=employer,
            category=category,
            channel=Ch.WALK_IN,
            days_ago=days_ago,
            summary=f"{who}在{employer.name}做装修，"
            + ("被拖欠工资" if category == C.WAGE_ARREARS else "被解除劳动合同，要求经济补偿"),
        )

    # Twelve workers of one site, each on their own through four channels within ten days: a
    # proposed collective case (集体争议) for the clerk to confirm with 3-5 representatives.
    site = employer_find_or_create(
        name=COLLECTIVE_EMPLOYER,
        credit_code=_credit_code(rng),
        legal_representative=demo_name(rng),
        village=zhuantang[3],
        address=f"{zhuantang[3].street.name}之江路88号恒远建设项目工地",
    )
    for i in range(12):
        who = demo_name(rng)
        intake(
            who=who,
            number=_id_number(rng),
            phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            village=zhuantang[3],
            employer=site,
            category=C.WAGE_ARREARS,
            channel=COLLECTIVE_CHANNELS[i % len(COLLECTIVE_CHANNELS)],
            days_ago=10 - i * 0.8,
            summary=f"{who}在{site.name}之江路项目做{rng.choice(JOBS[:2])}，被拖欠3个月工资",
        )
    out.write(
        f"demo related cases: {CaseLink.objects.count()} links, "
        f"{CollectiveProposal.objects.filter(state='proposed').count()} collective proposals"
    )
