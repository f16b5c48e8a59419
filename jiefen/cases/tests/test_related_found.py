"""`_found`, the statement every intake sends to find what a new case may belong to (issue 20):
one statement, written as SQL text, answering as the ORM's version of it did. That version is
kept here, as it was, for the comparison."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import (
    Count,
    DateTimeField,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from jiefen.cases.choices import Category, Channel, ProposalState
from jiefen.cases.models import Case, Claimant, CollectiveProposal
from jiefen.cases.services import ClaimantInput, case_act, case_intake
from jiefen.cases.services.related import (
    _BY_ID,
    _BY_PHONE,
    _COLLECTIVE,
    _RELATED,
    RELATED_LIMIT,
    RELATED_WINDOW,
    _collective_members,
    _Found,
    _found,
    _open_cases,
    _open_proposals,
    _same_employer,
    _window,
)
from jiefen.cases.tests.factories import credit_code, id_number
from jiefen.geo.models import Village
from jiefen.parties.models import Employer
from jiefen.parties.services import employer_find_or_create

pytestmark = pytest.mark.django_db

ZHUANTANG_VILLAGE = "330106010002"
CODE = "91110000802100433B"
# Written with half-width brackets; the same name with full-width ones is the same employer
# when one of the two has no credit code.
NAME = "杭州转塘某(建设)有限公司"


def _found_as_the_orm_did(
    case: Case, claimants: list[Claimant], employers: QuerySet[Employer] | None, now: dt.datetime
) -> _Found:
    """`_found` as it was built with the ORM until issue 20 (jiefen/cases/services/related.py at
    e60fca6), unchanged: the reference the SQL text answers as."""
    with_id = [c.worker_id for c in claimants if c.worker.id_number_hash]
    phones = [c.phone_hash for c in claimants if not c.worker.id_number_hash and c.phone_hash]
    others = _open_cases().exclude(pk=case.pk)
    # Typed: PostgreSQL takes two untyped NULLs in a column of a UNION for text.
    none_at = Cast(Value(None), output_field=DateTimeField())
    none_n = Cast(Value(None), output_field=IntegerField())
    parts: list[QuerySet] = []
    same_worker = None
    if with_id or phones:
        same_worker = Q(worker_id__in=with_id) if with_id else Q(phone_hash__in=phones)
        if with_id and phones:
            same_worker |= Q(phone_hash__in=phones)
        parts.append(
            Claimant.objects.filter(same_worker, case__in=others)
            .order_by()
            .values_list(
                DbCase(
                    When(worker_id__in=with_id, then=Value(_BY_ID)),
                    default=Value(_BY_PHONE),
                    output_field=IntegerField(),
                ),
                "case_id",
                none_at,
                none_n,
            )
        )
    if employers is not None:
        related = others.filter(employer_id__in=employers, received_at__range=_window(now))
        if same_worker is not None:
            related = related.exclude(pk__in=Claimant.objects.filter(same_worker).values("case_id"))
        recent = related.order_by("-received_at", "-id").values("pk")[:RELATED_LIMIT]
        parts.append(
            Case.objects.filter(pk__in=recent)
            .order_by()
            .values_list(Value(_RELATED), "pk", "received_at", none_n)
        )
        if not case.collective:
            workers = (
                Claimant.objects.filter(case__in=_collective_members(case, employers, now))
                .order_by()
                .annotate(one=Value(1))
                .values("one")
                .annotate(n=Count("worker_id", distinct=True))
                .values("n")
            )
            parts.append(
                Case.objects.filter(pk=case.pk)
                .order_by()
                .values_list(
                    Value(_COLLECTIVE),
                    Subquery(_open_proposals(case, employers).values("pk")[:1]),
                    none_at,
                    Coalesce(Subquery(workers), 0),
                )
            )
    found = _Found()
    if not parts:
        return found
    rows = list(parts[0].union(*parts[1:], all=True)) if len(parts) > 1 else list(parts[0])
    duplicates: list[tuple[int, int]] = []
    related_at: list[tuple[dt.datetime, int]] = []
    for kind, pk, at, n in rows:
        if kind in (_BY_ID, _BY_PHONE):
            duplicates.append((pk, kind))
        elif kind == _RELATED:
            related_at.append((at, pk))
        else:
            found.proposal_id, found.workers = pk, n
    # By case; a case found both ways by identity number, the stronger reason.
    for pk, kind in sorted(duplicates):
        found.duplicates.setdefault(
            pk,
            N_("同一劳动者（身份证号相同）有未结案件")
            if kind == _BY_ID
            else N_("同一劳动者（未登记身份证号，联系电话相同）有未结案件"),
        )
    found.related = [pk for _at, pk in sorted(related_at, reverse=True)]
    return found


def _intake(
    actor,
    *,
    employer: Employer | None,
    people: list[ClaimantInput],
    received_at: dt.datetime,
    category: str = Category.WAGE_ARREARS,
) -> Case:
    return case_intake(
        actor=actor,
        channel=Channel.WALK_IN,
        category=category,
        summary="拖欠工资",
        village=Village.objects.get(code=ZHUANTANG_VILLAGE),
        received_at=received_at,
        claimants=people,
        claims=[("工资", Decimal("8000"))],
        employer=employer,
    )


def _worker(seq: int, **given) -> ClaimantInput:
    return ClaimantInput(name=f"工人{seq}", representative=True, **given)


@pytest.fixture
def mixed(clerk):
    """A new case against an employer with much on file: its worker's open case (by identity
    number) and a closed one, a worker without a number with an open case (by phone), more
    related cases than are suggested (over the employer's three records, the last two that
    would be suggested received at the same moment), a collective case and a merged one, cases
    outside the window, with other claims or against a namesake with another credit code, and
    two open proposals (the later one is the answer)."""
    now = timezone.now()
    coded = employer_find_or_create(name=NAME, credit_code=CODE)
    # The same name without a code, stored as NULL (the services) and as '' (older records).
    no_code = employer_find_or_create(name=NAME.replace("(", "（").replace(")", "）"))
    blank_code = Employer.objects.create(name=NAME, credit_code="")
    namesake = employer_find_or_create(name=NAME, credit_code=credit_code(5))
    hour = dt.timedelta(hours=1)
    a = {"id_number": id_number(1), "phone": "13812340001"}
    b = {"phone": "13812340002"}

    def one(seq: int, employer: Employer, at: dt.datetime, **more) -> Case:
        worker = _worker(seq, id_number=id_number(seq))
        return _intake(clerk, employer=employer, people=[worker], received_at=at, **more)

    by_id = _intake(clerk, employer=namesake, people=[_worker(1, **a)], received_at=now - hour)
    closed = _intake(clerk, employer=coded, people=[_worker(1, **a)], received_at=now - 2 * hour)
    case_act(case=closed, action="answer", actor=clerk, note="咨询答复")
    by_phone = _intake(clerk, employer=coded, people=[_worker(2, **b)], received_at=now - hour)
    records = [coded, no_code, blank_code]
    # An hour apart, but two pairs at one moment: the 3rd and 4th most recent, and the 20th and
    # 21st (the later id is suggested).
    hours = {seq: seq - 8 for seq in range(10, 32)} | {13: 4, 30: 21}
    related = [one(seq, records[seq % 3], now - hours[seq] * hour) for seq in range(10, 32)]
    related.append(one(40, coded, now - 30 * hour, category=Category.SOCIAL_INSURANCE))
    # Against the employer but not counted for a collective dispute: a collective case.
    related.append(one(43, no_code, now - 40 * hour))
    Case.objects.filter(pk=related[-1].pk).update(collective=True)
    # Neither related nor counted: a case merged into another, one outside the window, one
    # against a namesake with another credit code.
    merged = one(44, coded, now - 4 * hour)
    Case.objects.filter(pk=merged.pk).update(merged_into=related[0])
    one(41, coded, now - RELATED_WINDOW - hour)
    one(42, namesake, now - hour)
    # Ten workers against the employer opened a proposal at intake; one more, opened later
    # on a record without a code, is the one found.
    first = CollectiveProposal.objects.get(state=ProposalState.PROPOSED)
    later = CollectiveProposal.objects.create(
        employer=no_code, category=Category.WAGE_ARREARS, found_at=first.found_at + hour
    )
    case = _intake(
        clerk, employer=coded, people=[_worker(1, **a), _worker(2, **b)], received_at=now
    )
    claimants = list(case.claimants.select_related("worker"))
    return case, claimants, coded, now, by_id, by_phone, related, later


def test_found_answers_in_one_statement(mixed):
    case, claimants, employer, now, *_ = mixed

    with CaptureQueriesContext(connection) as queries:
        _found(case, claimants, employer, now)

    assert len(queries.captured_queries) == 1


def test_found_answers_as_the_orm_did(mixed):
    case, claimants, employer, now, by_id, by_phone, related, proposal = mixed

    found = _found(case, claimants, employer, now)

    assert found == _found_as_the_orm_did(case, claimants, _same_employer(employer), now)
    assert found.duplicates == {
        by_id.pk: "同一劳动者（身份证号相同）有未结案件",
        by_phone.pk: "同一劳动者（未登记身份证号，联系电话相同）有未结案件",
    }
    newest = sorted(related, key=lambda c: (c.received_at, c.pk), reverse=True)
    assert found.related == [c.pk for c in newest[:RELATED_LIMIT]]
    assert len(related) > RELATED_LIMIT
    assert newest[2].received_at == newest[3].received_at
    assert newest[RELATED_LIMIT - 1].received_at == newest[RELATED_LIMIT].received_at
    assert found.proposal_id == proposal.pk
    # The 22 workers on the related cases with the same claims, the one on the case found by
    # phone and this case's two (the one without a number is a person of their own).
    assert found.workers == 25


@pytest.mark.parametrize("given", ["id_number", "phone", "neither"])
@pytest.mark.parametrize("with_employer", [True, False])
def test_each_set_of_parts_answers_as_the_orm_did(mixed, clerk, given, with_employer):
    *_, now, _by_id, _by_phone, _related, _proposal = mixed
    people = {
        "id_number": [_worker(1, id_number=id_number(1))],
        "phone": [_worker(2, phone="13812340002")],
        "neither": [_worker(3)],
    }[given]
    employer = employer_find_or_create(name=NAME, credit_code=CODE) if with_employer else None
    case = _intake(clerk, employer=employer, people=people, received_at=now)
    claimants = list(case.claimants.select_related("worker"))
    employers = _same_employer(employer) if employer is not None else None

    with CaptureQueriesContext(connection) as queries:
        found = _found(case, claimants, employer, now)

    assert found == _found_as_the_orm_did(case, claimants, employers, now)
    assert len(queries.captured_queries) == (0 if given == "neither" and not with_employer else 1)
