"""Every rule of the clock catalogue walked over the calendar's edges, with the answers worked
out by hand and the article behind each.

The calendar is the State Council's (jiefen/workdays/data/cn_holidays.json). 2026: Spring
Festival off 15–23 Feb with Saturday 14 Feb and Saturday 28 Feb worked; National Day off 1–7 Oct
(with the Mid-Autumn days 25–27 Sep) with Sunday 20 Sep and Saturday 10 Oct worked; 1–3 Jan,
4–6 Apr, 1–5 May (Saturday 9 May worked), 19–21 Jun off. 2027 is not published: only its
statutory days are known, so a due date there is provisional.

Counting (《民事诉讼法》第八十五条, 《民法典》第二百零一条、第二百零三条): a period in days starts
the day after its event; its last day, if a holiday or rest day, rolls to the next working day;
pauses (《劳动人事争议仲裁办案规则》第四十五条) and extensions (《劳动争议调解仲裁法》第四十三条) add
days to the raw period, and the end is rolled once. A working-day period counts working days,
make-up days included; its pauses and extensions are working days too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from jiefen.accounts.choices import DepartmentKind, Role
from jiefen.cases.clockrules import CATALOGUE, ClockKind
from jiefen.cases.clocks import (
    clock_extend,
    clock_pause,
    clock_restart,
    clock_resume,
    clock_start,
    extension_approver_grant,
)
from jiefen.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
K = ClockKind


def at(y, m, d, h=10, mi=0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=CST)


@dataclass(frozen=True)
class Row:
    name: str
    kind: str
    start: dt.datetime
    due: dt.date | dt.datetime
    why: str
    ops: tuple = field(default=())
    provisional: bool = False


ROWS = [
    Row(
        "intake registration on the Spring Festival make-up Saturday",
        K.INTAKE_REGISTER,
        at(2026, 2, 13),  # Friday
        dt.date(2026, 2, 14),
        "1 working day after Fri 13 Feb: Sat 14 Feb is a working day (调休)",
    ),
    Row(
        "intake decision across Spring Festival",
        K.INTAKE_DECIDE,
        at(2026, 2, 12),  # Thursday
        dt.date(2026, 2, 26),
        "5 working days: 13 Feb, Sat 14 Feb, (15–23 off), 24, 25, 26 Feb",
    ),
    Row(
        "seven working days across National Day with its make-up Saturday",
        K.RESOLVE_7,
        at(2026, 9, 29),
        dt.date(2026, 10, 14),
        "30 Sep, (1–7 Oct off), 8, 9, Sat 10, 12, 13, 14 Oct",
    ),
    Row(
        "mediation period ending on a National Day holiday",
        K.MEDIATION_15,
        at(2026, 9, 22),
        dt.date(2026, 10, 8),
        "《劳动争议调解仲裁法》第十四条: 22 Sep + 15 = 7 Oct, a holiday: rolls to 8 Oct",
    ),
    Row(
        "arbitral review window ending inside Spring Festival",
        K.AGREEMENT_ARBITRAL_REVIEW_15,
        at(2026, 2, 5),
        dt.date(2026, 2, 24),
        "办案规则第七十四条: 5 Feb + 15 = 20 Feb (off until 23 Feb): 24 Feb",
    ),
    Row(
        "judicial confirmation window ending on a make-up Saturday",
        K.AGREEMENT_JUDICIAL_REVIEW_30,
        at(2026, 1, 29),
        dt.date(2026, 2, 28),
        "《人民调解法》第三十三条: 29 Jan + 30 = Sat 28 Feb, a working day: no roll",
    ),
    Row(
        "acceptance period ending in the National Day week",
        K.ARBITRATION_ACCEPTANCE_5,
        at(2026, 9, 28),
        dt.date(2026, 10, 8),
        "第二十九条: 28 Sep + 5 = 3 Oct, a holiday: 8 Oct",
    ),
    Row(
        "acceptance period restarted when the completed papers arrive",
        K.ARBITRATION_ACCEPTANCE_5,
        at(2026, 11, 2),
        dt.date(2026, 11, 23),
        "paused for completion 3 Nov, restarted 16 Nov (办案规则第四十五条): 16 + 5 = Sat 21 Nov, "
        "rolls to Mon 23 Nov",
        ops=(("pause", at(2026, 11, 3), "completion"), ("restart", at(2026, 11, 16), "completed")),
    ),
    Row(
        "service period ending on the Sunday worked before National Day",
        K.ARBITRATION_SERVICE_5,
        at(2026, 9, 15),
        dt.date(2026, 9, 20),
        "第三十条: 15 Sep + 5 = Sun 20 Sep, a working day (调休): no roll",
    ),
    Row(
        "composition notice ending on the Spring Festival make-up Saturday",
        K.ARBITRATION_COMPOSITION_5,
        at(2026, 2, 9),
        dt.date(2026, 2, 14),
        "第三十二条: 9 Feb + 5 = Sat 14 Feb, a working day",
    ),
    Row(
        "defence period ending inside Spring Festival",
        K.ARBITRATION_DEFENCE_10,
        at(2026, 2, 10),
        dt.date(2026, 2, 24),
        "第三十条: 10 Feb + 10 = 20 Feb (off until 23 Feb): 24 Feb",
    ),
    Row(
        "defence copy period ending on Labour Day",
        K.ARBITRATION_DEFENCE_COPY_5,
        at(2026, 4, 30),
        dt.date(2026, 5, 6),
        "第三十条: 30 Apr + 5 = 5 May, a holiday: Wed 6 May",
    ),
    Row(
        "award period ending on National Day",
        K.ARBITRATION_AWARD_45,
        at(2026, 8, 17),
        dt.date(2026, 10, 8),
        "第四十三条: 17 Aug + 45 = 1 Oct, a holiday: 8 Oct",
    ),
    Row(
        "award period extended across the National Day week",
        K.ARBITRATION_AWARD_45,
        at(2026, 8, 17),
        dt.date(2026, 10, 16),
        "第四十三条: 17 Aug + 45 + 15 = Fri 16 Oct, rolled once (not 8 Oct + 15 = 23 Oct)",
        ops=(("extend", 15),),
    ),
    Row(
        "award period paused from a holiday",
        K.ARBITRATION_AWARD_45,
        at(2026, 8, 17),
        dt.date(2026, 10, 10),
        "suspended Sat 3 Oct (a holiday), resumed Mon 12 Oct: 9 days; 1 Oct + 9 = Sat 10 Oct, "
        "a working day (调休)",
        ops=(("pause", at(2026, 10, 3), "suspension"), ("resume", at(2026, 10, 12))),
    ),
    Row(
        "award period paused until a holiday",
        K.ARBITRATION_AWARD_45,
        at(2026, 9, 1),
        dt.date(2026, 11, 2),
        "1 Sep + 45 = Fri 16 Oct; suspended 20 Sep, resumed 5 Oct (a holiday): 15 days; "
        "16 Oct + 15 = Sat 31 Oct: Mon 2 Nov",
        ops=(("pause", at(2026, 9, 20), "appraisal"), ("resume", at(2026, 10, 5))),
    ),
    Row(
        "award period with two pauses",
        K.ARBITRATION_AWARD_45,
        at(2026, 11, 2),
        dt.date(2026, 12, 30),
        "2 Nov + 45 = 17 Dec; public notice 10–20 Nov (10) and settlement 1–4 Dec (3): "
        "17 Dec + 13 = Wed 30 Dec",
        ops=(
            ("pause", at(2026, 11, 10), "public_notice"),
            ("resume", at(2026, 11, 20)),
            ("pause", at(2026, 12, 1), "settlement"),
            ("resume", at(2026, 12, 4)),
        ),
    ),
    Row(
        "award period extended after a pause, into the unpublished 2027",
        K.ARBITRATION_AWARD_45,
        at(2026, 11, 2),
        dt.date(2027, 1, 11),
        "2 Nov + 45 + 10 paused (10–20 Nov) + 15 extended = 2 Nov + 70 = Mon 11 Jan 2027; "
        "2027's schedule is not published: provisional",
        ops=(
            ("pause", at(2026, 11, 10), "suspension"),
            ("resume", at(2026, 11, 20)),
            ("extend", 15),
        ),
        provisional=True,
    ),
    Row(
        "simplified procedure ending inside Spring Festival",
        K.ARBITRATION_SIMPLIFIED_30,
        at(2026, 1, 21),
        dt.date(2026, 2, 24),
        "条例第三十九条: 21 Jan + 30 = 20 Feb (off until 23 Feb): 24 Feb",
    ),
    Row(
        "one month from 31 January ends on the last day of February, a make-up Saturday",
        K.ARBITRATION_ONE_MONTH,
        at(2026, 1, 31),
        dt.date(2026, 2, 28),
        "one month on from 31 Jan: February has no 31st, so Sat 28 Feb, a working day",
    ),
    Row(
        "one month ending in the National Day week",
        K.ARBITRATION_ONE_MONTH,
        at(2026, 9, 3),
        dt.date(2026, 10, 8),
        "3 Sep + 1 month = 3 Oct, a holiday: 8 Oct",
    ),
    Row(
        "inspection opening counts the Sunday worked before the Mid-Autumn holiday",
        K.INSPECTION_OPEN_5,
        at(2026, 9, 18),  # Friday
        dt.date(2026, 9, 24),
        "若干规定第十八条: Sun 20 Sep (调休), 21, 22, 23, 24 Sep",
    ),
    Row(
        "investigation paused across a weekend",
        K.INSPECTION_INVESTIGATE_60,
        at(2026, 6, 1),
        dt.date(2026, 8, 26),
        "条例第十七条: 60 working days from Mon 1 Jun (19 Jun off) end Tue 25 Aug; suspended "
        "Fri 5 Jun, resumed Mon 8 Jun: the weekend is not a working day, Monday is one: +1, "
        "Wed 26 Aug",
        ops=(("pause", at(2026, 6, 5), "inspection_suspension"), ("resume", at(2026, 6, 8))),
    ),
    Row(
        "investigation across National Day extended by thirty working days",
        K.INSPECTION_INVESTIGATE_60,
        at(2026, 8, 3),
        dt.date(2026, 12, 11),
        "60 working days from Mon 3 Aug, counting Sun 20 Sep and Sat 10 Oct, skipping 25 Sep "
        "and 1–7 Oct, end Fri 30 Oct; + 30 working days: Fri 11 Dec",
        ops=(("extend", 30),),
    ),
    Row(
        "complainant notice counted over National Day and its make-up Saturday",
        K.INSPECTION_NOTICE_3,
        at(2026, 9, 30),
        dt.date(2026, 10, 10),
        "3 working days from 30 Sep: 8, 9 Oct, Sat 10 Oct",
    ),
    Row(
        "police arrival counts minutes, holiday or not",
        K.ARRIVAL_POLICE_15,
        at(2026, 10, 1, 10, 0),
        at(2026, 10, 1, 10, 15),
        "110联动: 15 minutes from dispatch",
    ),
    Row(
        "inspection squad arrival counts minutes",
        K.ARRIVAL_INSPECTION_20,
        at(2026, 2, 17, 23, 50),
        at(2026, 2, 18, 0, 10),
        "110联动: 20 minutes from dispatch, across midnight",
    ),
]


def test_the_table_walks_every_rule_of_the_catalogue():
    assert {r.kind for r in ROWS} == set(CATALOGUE)


@pytest.fixture
def chair(make_staff, administrator):
    user = make_staff(Role.LEADER, department_kind=DepartmentKind.ARBITRATION_TRIBUNAL)
    extension_approver_grant(
        actor=administrator, user=user, standing="chair", instrument="仲裁委员会主任任命"
    )
    return user


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_rule_on_the_calendar_edge(row, leader, chair):
    case = make_case(actor=leader)
    clock = clock_start(case=case, kind=row.kind, started_at=row.start, seq=9)
    for op, *args in row.ops:
        if op == "pause":
            clock = clock_pause(clock=clock, at=args[0], reason=args[1])
        elif op == "resume":
            clock = clock_resume(clock=clock, at=args[0])
        elif op == "restart":
            clock = clock_restart(clock=clock, at=args[0], reason=args[1])
        else:
            clock = clock_extend(clock=clock, length=args[0], approved_by=chair, reason="案情复杂")

    clock.refresh_from_db()
    due = clock.due_at.astimezone(CST)
    if isinstance(row.due, dt.datetime):
        assert due == row.due, row.why
    else:
        assert (due.date(), due.time()) == (row.due, dt.time(23, 59, 59)), row.why
    assert clock.provisional is row.provisional, row.why


def test_every_move_of_a_due_date_is_on_the_timeline_with_its_article(leader, chair):
    case = make_case(actor=leader)
    clock = clock_start(case=case, kind=K.ARBITRATION_AWARD_45, started_at=at(2026, 8, 17))
    clock = clock_pause(clock=clock, at=at(2026, 10, 3), reason="suspension")
    clock = clock_resume(clock=clock, at=at(2026, 10, 12))
    clock_extend(clock=clock, length=5, approved_by=chair, reason="鉴定")

    moves = list(case.events.filter(kind="clock", data__clock=K.ARBITRATION_AWARD_45))
    assert [m.summary.split("：")[0] for m in moves] == [
        "开始计时",
        "时限中止",
        "时限恢复",
        "时限延长",
    ]
    assert "2026-10-08顺延至2026-10-10" in moves[2].summary
    assert "第四十五条" in moves[2].note
    assert "2026-10-10改为2026-10-15" in moves[3].summary  # 1 Oct + 9 + 5 = Thu 15 Oct
    assert "第四十三条" in moves[3].note


def test_a_pause_the_rule_does_not_know_is_refused(leader):
    from jiefen.core.exceptions import ConflictError

    case = make_case(actor=leader)
    clock = clock_start(case=case, kind=K.MEDIATION_15, started_at=at(2026, 9, 22), seq=9)

    with pytest.raises(ConflictError, match="不因"):
        clock_pause(clock=clock, at=at(2026, 9, 24), reason="suspension")


def test_an_extension_beyond_the_rules_maximum_is_refused(leader, chair):
    from jiefen.core.exceptions import ConflictError

    case = make_case(actor=leader)
    clock = clock_start(case=case, kind=K.ARBITRATION_AWARD_45, started_at=at(2026, 8, 17))
    clock = clock_extend(clock=clock, length=10, approved_by=chair, reason="复杂")

    with pytest.raises(ConflictError, match="不得超过15日"):
        clock_extend(clock=clock, length=6, approved_by=chair, reason="再延")


def test_the_rules_page_and_the_api_list_every_rule_with_its_article(client, api_as, clerk):
    client.force_login(clerk)
    page = client.get("/cases/clock-rules/").content.decode()
    rules = api_as(clerk).get("/api/v1/cases/clock-rules/").json()

    assert [r["kind"] for r in rules] == list(CATALOGUE)
    for rule in rules:
        assert f'data-testid="rule-{rule["kind"]}"' in page
        assert rule["article"]
    award = next(r for r in rules if r["kind"] == K.ARBITRATION_AWARD_45)
    assert (award["counting"], award["length"], award["extension_max"]) == ("calendar_days", 45, 15)
    assert award["approver"] == "commission_chair"
    assert {p["reason"] for p in award["pauses"]} >= {"suspension", "public_notice", "appraisal"}


def test_a_chair_recorded_by_an_administrator_authorises_a_delegate_on_the_rules_page(
    client, administrator, make_staff
):
    chair = make_staff(Role.LEADER, department_kind=DepartmentKind.ARBITRATION_TRIBUNAL)
    head = make_staff(Role.ARBITRATOR, department_kind=DepartmentKind.ARBITRATION_TRIBUNAL)
    client.force_login(administrator)
    client.post(
        "/cases/clock-rules/approvers/",
        {"standing": "chair", "user": chair.pk, "instrument": "区政府任命"},
    )
    client.force_login(chair)
    client.post(
        "/cases/clock-rules/approvers/",
        {"standing": "delegate", "user": head.pk, "instrument": "委托书〔2026〕1号"},
    )

    from jiefen.cases.models import ExtensionApprover

    grant = ExtensionApprover.objects.get(user=head, revoked_at__isnull=True)
    assert (grant.standing, grant.granted_by, grant.approver) == (
        "delegate",
        chair,
        "commission_chair",
    )
