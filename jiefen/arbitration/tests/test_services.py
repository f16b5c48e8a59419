import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from jiefen.arbitration import documents
from jiefen.arbitration.choices import ApplicationStatus, Procedure
from jiefen.arbitration.models import AverageWage, HearingRoom
from jiefen.arbitration.services import (
    AwardItemInput,
    application_accept,
    application_conclude_case,
    application_decline,
    application_file,
    application_mediate,
    award_issue,
    final_award_rule,
    hearing_book,
    hearing_hold,
    party_deadlines,
    recusal_decide,
    recusal_request,
    service_record,
    tribunal_compose,
    tribunal_convert_to_ordinary,
)
from jiefen.arbitration.tests.conftest import at
from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case
from jiefen.core.exceptions import ConflictError

NOTICE = dt.date(2026, 11, 2)


def _book(application, actor, room, start_hour, end_hour, day=9):
    return hearing_book(
        application=application,
        actor=actor,
        room=room,
        starts_at=at(2026, 11, day, start_hour),
        ends_at=at(2026, 11, day, end_hour),
        notice_on=NOTICE,
    )


def test_a_second_hearing_in_the_same_room_at_an_overlapping_time_is_refused(
    make_accepted, tclerk, arbitrators, room
):
    first = make_accepted(arbitrator=arbitrators[0])
    second = make_accepted(arbitrator=arbitrators[1])
    _book(first, tclerk, room, 9, 11)

    with pytest.raises(ConflictError, match="时间冲突") as e:
        _book(second, tclerk, room, 10, 12)

    assert first.case.number in e.value.message
    assert second.hearings.count() == 0


def test_back_to_back_hearings_in_one_room_are_allowed(make_accepted, tclerk, arbitrators, room):
    _book(make_accepted(arbitrator=arbitrators[0]), tclerk, room, 9, 11)

    hearing = _book(make_accepted(arbitrator=arbitrators[1]), tclerk, room, 11, 12)

    assert hearing.pk is not None


def test_one_arbitrator_cannot_sit_at_two_overlapping_hearings(
    make_accepted, tclerk, arbitrators, room
):
    other_room = HearingRoom.objects.exclude(pk=room.pk).first()
    _book(make_accepted(arbitrator=arbitrators[0]), tclerk, room, 9, 11)

    with pytest.raises(ConflictError, match=f"仲裁员{arbitrators[0].display_name}"):
        _book(make_accepted(arbitrator=arbitrators[0]), tclerk, other_room, 10, 12)


@pytest.mark.parametrize(
    ("amount", "final"),
    [(Decimal("29880.00"), True), (Decimal("29880.01"), False)],
)
def test_remuneration_is_final_up_to_twelve_months_of_the_minimum_wage(amount, final):
    # Xihu, first tier from 2025-01-01: 2,490 a month, twelve months 29,880.
    is_final, basis = final_award_rule(kind="remuneration", amount=amount, on=dt.date(2026, 11, 2))

    assert is_final is final
    assert "29880" in basis


def test_the_cap_follows_the_minimum_wage_in_force_on_the_award_date():
    # Under the 2,280 standard the cap was 27,360: 28,000 was not final then.
    assert (
        final_award_rule(kind="compensation", amount=Decimal("28000"), on=dt.date(2024, 6, 1))[0]
        is False
    )
    assert (
        final_award_rule(kind="compensation", amount=Decimal("28000"), on=dt.date(2025, 6, 1))[0]
        is True
    )


def test_working_hours_and_social_insurance_items_are_final_whatever_the_amount():
    assert final_award_rule(kind="standards", amount=Decimal("900000"), on=dt.date(2026, 1, 5))[0]
    assert not final_award_rule(kind="other", amount=Decimal("1"), on=dt.date(2026, 1, 5))[0]


@pytest.mark.parametrize("kind", ["insurance_arrears", "injury_benefits"])
def test_social_insurance_arrears_and_work_injury_benefits_are_final_in_zhejiang(kind):
    # 《浙江省劳动人事争议调解仲裁条例》第三十七条: final whatever the amount (here 40 times the
    # twelve-month cap of 29,880).
    is_final, basis = final_award_rule(
        kind=kind, amount=Decimal("1200000"), on=dt.date(2026, 11, 2)
    )

    assert is_final is True
    assert "《浙江省劳动人事争议调解仲裁条例》第三十七条" in basis


def test_the_basis_of_a_capped_item_names_the_dated_minimum_wage():
    # 12 × 2,490 (Xihu first tier, in force from 2025-01-01) = 29,880.
    _final, basis = final_award_rule(
        kind="injury_medical", amount=Decimal("30000"), on=dt.date(2026, 11, 2)
    )

    assert "2490.00元（2025-01-01起执行）" in basis
    assert "非终局" in basis


