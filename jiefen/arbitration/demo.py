"""Demo: a year of arbitration: applications transferred from failed mediations and filed
directly, at every stage, with past hearings held and awarded, and hearings booked on the
district's tribunal room and the street 仲裁派出庭 over the coming weeks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.accounts.models import Department, User
from jiefen.arbitration.choices import ApplicationStatus
from jiefen.arbitration.models import Application, Hearing, HearingRoom
from jiefen.arbitration.services import (
    AwardItemInput,
    application_accept,
    application_complete,
    application_completion_notice,
    application_decline,
    application_file,
    application_mediate,
    application_suspend,
    award_extend,
    award_issue,
    defence_receive,
    earliest_hearing_day,
    hearing_book,
    hearing_hold,
    rooms_ensure,
    service_record,
    tribunal_compose,
    wage_tables_ensure,
)
from jiefen.cases.clocks import extension_approver_grant
from jiefen.cases.models import ExtensionApprover
from jiefen.core.exceptions import ConflictError
from jiefen.geo.models import Village
from jiefen.mediation.demo import demo_at, demo_case

ORDER = 41
ARBITRATORS = ["赵仲裁", "钱思远", "孙文华", "李晓燕", "周明杰", "吴海峰"]
MODES = ["in_person", "post", "post", "electronic"]


def _arbitrators() -> list[User]:
    people = list(User.objects.filter(role=Role.ARBITRATOR, is_active=True).order_by("id"))
    if len(people) >= 4:
        return people
    password = make_password("Jiefen@2026")
    department = Department.objects.get(
        kind=DepartmentKind.ARBITRATION_TRIBUNAL,
        street=None,
        district__code=settings.JIEFEN_DISTRICT_CODE,
    )
    district = people[0].scope_code if people else "330106"
    for i, name in enumerate(ARBITRATORS[1:], start=1):
        user, _ = User.objects.get_or_create(
            username=f"arb_{i:02d}",
            defaults={
                "full_name": name,
                "role": Role.ARBITRATOR,
                "password": password,
                "department": department,
                "scope_level": ScopeLevel.DISTRICT,
                "scope_code": district,
                "phone": f"1350571{i:04d}",
            },
        )
        people.append(user)
    return people


def _approvers(arbitrators: list[User]) -> list[User]:
    """The commission's chair (recorded by the administrator) and the 仲裁院 head the chair
    authorised in writing: the only people who may approve an award extension."""
    chair, _ = User.objects.get_or_create(
        username="arb_chair",
        defaults={
            "full_name": "王振华",
            "role": Role.LEADER,
            "department": Department.objects.get(
                kind=DepartmentKind.ARBITRATION_TRIBUNAL,
                street=None,
                district__code=settings.JIEFEN_DISTRICT_CODE,
            ),
            "scope_level": ScopeLevel.DISTRICT,
            "scope_code": "330106",
            "password": make_password("Jiefen@2026"),
        },
    )
    admin = User.objects.get(username="admin")
    if not ExtensionApprover.objects.filter(user=chair, revoked_at__isnull=True).exists():
        extension_approver_grant(
            actor=admin,
            user=chair,
            standing="chair",
            instrument="西湖区人民政府任命：区劳动人事争议仲裁委员会主任",
        )
    head = arbitrators[0]
    if not ExtensionApprover.objects.filter(user=head, revoked_at__isnull=True).exists():
        extension_approver_grant(
            actor=chair,
            user=head,
            standing="delegate",
            instrument="西劳人仲委〔2026〕2号：委托仲裁院负责人审批延长仲裁期限",
        )
    return [chair, head]


def _at_day(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _book(application, actor, rooms, *, first_day: dt.date, notice_on: dt.date, rng):
    """Book the first free slot from `first_day` on (the service refuses clashes)."""
    day = max(first_day, earliest_hearing_day(notice_on))
    for _ in range(40):
        if day.weekday() < 5:
            for hour in (9, 14):
                room = rng.choice(rooms)
                start = _at_day(day, hour)
                try:
                    return hearing_book(
                        application=application,
                        actor=actor,
                        room=room,
                        starts_at=start,
                        ends_at=start + dt.timedelta(hours=2),
                        notice_on=notice_on,
                    )
                except ConflictError:
                    continue
        day += dt.timedelta(days=1)
    return None


def _serve_hearing_notice(application, actor, hearing, *, day: dt.date, now, rng) -> None:
    """The hearing notice served on both sides on the day it was issued (第三十五条: five days
    before the hearing), by hand or electronically, with its receipt."""
    when = min(_at_day(day, 15), now)
    for side in ("applicant", "respondent"):
        with demo_at(when):
            service_record(
                application=application,
                actor=actor,
                document="hearing_notice",
                side=side,
                mode=rng.choice(["in_person", "electronic"]),
                served_at=when,
                proof=rng.choice(["送达回证（受送达人签收）", "浙江解纷码电子送达回执"]),
                hearing=hearing,
            )


def _serve(application, actor, *, document, side, when, rng, mode=None):
    mode = mode or rng.choice(MODES)
    proof = {
        "in_person": "送达回证（受送达人签收）",
        "post": f"EMS {rng.randrange(10**12, 10**13)}",
        "electronic": "浙江解纷码电子送达回执",
        "public_notice": "《人民法院报》公告",
    }[mode]
    return service_record(
        application=application,
        actor=actor,
        document=document,
        side=side,
        mode=mode,
        served_at=when,
        proof=proof,
        notice_ends_on=(timezone.localtime(when).date() + dt.timedelta(days=30))
        if mode == "public_notice"
        else None,
    )


def seed(*, out, rng) -> None:  # noqa: C901 - one demo story, stage by stage
    if Hearing.objects.exists():
        return
    wage_tables_ensure()
    rooms = rooms_ensure()
    district_room = rooms[0]
    arbitrators = _arbitrators()
    clerk = User.objects.get(username="tribunal_clerk")
    approvers = _approvers(arbitrators)
    now = timezone.now()
    today = timezone.localtime(now).date()
    # Direct applications on cases of other streets, besides the transfers from mediation.
    villages = list(Village.objects.exclude(street__code="330106010").order_by("code"))
    # Spread over the year, and more in the last six weeks (on their way to a hearing).
    schedule = [340 - n * 25 for n in range(13)] + [40 - n * 3 for n in range(14)]
    for n, days_ago in enumerate(schedule):
        received = now - dt.timedelta(days=days_ago, hours=rng.randrange(0, 5))
        received = received.replace(hour=10)
        case = demo_case(
            rng=rng,
            actor=User.objects.get(username="clerk"),
            village=villages[(n * 7) % len(villages)],
            when=received,
            employer_index=n + 3,
        )
        with demo_at(received + dt.timedelta(hours=2)):
            application_file(
                case=case,
                actor=clerk,
                knew_infringement_on=timezone.localtime(received).date()
                - dt.timedelta(days=rng.choice([20, 60, 150, 420])),
            )
    stages: dict[str, int] = {}
    for application in Application.objects.select_related("case__village__street").order_by(
        "received_at"
    ):
        received = application.received_at
        age = (now - received).days
        if age < 3:
            stages["received"] = stages.get("received", 0) + 1
            continue
        if age < 8 and (rng.random() < 0.5 or not stages.get("completing")):
            with demo_at(received + dt.timedelta(days=1)):
                application_completion_notice(
                    application=application,
                    actor=clerk,
                    missing="1. 劳动合同或工资条等劳动关系证明；2. 被申请人的工商登记信息。",
                )
            stages["completing"] = stages.get("completing", 0) + 1
            continue
        if rng.random() < 0.08:
            with demo_at(received + dt.timedelta(days=3)):
                application_decline(
                    application=application,
                    actor=clerk,
                    reason="申请人与被申请人之间系承揽关系，不属于劳动人事争议受理范围。",
                )
            stages["declined"] = stages.get("declined", 0) + 1
            continue
        if rng.random() < 0.15 and age > 10:
            with demo_at(received + dt.timedelta(days=1)):
                application_completion_notice(
                    application=application, actor=clerk, missing="身份证复印件；欠薪计算明细。"
                )
            with demo_at(received + dt.timedelta(days=4)):
                application_complete(application=application, actor=clerk)
        accepted = received + dt.timedelta(days=rng.choice([2, 3, 4]))
        if accepted > now:
            continue
        with demo_at(accepted):
            application_accept(application=application, actor=clerk, accepted_at=accepted)
        street_room = next(
            (r for r in rooms if r.street_id == application.case.village.street_id), district_room
        )
        amount = application.case.claim_total
        with demo_at(accepted + dt.timedelta(days=1)):
            if amount <= Decimal("30000") or rng.random() < 0.3:
                tribunal_compose(
                    application=application,
                    actor=clerk,
                    procedure="simplified",
                    simplified_basis="amount" if amount <= Decimal("100000") else "agreed",
                    arbitrators=[rng.choice(arbitrators[:1] * 3 + arbitrators)],
                )
            else:
                tribunal_compose(
                    application=application,
                    actor=clerk,
                    procedure="ordinary",
                    arbitrators=rng.sample(arbitrators, 3),
                )
        steps = [
            (2, "application_copy", "respondent"),
            (3, "composition_notice", "applicant"),
            (3, "composition_notice", "respondent"),
        ]
        for days, document, side in steps:
            when = accepted + dt.timedelta(days=days)
            if when < now:
                with demo_at(when):
                    _serve(application, clerk, document=document, side=side, when=when, rng=rng)
        defence_at = accepted + dt.timedelta(days=9)
        if defence_at < now and rng.random() < 0.8:
            with demo_at(defence_at):
                defence_receive(application=application, actor=clerk, received_at=defence_at)
            when = defence_at + dt.timedelta(days=2)
            if when < now:
                with demo_at(when):
                    _serve(
                        application,
                        clerk,
                        document="defence_copy",
                        side="applicant",
                        when=when,
                        rng=rng,
                    )
        room_choices = [street_room, district_room]
        # Most awards come within the month the centre aims at; older applications are decided.
        if age > 32:
            notice_day = timezone.localtime(accepted).date() + dt.timedelta(days=8)
            with demo_at(_at_day(notice_day, 9)):
                hearing = _book(
                    application,
                    clerk,
                    room_choices,
                    first_day=notice_day + dt.timedelta(days=7),
                    notice_on=notice_day,
                    rng=rng,
                )
            if hearing is None:
                continue
            _serve_hearing_notice(application, clerk, hearing, day=notice_day, now=now, rng=rng)
            if hearing.ends_at > now:
                stages["hearing booked"] = stages.get("hearing booked", 0) + 1
                continue
            with demo_at(hearing.ends_at):
                hearing_hold(
                    hearing=hearing,
                    actor=hearing.seats.first().arbitrator,
                    record="双方到庭，举证质证，发表辩论意见；仲裁庭主持调解。",
                )
            # Some complex cases are extended (at least one, to show the approval document).
            if rng.random() < 0.1 or not stages.get("extended"):
                stages["extended"] = stages.get("extended", 0) + 1
                with demo_at(hearing.ends_at + dt.timedelta(days=1)):
                    award_extend(
                        application=application,
                        actor=clerk,
                        days=rng.choice([10, 15]),
                        approved_by=rng.choice(approvers),
                        reason="案情复杂，需调取社保缴费记录",
                    )
            decided = hearing.ends_at + dt.timedelta(days=rng.randrange(3, 12))
            if decided > now:
                stages["heard"] = stages.get("heard", 0) + 1
                continue
            claim = application.case.claims.first()
            with demo_at(decided):
                if rng.random() < 0.3:
                    application_mediate(
                        application=application,
                        actor=clerk,
                        terms=f"被申请人于十日内一次性支付申请人{claim.item}"
                        f"{(claim.amount * Decimal('0.8')).quantize(Decimal('1'))}元，双方再无其他争议。",
                    )
                    stages["mediated"] = stages.get("mediated", 0) + 1
                else:
                    items = [
                        AwardItemInput(
                            "remuneration",
                            f"被申请人支付申请人{claim.item}",
                            (claim.amount * Decimal("0.9")).quantize(Decimal("1")),
                        )
                    ]
                    if rng.random() < 0.4:
                        items.append(
                            AwardItemInput(
                                "standards", "被申请人为申请人补缴在职期间的社会保险费", None
                            )
                        )
                    award_issue(
                        application=application,
                        actor=clerk,
                        items=items,
                        text="经审理查明，申请人在被申请人处工作，被申请人未足额支付劳动报酬，"
                        "有考勤记录、工资条及双方陈述为证。",
                        awarded_at=decided,
                    )
                    stages["awarded"] = stages.get("awarded", 0) + 1
            served = decided + dt.timedelta(days=3)
            if served < now and application.status == ApplicationStatus.AWARDED:
                with demo_at(served):
                    _serve(
                        application, clerk, document="award", side="applicant", when=served, rng=rng
                    )
        elif rng.random() < 0.12 and accepted + dt.timedelta(days=5) < now:
            # Suspended five days after acceptance: only a case accepted long enough ago, so that
            # no suspension is dated after now.
            with demo_at(accepted + dt.timedelta(days=5)):
                application_suspend(
                    application=application,
                    actor=clerk,
                    reason="本案须以工伤认定结论为依据，工伤认定尚未作出。",
                    ground="appraisal",
                )
            stages["suspended"] = stages.get("suspended", 0) + 1
        else:
            # Hearings this week (noticed a week ago) and over the coming weeks (noticed today);
            # each notice at least five days ahead.
            if age > 9 and rng.random() < 0.4:
                notice_on = today - dt.timedelta(days=7)
                first_day = today + dt.timedelta(days=rng.randrange(0, 2))
            else:
                notice_on, first_day = today, today + dt.timedelta(days=rng.randrange(6, 24))
            with demo_at(_at_day(notice_on, 9)):
                hearing = _book(
                    application,
                    clerk,
                    room_choices,
                    first_day=first_day,
                    notice_on=notice_on,
                    rng=rng,
                )
            if hearing:
                _serve_hearing_notice(application, clerk, hearing, day=notice_on, now=now, rng=rng)
            stages["hearing booked"] = stages.get("hearing booked", 0) + 1
    out.write(
        f"arbitration: {Application.objects.count()} applications; "
        + "，".join(f"{k} {v}" for k, v in stages.items())
        + f"; rooms {HearingRoom.objects.count()}, hearings {Hearing.objects.count()}"
    )
