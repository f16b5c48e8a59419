"""Demo portal: online applications over the past year in every state, with evidence files,
bookings for online mediation, and a rights mailbox for every employer with letters."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiefen.accounts.demo import demo_name
from jiefen.accounts.models import User
from jiefen.cases.choices import CaseStatus, Category
from jiefen.cases.demo import _credit_code, _id_number
from jiefen.cases.services import case_act
from jiefen.core.demo import demo_time
from jiefen.geo.models import Village
from jiefen.parties.models import Employer
from jiefen.parties.services import employer_find_or_create
from jiefen.portal import services
from jiefen.portal.choices import LetterStatus
from jiefen.portal.models import Application, Letter, Mailbox, MediationBooking

ORDER = 70
APPLICATIONS = 48
LETTERS = 70

STORIES = {
    Category.WAGE_ARREARS: (
        "我在{emp}做{job}，从{m}月起工资一直拖着不发，共欠{amt}元，找老板说下个月发，一直没发。",
        "支付拖欠工资",
    ),
    Category.LABOR_CONTRACT: (
        "入职{emp}已{n}个月，单位一直不签劳动合同，现在要辞退我。",
        "支付未签劳动合同二倍工资",
    ),
    Category.SOCIAL_INSURANCE: ("{emp}入职时说交社保，查了{n}个月都没交。", "补缴社会保险"),
    Category.WORK_INJURY: (
        "在{emp}{job}时手被机器压伤，已做工伤认定，单位不肯赔偿。",
        "支付工伤待遇",
    ),
    Category.WORKING_HOURS: (
        "{emp}每天要求干12小时，周末也加班，从来没有加班费。",
        "支付加班工资",
    ),
    Category.SEVERANCE: (
        "{emp}说经营困难把我们辞退了，没有任何补偿，我干了{n}年。",
        "支付经济补偿金",
    ),
}
JOBS = ["钢筋工", "木工", "服务员", "厨师", "仓管", "快递分拣员", "保洁", "操作工", "保安"]
LETTER_TEXTS = [
    (Category.WAGE_ARREARS, "本月工资又推迟发放了，车间{n}多人都还没拿到，听说老板资金周转困难。"),
    (Category.WORKING_HOURS, "旺季每天加班到晚上十点，加班费按很低的标准算，希望有人管一管。"),
    (Category.SOCIAL_INSURANCE, "新来的工人都没交社保，说试用期过了再交，已经半年了。"),
    (Category.LABOR_CONTRACT, "公司要求我们签空白合同，内容以后再填，大家都不敢提意见。"),
    (Category.WORK_INJURY, "车间冲床的安全防护坏了很久没修，上周有人压伤了手。"),
    (Category.OTHER, "食堂伙食费每月从工资里扣400元，事先没说过。"),
    (Category.SEVERANCE, "听说厂里要搬迁，很多老员工担心被辞退没有补偿。"),
]
ANSWERS = [
    "已联系企业负责人核实，企业承诺本周五前发放，网格员将跟踪落实。",
    "已约谈企业人事负责人，要求依法支付加班工资并调整排班。",
    "已提醒企业依法为职工缴纳社保，下月将上门复查。",
]
CLOSE_REASONS = ["经核实为重复反映，已并入前一来信处理", "来信内容与该单位无关，已告知来信人"]


def _pdf(title: str) -> bytes:
    text = title.encode("ascii", "replace")
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 72 760 Td (" + text + b") Tj ET\nendstream\n"
        b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _png(rng) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    for row in range(8):
        y = 30 + row * 34
        draw.rectangle([30, y, 450, y + 20], outline=(120, 120, 120))
        draw.text(
            (40, y + 4),
            f"2026-{rng.randrange(1, 12):02d}  {rng.randrange(2000, 9000)}.00",
            fill=(0, 0, 0),
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def seed(*, out, rng) -> None:
    if Application.objects.exists() or Mailbox.objects.exists():
        return
    now = timezone.now()
    clerk = User.objects.get(username="clerk")
    villages = list(
        Village.objects.filter(
            street__code__in=["330106010", "330106109", "330106110", "330106004"]
        )
    )
    employers = list(Employer.objects.filter(village__isnull=False)[:60])
    if not employers:
        employers = [
            employer_find_or_create(
                name=f"杭州{name}有限公司",
                credit_code=_credit_code(rng),
                village=rng.choice(villages),
            )
            for name in ["之江建设", "转塘餐饮管理", "三墩机械制造", "西溪物流", "留下服装"]
        ]
    # Everything older than a fortnight has been decided; recent ones stand in every open state.
    plan = (
        ["submitted"] * 10
        + ["more_info"] * 5
        + ["accepted"] * 8
        + ["handling"] * 6
        + ["resolved"] * 7
        + ["declined"] * 6
        + ["withdrawn"] * 6
    )
    for index in range(APPLICATIONS):
        state = plan[index % len(plan)]
        recent = state in ("submitted", "more_info")
        age = rng.uniform(0.2, 12) if recent else rng.triangular(14, 360, 40)
        submitted = now - dt.timedelta(days=age)
        submitted = submitted.replace(hour=rng.randrange(7, 23), minute=rng.randrange(60))
        submitted = min(submitted, now - dt.timedelta(minutes=30))
        category = rng.choice(list(STORIES))
        story, claim = STORIES[category]
        employer = rng.choice(employers)
        amount = Decimal(rng.randrange(30, 400) * 100)
        kind = rng.choices(["mediation", "arbitration", "inspection"], weights=[6, 2, 2])[0]
        files = []
        for f in range(rng.randrange(0, 4)):
            if rng.random() < 0.5:
                files.append(SimpleUploadedFile(f"工资条{f + 1}.png", _png(rng)))
            else:
                files.append(SimpleUploadedFile(f"劳动合同{f + 1}.pdf", _pdf(f"Contract {f + 1}")))
        with demo_time(submitted):
            application = services.application_submit(
                kind=kind,
                phone=f"139{rng.randrange(10**7, 10**8)}",
                client_ip=None,
                name=demo_name(rng),
                id_number=_id_number(rng),
                address="",
                employer_name=employer.name,
                employer_credit_code=employer.credit_code or "",
                employer_address=employer.address,
                village=employer.village,
                category=category,
                summary=story.format(
                    emp=employer.name,
                    job=rng.choice(JOBS),
                    m=rng.randrange(1, 12),
                    n=rng.randrange(2, 9),
                    amt=amount,
                ),
                claims=[(claim, amount if category != Category.SOCIAL_INSURANCE else None)],
                files=files,
                now=submitted,
            )
        _advance(application, state=state, clerk=clerk, at=submitted, rng=rng)
    _returning_applicants(rng=rng, employers=employers, now=now)
    _bookings(rng)
    out.write(f"portal: {Application.objects.count()} online applications")
    _mailboxes(out=out, rng=rng, now=now, clerk=clerk)


def _returning_applicants(*, rng, employers, now) -> None:
    """Workers already on file from a window case apply online with the phone they use now: the
    application links them by identity number, and the name and phone stay the applicant's claim
    (the queue shows “身份未核实” until the window checks them in person)."""
    from jiefen.core import crypto
    from jiefen.parties.models import Worker

    on_file = list(
        Worker.objects.filter(claims_as_claimant__case__channel="walk_in")
        .exclude(id_number_cipher="")
        .distinct()
        .order_by("pk")[:3]
    )
    for worker in on_file:
        employer = rng.choice(employers)
        submitted = now - dt.timedelta(days=rng.uniform(0.5, 4))
        with demo_time(submitted):
            services.application_submit(
                kind="mediation",
                phone=f"137{rng.randrange(10**7, 10**8)}",
                client_ip=None,
                name=worker.name,
                id_number=crypto.decrypt(worker.id_number_cipher),
                address="",
                employer_name=employer.name,
                employer_credit_code=employer.credit_code or "",
                employer_address=employer.address,
                village=employer.village,
                category=Category.WAGE_ARREARS,
                summary=f"在{employer.name}务工，又被拖欠工资两个月，换了新手机号，请求调解。",
                claims=[("支付拖欠工资", Decimal(rng.randrange(30, 120) * 100))],
                files=[],
                now=submitted,
            )


def _advance(application, *, state, clerk, at, rng) -> None:
    step = at

    def later(hours: float) -> dt.datetime:
        nonlocal step
        step = min(step + dt.timedelta(hours=hours), timezone.now() - dt.timedelta(minutes=5))
        return step

    if state == "submitted":
        return
    if state == "more_info":
        with demo_time(later(rng.uniform(2, 30))):
            services.application_request_more(
                application=application,
                actor=clerk,
                message="请补充劳动关系证明（劳动合同、工牌或工资转账记录）",
            )
        return
    if state == "withdrawn":
        with demo_time(later(rng.uniform(1, 48))):
            services.application_withdraw(application=application, reason="已与单位协商解决")
        if rng.random() < 0.4:
            return  # still waiting for staff to close it
        with demo_time(later(rng.uniform(2, 30))):
            services.application_decline(
                application=application, actor=clerk, reason="申请人撤回申请"
            )
        return
    if state == "declined":
        with demo_time(later(rng.uniform(2, 60))):
            services.application_decline(
                application=application,
                actor=clerk,
                reason=rng.choice(
                    [
                        "申请事项已超过仲裁时效，且无中止、中断情形",
                        "双方系劳务（承揽）关系，不属于劳动争议受理范围",
                        "同一事项已由法院受理",
                    ]
                ),
            )
        return
    with demo_time(later(rng.uniform(2, 60))):
        services.application_accept(application=application, actor=clerk)
    case = application.case
    case.refresh_from_db()
    if state in ("handling", "resolved"):
        with demo_time(later(rng.uniform(4, 48))):
            case = case_act(case=case, action="start_handling", actor=clerk)
    if state == "resolved":
        with demo_time(later(rng.uniform(24, 200))):
            case_act(
                case=case,
                action="resolve",
                actor=clerk,
                note="经调解，双方达成协议，单位分期支付",
                amount_recovered=case.claim_total,
            )


def _bookings(rng) -> None:
    open_cases = [
        a.case
        for a in Application.objects.select_related("case").filter(
            case__status__in=[CaseStatus.ACCEPTED, CaseStatus.HANDLING], kind="mediation"
        )
    ]
    slots = services.booking_slots()
    booked = []
    for case in open_cases[:6]:
        try:
            booked.append(services.booking_create(case=case, slot_start=rng.choice(slots[:12])))
        except services.ConflictError:
            continue
    if booked:
        # One online mediation about to begin: its room is open now (from 30 minutes before),
        # so the mediator's page offers to start it and the applicant's page shows the way in
        # (or, with no JIEFEN_JITSI_URL, says that no video service is configured).
        soon = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=20)
        MediationBooking.objects.filter(pk=booked[0].pk).update(slot_start=soon, seat=9)


def _mailboxes(*, out, rng, now, clerk) -> None:
    services.mailboxes_ensure_all(actor=clerk)
    mailboxes = list(
        Mailbox.objects.select_related("employer").filter(employer__village__isnull=False)
    )
    if not mailboxes:
        return
    busy = mailboxes[:15]
    for index in range(LETTERS):
        mailbox = rng.choice(busy)
        category, text = rng.choice(LETTER_TEXTS)
        anonymous = rng.random() < 0.6
        # The first dozen arrived this week and wait in the queue.
        days = rng.uniform(0, 6) if index < 12 else rng.triangular(6, 300, 20)
        received = now - dt.timedelta(days=days, hours=rng.randrange(12))
        letter = services.letter_submit(
            mailbox=mailbox,
            anonymous=anonymous,
            name="" if anonymous else demo_name(rng),
            phone="" if anonymous else f"138{rng.randrange(10**7, 10**8)}",
            category=category,
            body=text.format(n=rng.randrange(10, 80)),
            client_ip=None,
            received_at=received,
        )
        if index < 12:
            continue
        outcome = rng.choices(["answer", "convert", "close"], weights=[6, 2, 1])[0]
        with demo_time(min(received + dt.timedelta(days=rng.uniform(0.2, 3)), now)):
            if outcome == "answer":
                services.letter_answer(letter=letter, actor=clerk, answer=rng.choice(ANSWERS))
            elif outcome == "convert":
                services.letter_convert(letter=letter, actor=clerk)
            else:
                services.letter_close(letter=letter, actor=clerk, reason=rng.choice(CLOSE_REASONS))
    counts = ", ".join(
        f"{label} {Letter.objects.filter(status=value).count()}"
        for value, label in LetterStatus.choices
    )
    out.write(f"rights mailboxes: {Mailbox.objects.count()}; letters: {counts}")