def test_the_award_says_which_items_are_final_and_why(tclerk, make_accepted, room, time_machine):
    time_machine.move_to(at(2026, 11, 5), tick=False)
    application = make_accepted(accepted_at=at(2026, 11, 2))
    hearing = hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=at(2026, 11, 16, 9),
        ends_at=at(2026, 11, 16, 11),
    )
    hearing_hold(hearing=hearing, actor=tclerk, record="双方到庭")
    award_issue(
        application=application,
        actor=tclerk,
        items=[
            AwardItemInput("injury_benefits", "支付一次性伤残补助金", Decimal("86000")),
            AwardItemInput("remuneration", "支付拖欠工资", Decimal("35000")),
        ],
        text="经审理查明……",
    )

    text = "\n".join(documents.award_document(application).body)
    assert (
        "支付一次性伤残补助金人民币86000.00元（本项为终局裁决。《浙江省劳动人事争议调解仲裁条例》第三十七条"
        in text
    )
    assert (
        "支付拖欠工资人民币35000.00元（本项为非终局裁决。本项35000元超过当地月最低工资2490.00元"
        in text
    )


def test_simplified_procedure_is_refused_above_the_average_wage_unless_the_parties_agree(
    tclerk, clerk, arbitrators
):
    wage = AverageWage.objects.order_by("-effective_from").first()
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    case.claim_total = wage.annual_amount + 1
    case.save(update_fields=["claim_total"])
    application = application_file(case=case, actor=clerk, received_at=at(2026, 11, 2))
    application_accept(application=application, actor=tclerk, accepted_at=at(2026, 11, 2))

    with pytest.raises(ValidationError) as e:
        tribunal_compose(
            application=application,
            actor=tclerk,
            procedure=Procedure.SIMPLIFIED,
            simplified_basis="amount",
            arbitrators=[arbitrators[0]],
        )
    assert "超过" in e.value.message_dict["simplified_basis"][0]

    tribunal_compose(
        application=application,
        actor=tclerk,
        procedure=Procedure.SIMPLIFIED,
        simplified_basis="agreed",
        arbitrators=[arbitrators[0]],
    )
    assert application.procedure == Procedure.SIMPLIFIED


def test_converting_to_ordinary_seats_three_arbitrators(tclerk, make_accepted, clerk, arbitrators):
    application = make_accepted(arbitrator=arbitrators[0])

    tribunal_convert_to_ordinary(
        application=application, actor=tclerk, arbitrators=arbitrators[1:4], reason="案情复杂"
    )

    roles = sorted(application.members.filter(active=True).values_list("role", flat=True))
    assert roles == ["member", "member", "presiding"]


def test_a_granted_recusal_replaces_the_arbitrator(tclerk, make_accepted, clerk, arbitrators):
    application = make_accepted(arbitrator=arbitrators[0])
    recusal = recusal_request(
        application=application,
        actor=tclerk,
        arbitrator=arbitrators[0],
        requested_by="respondent",
        reason="与申请人有亲属关系",
    )

    recusal_decide(recusal=recusal, actor=tclerk, decision="granted", replacement=arbitrators[1])

    assert [m.arbitrator for m in application.members.filter(active=True)] == [arbitrators[1]]
    assert application.case.events.filter(summary__contains="决定回避").exists()


def test_composition_notice_meets_its_clock(tclerk, make_accepted, clerk):
    application = make_accepted()

    service_record(
        application=application,
        actor=tclerk,
        document="composition_notice",
        side="applicant",
        mode="electronic",
        served_at=at(2026, 11, 3),
        proof="浙江解纷码 电子送达回执",
    )

    clock = application.case.clocks.get(kind="arbitration_composition_notice_5_days")
    assert clock.met_at is not None


def _awarded(make_accepted, tclerk, room):
    application = make_accepted()
    hearing = _book(application, tclerk, room, 9, 11)
    hearing_hold(hearing=hearing, actor=tclerk, record="双方到庭，质证完毕")
    award_issue(
        application=application,
        actor=tclerk,
        items=[
            AwardItemInput("remuneration", "被申请人支付申请人工资", Decimal("12000.00")),
            AwardItemInput("compensation", "被申请人支付经济补偿", Decimal("40000.00")),
        ],
        text="经审理查明，申请人于2025年入职，被申请人拖欠工资三个月。",
        awarded_at=at(2026, 11, 20),
    )
    return application


def test_an_award_marks_each_item_final_or_not_and_shows_the_parties_deadlines(
    make_accepted, tclerk, room
):
    application = _awarded(make_accepted, tclerk, room)

    finals = list(application.award_items.values_list("final", flat=True))
    deadlines = {d.what: d.last_day for d in party_deadlines(application)}

    assert application.status == ApplicationStatus.AWARDED
    assert finals == [True, False]
    assert deadlines["不服裁决向人民法院提起诉讼"] == dt.date(2026, 12, 7)  # 12-05 is a Saturday
    assert deadlines["向中级人民法院申请撤销终局裁决"] == dt.date(2026, 12, 21)  # 12-20 Sunday
    assert application.case.clocks.filter(track="arbitration", met_at__isnull=True).count() == 0


