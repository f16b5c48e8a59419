"""Demo: a year of mediation in the district, built through the services.

Disputes received over the past twelve months at the village and street mediation rooms,
mediated in sessions (in the room or by video), ending in agreements (paid, partly paid, not
paid by the due date), failures transferred to arbitration, refusals, and some still open.

Each step runs "at" its moment in the past: `demo_at` sets the clock the services read, so
every timestamp, timeline entry and deadline of a demo case is consistent."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jiefen.accounts.models import User
from jiefen.cases.choices import Category, Channel
from jiefen.cases.services import ClaimantInput, case_act, case_create
from jiefen.core.demo import demo_time
from jiefen.geo.models import Village
from jiefen.mediation.models import Mediation
from jiefen.mediation.services import (
    ItemInput,
    agreement_overdue_sweep,
    agreement_payment_record,
    agreement_record,
    agreement_review_decide,
    agreement_review_request,
    mediation_refuse,
    mediation_resolve_case,
    mediation_start,
    mediation_transfer,
    session_record,
)
from jiefen.parties.services import employer_find_or_create

ORDER = 40
ZHUANTANG = "330106010"

EMPLOYERS = [
    ("杭州之江建设工程有限公司", "建筑"),
    ("杭州转塘绿源园林有限公司", "园林"),
    ("杭州西溪餐饮管理有限公司", "餐饮"),
    ("杭州龙坞茶业有限公司", "茶叶加工"),
    ("杭州双浦物流有限公司", "物流"),
    ("杭州留下电子科技有限公司", "电子装配"),
    ("杭州云栖软件有限公司", "软件"),
    ("杭州蒋村家政服务有限公司", "家政"),
    ("杭州三墩装饰工程有限公司", "装修"),
    ("杭州文新美容美发店", "美发"),
]
DISPUTES = [
    (Category.WAGE_ARREARS, "拖欠{n}个月工资共{amount}元，多次催要未果", "拖欠工资"),
    (Category.SEVERANCE, "公司单方解除劳动合同，未支付经济补偿{amount}元", "经济补偿"),
    (Category.WORKING_HOURS, "长期加班未支付加班费，约{amount}元", "加班费"),
    (Category.LABOR_CONTRACT, "未签订书面劳动合同，要求支付二倍工资差额{amount}元", "二倍工资差额"),
    (Category.WORK_INJURY, "工作中受伤，医疗费{amount}元未报销", "工伤医疗费"),
]
PLACES = ["村调解室", "街道矛盾纠纷调处中心调解室", "社区议事厅", "企业会议室"]
FAILURES = [
    "双方对加班时长认定差距过大，调解不成",
    "用人单位仅同意支付三成，申请人不接受",
    "用人单位法定代表人两次未到场，无法达成协议",
]

_ids = iter(range(1, 10**6))


@contextlib.contextmanager
def demo_at(moment: dt.datetime):
    """Run the services as if it were `moment` (demo data only), never later than now."""
    with demo_time(moment):
        yield


def _id_number(seq: int, rng) -> str:
    birth = f"{rng.randrange(1965, 2002)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    body = f"330106{birth}{100 + seq % 899:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _credit_code(seq: int) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = f"91330106MA2{seq:06d}"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    c = 31 - sum(alphabet.index(ch) * w for ch, w in zip(body, weights, strict=True)) % 31
    return body + alphabet[0 if c == 31 else c]


def demo_case(*, rng, actor, village: Village, when: dt.datetime, employer_index: int):
    """A dispute received `when`, registered and accepted an hour later."""
    from jiefen.accounts.demo import demo_name

    name, _trade = EMPLOYERS[employer_index % len(EMPLOYERS)]
    category, template, claim = rng.choice(DISPUTES)
    amount = Decimal(rng.randrange(30, 480) * 100)
    with demo_at(when):
        employer = employer_find_or_create(
            name=name, credit_code=_credit_code(500 + employer_index), village=village
        )
        people = rng.choice([1, 1, 1, 2, 3])
        case = case_create(
            actor=actor,
            channel=rng.choice([Channel.WALK_IN, Channel.WALK_IN, Channel.PHONE, Channel.ONLINE]),
            category=category,
            summary=template.format(n=rng.randrange(2, 6), amount=amount),
            village=village,
            received_at=when,
            claimants=[
                ClaimantInput(
                    name=demo_name(rng),
                    id_number=_id_number(next(_ids), rng),
                    phone=f"139{rng.randrange(10**8):08d}",
                    representative=i == 0,
                )
                for i in range(people)
            ],
            claims=[(claim, amount)],
            employer=employer,
        )
    with demo_at(when + dt.timedelta(hours=1)):
        case_act(case=case, action="register", actor=actor)
        case_act(case=case, action="accept", actor=actor)
    return case


def _mediator_for(village: Village, rng, street_mediator):
    local = list(village.mediators.filter(is_active=True))
    return rng.choice(local) if local and rng.random() < 0.7 else street_mediator


def seed(*, out, rng) -> None:
    if Mediation.objects.exists():
        return
    clerk = User.objects.filter(username="zt_clerk").first() or User.objects.get(username="clerk")
    street_mediator = User.objects.get(username="mediator")
    villages = list(Village.objects.filter(street__code=ZHUANTANG).order_by("code"))
    now = timezone.now()
    counts = {"agreed": 0, "failed": 0, "refused": 0, "open": 0}
    # Every five days over the year, and a handful in the last days still being mediated.
    schedule = [360 - n * 5 + rng.randrange(0, 3) for n in range(70)] + [9, 7, 6, 4, 3, 2, 1]
    for n, days_ago in enumerate(schedule):
        received = timezone.localtime(now - dt.timedelta(days=days_ago, hours=rng.randrange(0, 6)))
        # Office hours, in the centre's time.
        received = received.replace(hour=9 + rng.randrange(0, 7), minute=rng.choice([0, 15, 30]))
        village = villages[n % len(villages)]
        case = demo_case(rng=rng, actor=clerk, village=village, when=received, employer_index=n)
        recent = days_ago < 12 and rng.random() < 0.6  # the named mediator's own work list
        mediator = street_mediator if recent else _mediator_for(village, rng, street_mediator)
        # The next day, but never after now: yesterday's dispute is taken up this morning.
        start = min(received + dt.timedelta(days=1), now - dt.timedelta(minutes=30))
        with demo_at(start):
            mediation = mediation_start(case=case, mediator=mediator, actor=clerk, started_at=start)
        sessions = rng.choice([1, 1, 2, 3])
        for s in range(sessions):
            held = start + dt.timedelta(days=1 + s * 2, hours=1)
            if held > now:
                break
            online = rng.random() < 0.25
            with demo_at(held):
                session_record(
                    mediation=mediation,
                    actor=mediator,
                    held_at=held,
                    place="" if online else rng.choice(PLACES),
                    online=online,
                    meeting_link="https://meeting.zjzwfw.gov.cn/room/" + str(1000 + n)
                    if online
                    else "",
                    attendees=f"申请人{case.claimants.first().shown_name}、{case.employer.name}代表、调解员{mediator.display_name}",
                    minutes=rng.choice(
                        [
                            "申请人陈述欠薪事实并出示考勤记录；单位代表承认欠薪，但称资金周转困难。",
                            "双方核对工资条和银行流水，对欠薪金额基本确认，分歧在支付期限。",
                            "调解员释明《劳动合同法》相关规定，双方同意回去考虑调解方案。",
                        ]
                    ),
                )
        end = start + dt.timedelta(days=sessions * 2 + 1)
        if end > now - dt.timedelta(days=2) or days_ago < 12:
            counts["open"] += 1
            continue
        roll = rng.random()
        claim = case.claims.first()
        with demo_at(end):
            if roll < 0.6:
                total = (claim.amount * Decimal(rng.choice([0.7, 0.8, 0.9, 1]))).quantize(
                    Decimal("1")
                )
                first_due = end.date() + dt.timedelta(days=rng.choice([7, 15, 30]))
                items = [
                    ItemInput(
                        f"{claim.item}（第一期）", (total / 2).quantize(Decimal("1")), first_due
                    )
                ]
                items.append(
                    ItemInput(
                        f"{claim.item}（第二期）",
                        total - items[0].amount,
                        first_due + dt.timedelta(days=30),
                    )
                )
                review = rng.choice(["", "", "arbitral", "judicial"])
                agreement = agreement_record(
                    mediation=mediation,
                    actor=mediator,
                    signed_on=timezone.localtime(end).date(),
                    terms=f"{case.employer.name}同意分两期支付申请人{claim.item}共计{total}元，申请人放弃其他请求。",
                    items=items,
                    review_kind=review,
                )
                counts["agreed"] += 1
                if rng.random() < 0.7:
                    mediation_resolve_case(mediation=mediation, actor=mediator)
                if review:
                    agreement_review_request(
                        agreement=agreement,
                        actor=mediator,
                        kind=review,
                        requested_on=agreement.signed_on + dt.timedelta(days=rng.randrange(2, 10)),
                    )
                    if days_ago > 60:
                        agreement_review_decide(
                            agreement=agreement,
                            actor=mediator,
                            outcome=rng.choice(["confirmed", "confirmed", "rejected"]),
                            decided_on=agreement.signed_on + dt.timedelta(days=20),
                        )
                for item in agreement.items.all():
                    paid_on = item.due_on - dt.timedelta(days=rng.randrange(0, 5))
                    if paid_on > timezone.localtime(now).date():
                        continue
                    fate = rng.random()
                    with demo_at(timezone.make_aware(dt.datetime.combine(paid_on, dt.time(15)))):
                        if fate < 0.65:
                            agreement_payment_record(
                                item=item, actor=mediator, amount=item.amount, paid_on=paid_on
                            )
                        elif fate < 0.85:
                            agreement_payment_record(
                                item=item,
                                actor=mediator,
                                amount=(item.amount / 2).quantize(Decimal("1")),
                                paid_on=paid_on,
                            )
            elif roll < 0.85:
                mediation_transfer(
                    mediation=mediation,
                    actor=mediator,
                    reason=rng.choice(FAILURES),
                    knew_infringement_on=timezone.localtime(received).date()
                    - dt.timedelta(days=rng.choice([30, 90, 200, 400])),
                )
                counts["failed"] += 1
            else:
                mediation_refuse(
                    mediation=mediation, actor=mediator, note="用人单位明确表示不同意调解"
                )
                counts["refused"] += 1
    reminded = agreement_overdue_sweep()
    out.write(
        f"mediation: {sum(counts.values())} "
        + "，".join(f"{k} {v}" for k, v in counts.items())
        + f"; overdue reminders {reminded}"
    )
