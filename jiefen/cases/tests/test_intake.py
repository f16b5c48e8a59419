import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from jiefen.cases.models import Case, CaseNumberSeries
from jiefen.cases.services import ClaimantInput, case_create
from jiefen.cases.tests.factories import id_number, make_case
from jiefen.geo.models import Village

pytestmark = pytest.mark.django_db


def test_numbers_are_yearly_and_consecutive(leader):
    first = make_case(actor=leader)
    second = make_case(actor=leader)
    year = timezone.localdate().year
    assert first.number == f"XH{year}-00001"
    assert second.number == f"XH{year}-00002"


def test_a_failed_create_returns_its_number_so_the_series_has_no_gap(leader):
    make_case(actor=leader)
    with pytest.raises(ValidationError):
        make_case(actor=leader, received_at=timezone.now() + dt.timedelta(days=1))
    third = make_case(actor=leader)
    assert third.number.endswith("-00002")


def test_received_at_in_the_past_is_kept_for_a_paper_record(leader):
    past = timezone.now() - dt.timedelta(days=40)
    assert make_case(actor=leader, received_at=past).received_at == past


def test_received_at_in_the_future_is_refused(leader):
    with pytest.raises(ValidationError) as exc:
        make_case(actor=leader, received_at=timezone.now() + dt.timedelta(hours=1))
    assert "received_at" in exc.value.message_dict


def test_nine_claimants_are_not_a_collective_dispute(leader):
    assert make_case(actor=leader, claimants=9).collective is False


def test_ten_claimants_against_one_employer_are_a_collective_dispute(leader):
    case = make_case(actor=leader, claimants=10)
    assert case.collective is True
    assert case.claimant_count == 10


def test_a_collective_dispute_needs_a_representative(leader):
    village = Village.objects.get(code="330106010002")
    from jiefen.parties.services import employer_find_or_create

    employer = employer_find_or_create(
        name="杭州某建筑劳务有限公司", credit_code="91110000802100433B"
    )
    people = [ClaimantInput(name=f"工人{i}", id_number=id_number(500 + i)) for i in range(10)]
    with pytest.raises(ValidationError, match="代表人"):
        case_create(
            actor=leader,
            channel="walk_in",
            category="wage_arrears",
            summary="集体欠薪",
            village=village,
            claimants=people,
            employer=employer,
        )


def test_a_worker_already_on_file_is_found_again_not_entered_twice(leader):
    from jiefen.parties.models import Worker

    number = id_number(777)
    village = Village.objects.get(code="330106010002")
    for _ in range(2):
        case_create(
            actor=leader,
            channel="walk_in",
            category="other",
            summary="咨询",
            village=village,
            claimants=[ClaimantInput(name="张三", id_number=number)],
        )
    assert Worker.objects.filter(name="张三").count() == 1


def test_a_bad_identity_number_names_the_claimant_row(leader):
    village = Village.objects.get(code="330106010002")
    with pytest.raises(ValidationError) as exc:
        case_create(
            actor=leader,
            channel="walk_in",
            category="other",
            summary="咨询",
            village=village,
            claimants=[ClaimantInput(name="张三", id_number="330106199003071235")],
        )
    assert "claimants[1]" in exc.value.message_dict
    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_gap_free_numbers(leader):
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrency of the numbering is a PostgreSQL property (SQLite serialises writers)"
        )
    from conftest import reference_data_ensure

    reference_data_ensure()
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def register() -> None:
        try:
            barrier.wait()
            make_case(actor=leader)
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    numbers = sorted(Case.objects.values_list("number", flat=True))
    year = timezone.localdate().year
    assert numbers == [f"XH{year}-{n:05d}" for n in range(1, 9)]
    assert CaseNumberSeries.objects.get(year=year).last == 8
