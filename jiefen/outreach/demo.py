"""Demo outreach: ~150 enterprises across the streets, a year of visits with follow-ups and
photos, planned visits, and warnings in every state."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from PIL import Image, ImageDraw

from jiefen.accounts.demo import demo_name
from jiefen.accounts.models import User
from jiefen.cases.choices import Category, Channel
from jiefen.cases.services import ClaimantInput, case_create
from jiefen.core.demo import demo_time
from jiefen.geo.models import GridArea, Village
from jiefen.outreach import rules
from jiefen.outreach.choices import (
    KIND_CHECKS,
    CheckItem,
    CheckResult,
    EnterpriseKind,
    Severity,
    WageGuarantee,
    WarningStatus,
)
from jiefen.outreach.models import EarlyWarning, Enterprise, FollowUp, Visit
from jiefen.outreach.services import (
    EnterpriseInput,
    enterprise_create,
    follow_up_create,
    follow_up_done,
    visit_photo_add,
    visit_plan_cancel,
    visit_plan_create,
    visit_record,
    warning_act,
    warning_convert,
    warning_raise,
    warnings_run,
)

ORDER = 60

PLACES = [
    "之江",
    "云栖",
    "转塘",
    "龙坞",
    "留下",
    "三墩",
    "蒋村",
    "文新",
    "古荡",
    "翠苑",
    "北山",
    "灵隐",
    "西溪",
    "双浦",
    "袁浦",
    "紫金",
    "申花",
    "华星",
    "振华",
    "嘉绿",
    "美院",
    "象山",
    "九溪",
    "梅家坞",
    "龙井",
    "满觉陇",
    "金渡",
    "绿汀",
    "墩余",
    "西湖",
]
FIRM_TRADES = [
    "精密机械",
    "电子科技",
    "生物医药",
    "食品",
    "服饰",
    "网络科技",
    "物流",
    "新材料",
    "智能装备",
    "印刷包装",
    "茶业",
    "光电",
    "汽车零部件",
    "医疗器械",
    "软件",
]
OTHER_TRADES = ["酒店管理", "餐饮管理", "物业管理", "家政服务", "保洁服务", "美容美发", "商贸"]
BUILDERS = [
    "浙江之江建设集团",
    "杭州西湖城建",
    "浙江中天建工",
    "杭州龙坞建设",
    "浙江宏远建设",
    "杭州紫金港建设",
    "浙江华星建筑",
    "杭州双浦建设",
    "浙江恒信建设",
    "杭州三墩城建",
]
PROJECTS = [
    "{p}单元安置房项目",
    "{p}人才公寓项目",
    "西湖区{p}小学新建工程",
    "{p}综合体项目",
    "{p}社区邻里中心工程",
    "{p}路道路提升改造工程",
    "{p}产业园一期工程",
    "{p}未来社区项目",
]
DEMOLITION = ["{p}拆除工程有限公司", "{p}建筑拆除服务有限公司", "{p}房屋拆迁服务有限公司"]
PROBLEMS = {
    CheckItem.WAGES_ON_TIME: [
        "3名员工反映上月工资未按时发放，涉及约4.2万元",
        "劳务班组工资已拖欠两个月，工人多次到项目部讨要",
        "工资发放表缺少本人签字，存在代发现象",
    ],
    CheckItem.WRITTEN_CONTRACTS: [
        "新招用的12名员工未签订书面劳动合同",
        "劳动合同期满未续签，仍在用工",
    ],
    CheckItem.SOCIAL_INSURANCE: ["部分员工未参加社会保险", "试用期员工未缴纳社会保险"],
    CheckItem.REAL_NAME: ["实名制考勤记录不全，现场人员与花名册不符", "新进场工人未录入实名制系统"],
    CheckItem.NOTICE_BOARD: ["未在工地出入口设置维权信息告示牌", "告示牌内容未更新，投诉电话有误"],
}
SERIOUS = [
    "负责人失联，40余名工人聚集讨薪",
    "总包拖欠劳务分包工程款，班组工资已停发三个月，工人情绪激动",
    "企业停产，拟整体搬迁，未与职工协商安置方案",
    "工资专用账户余额不足，本月工资无法发放",
]
CLOSE_NOTES = [
    "已约谈企业负责人，拖欠工资已于当周足额发放",
    "经调解，双方达成分期支付协议，已履行完毕",
    "核实为个别误解，已向职工解释，无群体性风险",
    "总包单位已代发班组工资，现场秩序正常",
]
FOLLOW_TASKS = [
    "督促补签劳动合同",
    "核查工资发放凭证",
    "复查告示牌设置",
    "约谈企业负责人",
    "跟踪社保补缴情况",
]


def _credit_code(seq: int) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = f"91330106MA2{seq:06d}"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    c = 31 - sum(alphabet.index(ch) * w for ch, w in zip(body, weights, strict=True)) % 31
    return body + alphabet[0 if c == 31 else c]


def _photo(rng) -> bytes:
    image = Image.new("RGB", (640, 480), (rng.randrange(150, 230),) * 3)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(560), rng.randrange(400)
        colour = tuple(rng.randrange(40, 200) for _ in range(3))
        draw.rectangle([x, y, x + rng.randrange(40, 200), y + rng.randrange(30, 120)], fill=colour)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)
    return out.getvalue()


def _inspector(village: Village, fallback: User) -> User:
    area = village.grid_area
    return area.inspector if area and area.inspector else fallback


def _enterprises(*, rng, fallback: User) -> list[Enterprise]:
    villages = list(Village.objects.select_related("grid_area__inspector"))
    kinds = (
        [EnterpriseKind.ABOVE_SCALE] * 60
        + [EnterpriseKind.CONSTRUCTION_SITE] * 45
        + [EnterpriseKind.DEMOLITION_FIRM] * 15
        + [EnterpriseKind.OTHER] * 30
    )
    today = timezone.localdate()
    used: set[str] = set()
    out = []
    for index, kind in enumerate(kinds):
        village = rng.choice(villages)
        place = rng.choice(PLACES)
        data = EnterpriseInput(
            name="",
            credit_code=_credit_code(600_000 + index),
            kind=kind,
            village=village,
            address=f"{village.street.name}{place}路{rng.randrange(1, 999)}号",
            legal_representative=demo_name(rng),
            contact_name=demo_name(rng),
            contact_phone=f"13{rng.randrange(5, 9)}{rng.randrange(10**8):08d}",
        )
        if kind == EnterpriseKind.CONSTRUCTION_SITE:
            builder = rng.choice(BUILDERS)
            data.name = f"{builder}有限公司{place}项目部"
            data.general_contractor = f"{builder}有限公司"
            data.project_name = rng.choice(PROJECTS).format(p=place)
            data.headcount = rng.randrange(40, 400)
            guarantee = rng.choice(
                [WageGuarantee.DEPOSIT, WageGuarantee.BANK_GUARANTEE, WageGuarantee.NONE]
            )
            data.wage_guarantee = guarantee
            if guarantee != WageGuarantee.NONE:
                data.wage_guarantee_amount = Decimal(rng.choice([30, 50, 80, 100, 150]) * 10_000)
            data.wage_account = rng.random() < 0.85
            data.real_name_registration = rng.random() < 0.9
            data.wage_notice_board = rng.random() < 0.8
            # Eight sites finish within a month; the others spread over the coming year.
            days = rng.randrange(-20, 29) if index % 45 < 8 else rng.randrange(35, 420)
            data.planned_completion = today + dt.timedelta(days=days)
        elif kind == EnterpriseKind.DEMOLITION_FIRM:
            data.name = "杭州" + rng.choice(DEMOLITION).format(p=place)
            data.headcount = rng.randrange(15, 80)
        elif kind == EnterpriseKind.ABOVE_SCALE:
            data.name = f"杭州{place}{rng.choice(FIRM_TRADES)}有限公司"
            data.headcount = rng.randrange(120, 1500)
        else:
            data.name = f"杭州{place}{rng.choice(OTHER_TRADES)}有限公司"
            data.headcount = rng.randrange(10, 120)
        if data.name in used:
            data.name = data.name.replace("有限公司", f"{village.name}分公司", 1)
        if data.name in used:
            continue
        used.add(data.name)
        out.append(enterprise_create(actor=_inspector(village, fallback), data=data))
    return out


def _checklist(rng, enterprise: Enterprise, problem_rate: float) -> tuple[dict, list[str]]:
    checklist, findings = {}, []
    for item in KIND_CHECKS[enterprise.kind]:
        if rng.random() < problem_rate:
            checklist[item] = CheckResult.PROBLEM
            findings.append(rng.choice(PROBLEMS[item]))
        elif (
            item == CheckItem.SOCIAL_INSURANCE
            and enterprise.kind == EnterpriseKind.OTHER
            and rng.random() < 0.1
        ):
            checklist[item] = CheckResult.NA
        else:
            checklist[item] = CheckResult.OK
    return checklist, findings


def _visits(*, rng, enterprises, fallback) -> list[Visit]:
    now = timezone.now()
    visits = []
    plan_rows = []
    for ent in enterprises:
        visitor = _inspector(ent.village, fallback)
        count = rng.randrange(1, 7) if rng.random() < 0.9 else 0
        moments = sorted(
            now - dt.timedelta(days=rng.randrange(1, 365), hours=rng.randrange(0, 8))
            for _ in range(count)
        )
        seen = ent.headcount
        for at in moments:
            at = timezone.localtime(at).replace(
                hour=rng.randrange(9, 17), minute=rng.choice([0, 15, 30, 45])
            )
            if at > now:
                at -= dt.timedelta(days=1)
            checklist, findings = _checklist(rng, ent, 0.08)
            severity = Severity.NONE
            if findings:
                severity = rng.choice([Severity.MINOR, Severity.MINOR, Severity.MAJOR])
            if rng.random() < 0.03:
                severity = Severity.SERIOUS
                findings.append(rng.choice(SERIOUS))
                checklist[CheckItem.WAGES_ON_TIME] = CheckResult.PROBLEM
            seen = max(1, int(seen * rng.uniform(0.85, 1.12)))
            if rng.random() < 0.04:
                seen = max(1, int(seen * 0.55))  # a sudden drop
            visits.append(
                visit_record(
                    actor=visitor,
                    enterprise=ent,
                    visited_at=at,
                    visitor=visitor,
                    checklist=checklist,
                    findings="；".join(findings),
                    severity=severity,
                    headcount_seen=seen,
                    companions=rng.choice(["", "", f"{ent.village.name}网格员{demo_name(rng)}"]),
                )
            )
        plan_rows.append((ent, visitor))
    # Plans: the next three weeks, a few overdue, a few cancelled.
    today = timezone.localdate()
    for ent, visitor in rng.sample(plan_rows, min(45, len(plan_rows))):
        plan = visit_plan_create(
            actor=visitor,
            enterprise=ent,
            planned_for=today + dt.timedelta(days=rng.randrange(0, 21)),
            assignee=visitor,
            note=rng.choice(["", "季度例行走访", "核查工资支付情况", "春节前欠薪排查"]),
        )
        roll = rng.random()
        if roll < 0.1:
            visit_plan_cancel(plan=plan, actor=visitor)
        elif roll < 0.25:
            plan.planned_for = today - dt.timedelta(days=rng.randrange(1, 6))
            plan.save(update_fields=["planned_for"])
    return visits


def _follow_ups_and_photos(*, rng, visits) -> None:
    now = timezone.now()
    photos = 0
    for visit in visits:
        if visit.severity != Severity.NONE:
            follow_up = follow_up_create(
                visit=visit,
                actor=visit.visitor,
                task=rng.choice(FOLLOW_TASKS),
                owner=visit.visitor,
                due_on=timezone.localdate(visit.visited_at)
                + dt.timedelta(days=rng.randrange(3, 15)),
            )
            if follow_up.due_on < timezone.localdate() and rng.random() < 0.85:
                follow_up_done(follow_up=follow_up, actor=visit.visitor, note="已落实")
                FollowUp.objects.filter(pk=follow_up.pk).update(
                    done_at=timezone.make_aware(
                        dt.datetime.combine(follow_up.due_on - dt.timedelta(days=1), dt.time(16))
                    )
                )
        if photos < 40 and (visit.severity != Severity.NONE or rng.random() < 0.03):
            visit_photo_add(
                visit=visit,
                actor=visit.visitor,
                data=_photo(rng),
                caption=rng.choice(["现场照片", "工资公示牌", "实名制考勤机", "工人花名册"]),
            )
            photos += 1
    del now


def _complaint_cases(*, rng, enterprises, fallback) -> None:
    """A few employers with a run of recent cases (rule 1), and wage claims at busy sites (rule 2)."""
    now = timezone.now()
    firms = [e for e in enterprises if e.kind != EnterpriseKind.CONSTRUCTION_SITE]
    sites = [
        e
        for e in enterprises
        if e.is_site and abs((e.planned_completion - timezone.localdate()).days) <= 30
    ]
    runs = [(e, rng.randrange(3, 6), now) for e in rng.sample(firms, 4)]
    # Two older runs, a season ago, that the history of warnings rests on.
    runs += [(e, 3, now - dt.timedelta(days=rng.randrange(120, 300))) for e in rng.sample(firms, 2)]
    runs += [(e, 1, now) for e in sites[:4]]
    for ent, count, end in runs:
        for _ in range(count):
            received = end - dt.timedelta(days=rng.randrange(0, 25), hours=rng.randrange(1, 9))
            worker = demo_name(rng)
            category = (
                Category.WAGE_ARREARS
                if ent.is_site
                else rng.choice(
                    [Category.WAGE_ARREARS, Category.LABOR_CONTRACT, Category.SEVERANCE]
                )
            )
            with demo_time(received):
                case_create(
                    actor=_inspector(ent.village, fallback),
                    channel=rng.choice([Channel.WALK_IN, Channel.PHONE, Channel.ONLINE]),
                    category=category,
                    summary=f"{worker}反映{ent.name}{Category(category).label}",
                    village=ent.village,
                    employer=ent.employer,
                    received_at=received,
                    claimants=[ClaimantInput(name=worker, phone=f"139{rng.randrange(10**8):08d}")],
                )


def _history(*, rng, visits, fallback) -> None:
    """Warnings of the past year, raised as the rules would have raised them on the day."""
    for visit in sorted(visits, key=lambda v: v.visited_at):
        if timezone.now() - visit.visited_at < rules.VISIT_LOOKBACK:
            continue
        for finding in rules.findings_all(
            now=visit.visited_at + dt.timedelta(hours=2),
            rules=rules.VISIT_RULES,
            employer_ids=[visit.enterprise.employer_id],
        ):
            warning = warning_raise(finding=finding, now=visit.visited_at + dt.timedelta(hours=2))
            if warning is not None:
                _settle(rng=rng, warning=warning, actor=warning.owner or fallback, final=True)


def _settle(*, rng, warning: EarlyWarning, actor: User, final: bool) -> None:
    """Move a warning along its flow, dating each step a little after the one before."""
    if final:
        steps = rng.choice(
            [
                ["acknowledge", "handle", "close"],
                ["acknowledge", "close"],
                ["convert"],
                ["acknowledge", "handle", "close"],
            ]
        )
    else:
        steps = rng.choice([[], ["acknowledge"], ["acknowledge", "handle"]])
    at = warning.raised_at
    for step in steps:
        at = min(at + dt.timedelta(hours=rng.randrange(2, 60)), timezone.now())
        # Each step taken at its own moment, so that a case it opens is received then.
        with demo_time(at):
            if step == "convert":
                warning_convert(warning=warning, actor=actor, claimant_name=demo_name(rng))
            else:
                note = rng.choice(CLOSE_NOTES) if step == "close" else ""
                warning_act(warning=warning, action=step, actor=actor, note=note)


def seed(*, out, rng) -> None:
    if Enterprise.objects.exists():
        return
    fallback = (
        User.objects.filter(username="inspector").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if fallback is None or not GridArea.objects.exists():
        return
    enterprises = _enterprises(rng=rng, fallback=fallback)
    visits = _visits(rng=rng, enterprises=enterprises, fallback=fallback)
    _follow_ups_and_photos(rng=rng, visits=visits)
    _history(rng=rng, visits=visits, fallback=fallback)
    _complaint_cases(rng=rng, enterprises=enterprises, fallback=fallback)
    # Today's run over everything, then some of the open warnings already picked up.
    warnings_run()
    for warning in EarlyWarning.objects.filter(status=WarningStatus.NEW).order_by("id"):
        if rng.random() < 0.5:
            _settle(rng=rng, warning=warning, actor=warning.owner or fallback, final=False)
    out.write(
        f"outreach: {len(enterprises)} enterprises, {Visit.objects.count()} visits, "
        f"{EarlyWarning.objects.count()} warnings"
    )
