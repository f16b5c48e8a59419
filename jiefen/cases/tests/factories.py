"""Building cases for tests through the real services, so each test starts from a state the
system itself could have reached."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jiefen.cases.choices import CaseStatus, Category, Channel
from jiefen.cases.models import Case
from jiefen.cases.services import ClaimantInput, case_act, case_create, case_intake
from jiefen.geo.models import Village
from jiefen.parties.services import employer_find_or_create
from jiefen.parties.validators import credit_code_complete

# Real-format identifiers with valid check characters (GB 11643 / GB 32100).
ID_NUMBERS = [
    "11010519491231002X",
    "330106199003071234",
]
CREDIT_CODE = "91330106MA27XKQ01P"


def id_number(seq: int, *, birth: str = "19900307", region: str = "330106") -> str:
    """A valid identity number, distinct for each `seq` (order code 100-998)."""
    body = f"{region}{birth}{100 + seq % 899:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def credit_code(seq: int) -> str:
    return credit_code_complete(f"91330106MA2{seq:06d}")


_seq = iter(range(1, 10**6))


def make_case(
    *,
    actor,
    village_code: str = "330106010002",
    status: str = CaseStatus.RECEIVED,
    claimants: int = 1,
    category: str = Category.LABOR_CONTRACT,
    channel: str = Channel.WALK_IN,
    received_at: dt.datetime | None = None,
    employer_name: str = "杭州转塘建设有限公司",
    **extra,
) -> Case:
    """A case in `status`, reached by the legal moves from `received`."""
    village = Village.objects.get(code=village_code)
    employer = employer_find_or_create(
        name=employer_name, credit_code=credit_code(next(_seq)), village=village
    )
    people = [
        ClaimantInput(
            name=f"工人{i}",
            id_number=id_number(next(_seq)),
            phone=f"1390571{i:04d}",
            representative=i == 0,
        )
        for i in range(claimants)
    ]
    case = case_create(
        actor=actor,
        channel=channel,
        category=category,
        summary=extra.pop("summary", "拖欠三个月工资"),
        village=village,
        received_at=received_at or timezone.now(),
        claimants=people,
        claims=[("工资", Decimal("12000.00"))],
        employer=employer,
        **extra,
    )
    path = {
        CaseStatus.RECEIVED: [],
        CaseStatus.REGISTERED: ["register"],
        CaseStatus.ANSWERED: ["register", "answer"],
        CaseStatus.DECLINED: ["register", "decline"],
        CaseStatus.ACCEPTED: ["register", "accept"],
        CaseStatus.HANDLING: ["register", "accept", "start_handling"],
        CaseStatus.RESOLVED: ["register", "accept", "start_handling", "resolve"],
        CaseStatus.UNRESOLVED: ["register", "accept", "start_handling", "mark_unresolved"],
        CaseStatus.CLOSED: ["register", "accept", "start_handling", "resolve", "close"],
    }[status]
    for action in path:
        case = case_act(case=case, action=action, actor=actor, note="依法处理")
    return case


def make_duplicate(*, actor, category: str = Category.WAGE_ARREARS) -> Case:
    """A case in hand whose worker already has an open case: intake links it to that one as a
    suspected duplicate (the only `CaseLink`), so `case_merge` folds it in there."""
    village = Village.objects.get(code="330106010002")
    employer = employer_find_or_create(
        name="杭州转塘建设有限公司", credit_code=credit_code(next(_seq)), village=village
    )
    worker = ClaimantInput(
        name="张三", id_number=id_number(next(_seq)), phone="13905710001", representative=True
    )

    def intake() -> Case:
        return case_intake(
            actor=actor,
            channel=Channel.WALK_IN,
            category=category,
            summary="拖欠三个月工资",
            village=village,
            claimants=[worker],
            claims=[("工资", Decimal("12000.00"))],
            employer=employer,
        )

    intake()  # the worker's open case
    case = intake()
    for action in ("accept", "start_handling"):
        case = case_act(case=case, action=action, actor=actor)
    return case


def make_case_without_employer(*, actor, received_at: dt.datetime | None = None) -> Case:
    """A registered case as a 110 call or a letter brings it: who employs the caller is not
    known yet, so it cannot be accepted until the employer is added."""
    case = case_create(
        actor=actor,
        channel=Channel.POLICE_110,
        category=Category.WAGE_ARREARS,
        summary="工地欠薪，工人聚集讨薪",
        village=Village.objects.get(code="330106010002"),
        received_at=received_at or timezone.now(),
        claimants=[ClaimantInput(name="张建国", phone="13905710001", representative=True)],
    )
    return case_act(case=case, action="register", actor=actor)


# 张三 on file, and what someone else typed with his identity number (issue 16.1).
RECORD_NAME, RECORD_PHONE = "张三", "13812345678"
CLAIMED_NAME, CLAIMED_PHONE = "李四", "13999990000"


def make_claimed(case: Case):
    """Turn the case's first claimant into the link a portal or exchange application with another
    person's identity number makes (see test_identity_claims): the person on file is 张三 with
    his own name and phone; this case records the applicant's name and phone, claimed. Done on the
    row because the tracks' tests start from window cases."""
    from jiefen.core import crypto
    from jiefen.parties.services import worker_find_or_create
    from jiefen.parties.validators import mask_phone

    record = worker_find_or_create(
        name=RECORD_NAME,
        id_number=ID_NUMBERS[0],
        phone=RECORD_PHONE,
        address="西湖区转塘街道某小区",
    )
    claimant = case.claimants.order_by("-representative", "id").first()
    claimant.worker = record
    claimant.name = CLAIMED_NAME
    claimant.phone_cipher = crypto.encrypt(CLAIMED_PHONE)
    claimant.phone_hash = crypto.lookup_hash(CLAIMED_PHONE)
    claimant.phone_masked = mask_phone(CLAIMED_PHONE)
    claimant.claimed = True
    claimant.save()
    return claimant