def test_an_award_before_any_hearing_is_refused(tclerk, make_accepted):
    application = make_accepted()

    with pytest.raises(ConflictError, match="尚未开庭"):
        award_issue(
            application=application,
            actor=tclerk,
            items=[AwardItemInput("remuneration", "工资", Decimal("1"))],
            text="x",
        )


def _text(document) -> str:
    from jiefen.core.documents import document_docx

    return "\n".join(p.text for p in Document(io.BytesIO(document_docx(document))).paragraphs)


def test_each_arbitration_document_names_the_case_and_the_parties(
    make_accepted, clerk, tclerk, room
):
    application = _awarded(make_accepted, tclerk, room)
    mediated = make_accepted()
    application_mediate(application=mediated, actor=tclerk, terms="被申请人一次性支付8000元")
    declined_case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    declined = application_file(case=declined_case, actor=tclerk)
    application_decline(application=declined, actor=tclerk, reason="不属于劳动争议")

    built = {
        "受理通知书": (documents.acceptance_notice(application), application),
        "开庭通知书": (documents.hearing_notice(application.hearings.get()), application),
        "裁决书": (documents.award_document(application), application),
        "仲裁调解书": (documents.mediation_statement(mediated), mediated),
        "不予受理通知书": (documents.decline_notice(declined), declined),
    }
    for title, (document, source) in built.items():
        text = _text(document)
        assert title in text
        assert source.case.number in text
        assert "申请人：工人0" in text
    assert "杭州转塘建设有限公司" in _text(documents.award_document(application))
    assert "（本项为终局裁决。《劳动争议调解仲裁法》第四十七条" in _text(
        documents.award_document(application)
    )


def test_mediation_within_arbitration_offers_to_resolve_the_case(tclerk, make_accepted, clerk):
    application = make_accepted()

    application_mediate(application=application, actor=tclerk, terms="一次性支付8000元")

    assert application.status == ApplicationStatus.MEDIATED
    assert application.case.events.filter(data__offer="resolve").exists()


def test_accepting_an_application_puts_a_case_only_accepted_in_hand(tclerk, clerk):
    case = make_case(actor=clerk, status=CaseStatus.ACCEPTED)
    application = application_file(case=case, actor=clerk, received_at=at(2026, 11, 2))

    application_accept(application=application, actor=tclerk, accepted_at=at(2026, 11, 3))

    case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING


def test_a_case_whose_application_was_declined_can_be_concluded_unresolved(tclerk, clerk):
    case = make_case(actor=clerk, status=CaseStatus.ACCEPTED)
    application = application_file(case=case, actor=clerk)
    application_decline(application=application, actor=tclerk, reason="不属于劳动争议")

    concluded = application_conclude_case(application=application, actor=tclerk)

    assert concluded.status == CaseStatus.UNRESOLVED
    assert concluded.outcome == "unresolved"


def test_on_postgresql_the_database_itself_refuses_an_overlapping_room_booking(
    make_accepted, tclerk, arbitrators, room
):
    from django.db import IntegrityError, connection, transaction

    from jiefen.arbitration.models import Hearing

    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    first = make_accepted(arbitrator=arbitrators[0])
    hearing = _book(first, tclerk, room, 9, 11)

    with pytest.raises(IntegrityError, match="hearing_room_no_overlap"), transaction.atomic():
        Hearing.objects.create(  # past the service, straight at the table
            application=first,
            room=room,
            starts_at=at(2026, 11, 9, 10),
            ends_at=at(2026, 11, 9, 12),
            notice_on=NOTICE,
            booked_by=tclerk,
        )
    assert Hearing.objects.filter(room=room).count() == 1
    assert hearing.pk


def test_converting_with_a_hearing_booked_is_refused(make_accepted, tclerk, arbitrators, room):
    application = make_accepted(arbitrator=arbitrators[0])
    _book(application, tclerk, room, 9, 11)

    with pytest.raises(ConflictError, match="取消已排期的开庭"):
        tribunal_convert_to_ordinary(
            application=application, actor=tclerk, arbitrators=arbitrators[1:4], reason="复杂"
        )


def test_public_notice_without_its_end_date_is_refused(make_accepted, tclerk):
    application = make_accepted()

    with pytest.raises(ValidationError) as e:
        service_record(
            application=application,
            actor=tclerk,
            document="application_copy",
            side="respondent",
            mode="public_notice",
            served_at=at(2026, 11, 3),
            proof="公告",
        )

    assert "notice_ends_on" in e.value.message_dict
