"""One dispute, one case (issue 19 item 1): what intake finds a new dispute may belong to, and
what a clerk does about it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.cases.choices import Category, Channel, EventKind, LinkKind, LinkState, ProposalState
from jiefen.cases.models import Case, CaseEvent, CaseLink, Claimant, CollectiveProposal
from jiefen.cases.selectors import CaseFilters, case_detail_parts, case_list
from jiefen.cases.services import (
    ClaimantInput,
    case_act,
    case_intake,
    case_merge,
    case_split,
)
from jiefen.cases.tests.factories import credit_code, id_number
from jiefen.cases.transitions import CASE_LIFECYCLE
from jiefen.core.lifecycle import MoveHeld
from jiefen.geo.models import Village
from jiefen.parties.models import Employer
from jiefen.parties.services import employer_find_or_create

pytestmark = pytest.mark.django_db

ZHUANTANG_VILLAGE = "330106010002"
SANDUN_VILLAGE = "330106109001"
EMPLOYER = "杭州转塘某建设有限公司"
CODE = "91110000802100433B"


def _intake(
    actor,
    *,
    name: str,
    number: str = "",
    phone: str = "",
    village=ZHUANTANG_VILLAGE,
    employer: Employer | None = None,
    category=Category.WAGE_ARREARS,
) -> Case:
    return case_intake(
        actor=actor,
        channel=Channel.WALK_IN,
        category=category,
        summary="拖欠工资",
        village=Village.objects.get(code=village),
        claimants=[ClaimantInput(name=name, id_number=number, phone=phone, representative=True)],
        claims=[("工资", Decimal("8000"))],
        employer=employer,
    )


def _employer(name: str = EMPLOYER, code: str | None = CODE) -> Employer:
    return employer_find_or_create(name=name, credit_code=code or "")


# ---------------------------------------------------------------------------------------------
# Twelve workers, three channels, one collective case
# ---------------------------------------------------------------------------------------------


def _window(client, seq: int, village_id: int) -> None:
    response = client.post(
        "/cases/new/",
        {
            "token": f"window-{seq}",
            "channel": "walk_in",
            "category": "wage_arrears",
            "village": village_id,
            "received_at": "",
            "summary": "工地拖欠三个月工资",
            "employer_name": EMPLOYER,
            "employer_code": CODE,
            "employer_legal_rep": "王五",
            "name": f"窗口工人{seq}",
            "id_number": id_number(seq),
            "phone": f"1381234{seq:04d}",
            "more_claimants": "",
            "people_gathered": "0",
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "0",
            "claims-MIN_NUM_FORMS": "0",
            "claims-MAX_NUM_FORMS": "20",
            "claims-0-item": "工资",
            "claims-0-amount": "9000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _portal(seq: int, village: Village) -> None:
    from jiefen.portal.services import application_submit

    application_submit(
        kind="mediation",
        phone=f"1391234{seq:04d}",
        client_ip=None,
        name=f"网上工人{seq}",
        id_number=id_number(seq),
        address="",
        employer_name=EMPLOYER,
        employer_credit_code=CODE,
        employer_address="",
        village=village,
        category="wage_arrears",
        summary="工地拖欠三个月工资",
        claims=[("工资", Decimal("9000"))],
        files=[],
    )


def _api(api, seq: int) -> None:
    response = api.post(
        "/api/v1/cases/",
        {
            "village_code": ZHUANTANG_VILLAGE,
            "category": "wage_arrears",
            "channel": "phone",
            "summary": "工地拖欠三个月工资",
            "claims": [{"item": "工资", "amount": "9000.00"}],
            "claimants": [
                {
                    "name": f"来电工人{seq}",
                    "id_number": id_number(seq),
                    "phone": f"1371234{seq:04d}",
                }
            ],
            "employer": {"name": EMPLOYER, "credit_code": CODE},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()


@pytest.fixture
def twelve_through_three_channels(client, api_as, clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    village = Village.objects.get(code=ZHUANTANG_VILLAGE)
    client.force_login(clerk)
    api = api_as(clerk)
    for seq in range(1, 13):
        if seq % 3 == 0:
            _window(client, seq, village.pk)
        elif seq % 3 == 1:
            _portal(seq, village)
        else:
            _api(api, seq)
    return client


def test_twelve_workers_of_one_employer_through_three_channels_end_in_one_proposed_collective_case(
    twelve_through_three_channels,
):
    proposal = CollectiveProposal.objects.get()

    assert proposal.state == ProposalState.PROPOSED
    assert proposal.cases.count() == 12
    assert set(proposal.cases.values_list("channel", flat=True)) == {"walk_in", "online", "phone"}
    assert proposal.worker_count == 12
    # Proposed, not done: every case keeps its own number until a clerk confirms.
    assert not Case.objects.filter(merged_into__isnull=False).exists()
    assert not Case.objects.filter(collective=True).exists()


def test_the_clerk_confirms_the_collective_case_with_three_representatives(
    twelve_through_three_channels,
):
    client = twelve_through_three_channels
    proposal = CollectiveProposal.objects.get()
    reps = list(Claimant.objects.filter(case__in=proposal.cases.all()).order_by("id")[:3])

    page = client.get(f"/cases/collective/{proposal.pk}/")
    response = client.post(
        f"/cases/collective/{proposal.pk}/", {"representatives": [r.pk for r in reps]}
    )

    assert page.status_code == 200 and "推举代表人" in page.content.decode()
    first = proposal.cases.order_by("received_at", "id").first()
    assert response.status_code == 302 and response["Location"] == f"/cases/{first.pk}/"
    first.refresh_from_db()
    assert first.collective and first.claimant_count == 12
    assert Case.objects.filter(merged_into=first).count() == 11
    assert set(Claimant.objects.filter(representative=True)) == set(reps)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CONFIRMED and proposal.primary == first
    assert first.events.filter(kind=EventKind.LINK, summary__startswith="确认集体争议").exists()


def test_an_english_reader_sees_each_candidate_as_a_marked_name_and_its_case_in_brackets(
    twelve_through_three_channels,
):
    client = twelve_through_three_channels
    proposal = CollectiveProposal.objects.get()
    claimant = Claimant.objects.filter(case__in=proposal.cases.all()).order_by("id").first()
    client.cookies["django_language"] = "en"

    with translation.override("en"):  # the request leaves its language active in the thread
        page = client.get(f"/cases/collective/{proposal.pk}/").content.decode()

    assert f'<span lang="zh">{claimant.shown_name}</span> ({claimant.case.number})' in page


def test_a_collective_case_needs_three_to_five_representatives(twelve_through_three_channels):
    client = twelve_through_three_channels
    proposal = CollectiveProposal.objects.get()
    two = list(Claimant.objects.filter(case__in=proposal.cases.all())[:2])

    response = client.post(
        f"/cases/collective/{proposal.pk}/", {"representatives": [r.pk for r in two]}
    )

    assert response.status_code == 400
    assert "3至5名代表人" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED
    assert not Case.objects.filter(merged_into__isnull=False).exists()


def test_nine_workers_make_no_proposal(clerk):
    employer = _employer()
    for seq in range(9):
        _intake(clerk, name=f"工人{seq}", number=id_number(seq), employer=employer)

    assert not CollectiveProposal.objects.exists()
    # Each is related to those before it (same employer, within 30 days).
    assert CaseLink.objects.filter(kind=LinkKind.RELATED).count() == sum(range(9))


# ---------------------------------------------------------------------------------------------
# Duplicates: link, merge, split
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def duplicate(clerk):
    first = _intake(clerk, name="张三", number=id_number(1), phone="13812340001")
    second = _intake(clerk, name="张三", number=id_number(1), phone="13812340001")
    return first, second, CaseLink.objects.get()


def test_the_same_worker_with_an_open_case_is_suggested_as_a_duplicate(duplicate):
    first, second, link = duplicate

    assert (link.case, link.other, link.kind, link.state) == (
        second,
        first,
        LinkKind.DUPLICATE,
        LinkState.SUGGESTED,
    )
    assert second.events.filter(kind=EventKind.LINK, summary__contains="疑似重复1件").exists()


def test_the_same_phone_finds_a_duplicate_when_no_identity_number_was_given(clerk):
    first = _intake(clerk, name="李四", phone="13812340002")
    second = _intake(clerk, name="李四", phone="13812340002")

    link = CaseLink.objects.get()
    assert (link.case, link.other, link.kind) == (second, first, LinkKind.DUPLICATE)


def test_nothing_is_merged_or_linked_by_itself(duplicate):
    first, second, link = duplicate

    assert link.state == LinkState.SUGGESTED and link.decided_by is None
    assert not Case.objects.filter(merged_into__isnull=False).exists()


def test_a_merge_shows_one_number_and_both_timelines(duplicate, clerk):
    first, second, link = duplicate
    before = set(second.events.values_list("pk", flat=True))

    case_merge(link=link, actor=clerk)

    second.refresh_from_db()
    assert second.merged_into == first
    listed = case_list(user=clerk, filters=CaseFilters())
    assert list(listed.values_list("number", flat=True)) == [first.number]
    shown = {e.pk for e in case_detail_parts(case=first)["events"]}
    assert before <= shown
    assert set(first.events.values_list("pk", flat=True)) <= shown


def test_a_merge_is_undone_with_both_timelines_intact(duplicate, clerk):
    first, second, link = duplicate
    first_events = set(first.events.values_list("pk", flat=True))
    second_events = set(second.events.values_list("pk", flat=True))
    case_merge(link=link, actor=clerk)

    case_split(link=link, actor=clerk, note="核实为两次不同的争议")

    second.refresh_from_db()
    link.refresh_from_db()
    assert second.merged_into is None
    assert (link.kind, link.state) == (LinkKind.DUPLICATE, LinkState.CONFIRMED)
    assert first_events < set(first.events.values_list("pk", flat=True))
    assert second_events < set(second.events.values_list("pk", flat=True))
    assert second.events.filter(summary=f"从案件 {first.number} 拆分").exists()
    assert {e.case_id for e in case_detail_parts(case=first)["events"]} == {first.pk}
    listed = case_list(user=clerk, filters=CaseFilters()).values_list("number", flat=True)
    assert set(listed) == {first.number, second.number}


def test_a_merged_case_takes_no_move_of_its_own(duplicate, clerk):
    first, second, link = duplicate
    case_merge(link=link, actor=clerk)
    second.refresh_from_db()
    before = (second.status, second.version)

    with pytest.raises(MoveHeld):
        case_act(case=second, action="decline", actor=clerk, note="重复登记")

    second.refresh_from_db()
    assert (second.status, second.version) == before


def test_a_merged_case_offers_no_action_until_it_is_split_off(duplicate, clerk):
    first, second, link = duplicate
    offered = CASE_LIFECYCLE.available_actions(second, clerk)
    case_merge(link=link, actor=clerk)
    second.refresh_from_db()

    assert offered and CASE_LIFECYCLE.available_actions(second, clerk) == frozenset()

    case_split(link=link, actor=clerk, note="核实为两次不同的争议")
    second.refresh_from_db()
    assert CASE_LIFECYCLE.available_actions(second, clerk) == offered


def test_the_merge_and_split_entries_read_in_the_readers_language(duplicate, clerk):
    from django.utils import translation

    first, second, link = duplicate
    case_merge(link=link, actor=clerk)
    case_split(link=link, actor=clerk, note="核实为两次不同的争议")

    entries = second.events.filter(kind=EventKind.LINK).order_by("at", "id")
    with translation.override("en"):
        assert [e.text for e in entries] == [
            "May belong together: 1 possible duplicate",
            f"Merged into case {first.number}",
            f"Split from case {first.number}",
        ]
    with translation.override("zh-hans"):
        assert [e.text for e in entries] == [
            "可能相关：疑似重复1件",
            f"并入案件 {first.number}",
            f"从案件 {first.number} 拆分",
        ]


def test_a_links_reason_reads_in_the_readers_language(duplicate, client, clerk):
    first, second, link = duplicate
    client.force_login(clerk)
    client.cookies["django_language"] = "en"

    page = client.get(f"/cases/{second.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "The same worker (same identity number) has an open case" in page
    assert "同一劳动者" not in page


def test_a_split_needs_a_reason(duplicate, clerk):
    first, second, link = duplicate
    case_merge(link=link, actor=clerk)

    with pytest.raises(ValidationError) as e:
        case_split(link=link, actor=clerk, note=" ")

    assert "note" in e.value.message_dict
    second.refresh_from_db()
    assert second.merged_into == first


def test_a_double_submitted_merge_merges_once(duplicate, client, clerk):
    first, second, link = duplicate
    client.force_login(clerk)

    client.post(f"/cases/links/{link.pk}/merge/", {"back": second.pk})
    again = client.post(f"/cases/links/{link.pk}/merge/", {"back": second.pk})

    assert again.status_code == 302 and again["Location"] == f"/cases/{first.pk}/"
    second.refresh_from_db()
    assert second.merged_into == first
    assert CaseEvent.objects.filter(summary=f"并入案件 {first.number}").count() == 1
    assert CaseEvent.objects.filter(summary__startswith=f"合并案件 {second.number}").count() == 1


def test_a_double_submitted_collective_confirmation_confirms_once(twelve_through_three_channels):
    client = twelve_through_three_channels
    proposal = CollectiveProposal.objects.get()
    reps = [c.pk for c in Claimant.objects.filter(case__in=proposal.cases.all())[:3]]

    client.post(f"/cases/collective/{proposal.pk}/", {"representatives": reps})
    again = client.post(f"/cases/collective/{proposal.pk}/", {"representatives": reps})

    assert again.status_code == 302
    assert CaseEvent.objects.filter(summary__startswith="确认集体争议").count() == 1
    assert Case.objects.filter(merged_into__isnull=False).count() == 11


def test_a_case_split_off_a_collective_case_is_represented_again_by_its_own_worker(
    twelve_through_three_channels, clerk
):
    client = twelve_through_three_channels
    proposal = CollectiveProposal.objects.get()
    member = proposal.cases.order_by("-id").first()
    own = Claimant.objects.get(case=member)
    Claimant.objects.filter(pk=own.pk).update(representative=True)  # as registered
    reps = list(Claimant.objects.filter(case__in=proposal.cases.all()).order_by("id")[:3])
    client.post(f"/cases/collective/{proposal.pk}/", {"representatives": [r.pk for r in reps]})
    link = CaseLink.objects.get(case=member, kind=LinkKind.MERGED)

    case_split(link=link, actor=clerk, note="该工人另行主张")

    own.refresh_from_db()
    assert own.representative


def test_a_related_case_may_be_linked_but_not_merged(clerk):
    employer = _employer()
    _intake(clerk, name="甲", number=id_number(1), employer=employer)
    _intake(clerk, name="乙", number=id_number(2), employer=employer)
    link = CaseLink.objects.get()
    assert link.kind == LinkKind.RELATED

    with pytest.raises(ValidationError):
        case_merge(link=link, actor=clerk)

    assert not Case.objects.filter(merged_into__isnull=False).exists()


def test_the_same_name_written_differently_is_the_same_employer_when_one_has_no_code(clerk):
    _intake(
        clerk, name="甲", number=id_number(1), employer=_employer("杭州某某(建设)有限公司", None)
    )
    _intake(
        clerk, name="乙", number=id_number(2), employer=_employer("杭州某某 （建设）有限公司", None)
    )

    assert CaseLink.objects.get().kind == LinkKind.RELATED


def test_two_credit_codes_are_two_employers_whatever_the_name(clerk):
    _intake(clerk, name="甲", number=id_number(1), employer=_employer(EMPLOYER, CODE))
    _intake(clerk, name="乙", number=id_number(2), employer=_employer(EMPLOYER, credit_code(5)))

    assert not CaseLink.objects.exists()


def test_the_same_worker_against_the_same_employer_is_a_duplicate_not_also_related(clerk):
    employer = _employer()
    first = _intake(clerk, name="张三", number=id_number(1), employer=employer)
    again = _intake(clerk, name="张三", number=id_number(1), employer=employer)

    link = CaseLink.objects.get()
    assert (link.case, link.other, link.kind) == (again, first, LinkKind.DUPLICATE)
    entry = CaseEvent.objects.get(case=again, kind=EventKind.LINK)
    assert (entry.data["duplicates"], entry.data["related"]) == ([first.pk], [])


def test_at_most_twenty_related_cases_are_suggested_the_most_recent_first(clerk):
    employer = _employer()
    # Spread over three kinds of claim, so that no ten workers make a collective dispute.
    kinds = [Category.WAGE_ARREARS, Category.SOCIAL_INSURANCE, Category.WORK_INJURY]
    earlier = [
        _intake(
            clerk, name=f"工人{i}", number=id_number(i), employer=employer, category=kinds[i % 3]
        )
        for i in range(22)
    ]
    last = _intake(clerk, name="新工人", number=id_number(99), employer=employer)

    newest = [c.pk for c in reversed(earlier)][:20]
    assert set(CaseLink.objects.filter(case=last).values_list("other_id", flat=True)) == set(newest)
    entry = CaseEvent.objects.get(case=last, kind=EventKind.LINK)
    assert entry.data["related"] == newest
    assert not CollectiveProposal.objects.exists()


def test_a_case_found_by_identity_number_and_by_phone_is_a_duplicate_by_identity_number(clerk):
    village = Village.objects.get(code=ZHUANTANG_VILLAGE)

    def intake():
        return case_intake(
            actor=clerk,
            channel=Channel.WALK_IN,
            category=Category.WAGE_ARREARS,
            summary="拖欠工资",
            village=village,
            claimants=[
                ClaimantInput(name="张三", id_number=id_number(1), representative=True),
                ClaimantInput(name="李四", phone="13812340001"),
            ],
        )

    first = intake()
    intake()

    link = CaseLink.objects.get()
    assert link.other == first
    assert "身份证号相同" in link.reason


def test_a_closed_case_is_no_duplicate(clerk):
    from jiefen.cases.services import case_act

    first = _intake(clerk, name="张三", number=id_number(1))
    case_act(case=first, action="answer", actor=clerk, note="咨询答复")
    _intake(clerk, name="张三", number=id_number(1))

    assert not CaseLink.objects.exists()


# ---------------------------------------------------------------------------------------------
# Scopes
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def across_scopes(clerk, clerk_elsewhere):
    sandun = _intake(
        clerk_elsewhere,
        name="张三",
        number=id_number(7),
        phone="13812340007",
        village=SANDUN_VILLAGE,
        employer=_employer("三墩某某餐饮店", None),
    )
    here = _intake(clerk, name="张三", number=id_number(7), phone="13812340007")
    return sandun, here


def test_a_candidate_outside_the_clerks_scope_is_named_by_its_number_only(
    across_scopes, client, clerk
):
    sandun, here = across_scopes
    client.force_login(clerk)

    page = client.get(f"/cases/{here.pk}/").content.decode()

    assert sandun.number in page
    assert "三墩某某餐饮店" not in page
    assert "仅显示编号" in page
    assert f"/cases/{sandun.pk}/" not in page
    assert f"/cases/links/{CaseLink.objects.get().pk}/merge/" not in page


def test_the_api_names_a_candidate_outside_the_scope_by_its_number_only(
    across_scopes, api_as, clerk
):
    sandun, here = across_scopes

    body = api_as(clerk).get(f"/api/v1/cases/{here.pk}/related/").json()

    assert body["links"][0]["other"] == {"id": sandun.pk, "number": sandun.number, "visible": False}
    assert body["links"][0]["can_act"] is False


def test_a_clerk_may_not_merge_a_case_outside_their_scope(across_scopes, api_as, clerk):
    sandun, here = across_scopes
    link = CaseLink.objects.get()

    response = api_as(clerk).post(f"/api/v1/cases/links/{link.pk}/merge/", {}, format="json")

    assert response.status_code == 403
    here.refresh_from_db()
    assert here.merged_into is None
    with pytest.raises(PermissionDenied):
        case_merge(link=link, actor=clerk)


def test_a_leader_over_both_may_merge_across_streets(across_scopes, leader, api_as):
    sandun, here = across_scopes
    link = CaseLink.objects.get()

    response = api_as(leader).post(f"/api/v1/cases/links/{link.pk}/merge/", {}, format="json")

    assert response.status_code == 200 and response.json()["kind"] == LinkKind.MERGED
    here.refresh_from_db()
    assert here.merged_into == sandun


def test_a_police_liaison_may_not_link_cases(duplicate, make_staff, api_as):
    link = duplicate[2]
    police = make_staff(Role.POLICE_LIAISON, scope_level=ScopeLevel.DISTRICT)

    response = api_as(police).post(f"/api/v1/cases/links/{link.pk}/link/", {}, format="json")

    assert response.status_code == 403
    link.refresh_from_db()
    assert link.state == LinkState.SUGGESTED


# ---------------------------------------------------------------------------------------------
# The API
# ---------------------------------------------------------------------------------------------


def test_the_api_confirms_a_collective_case(twelve_through_three_channels, api_as, clerk):
    proposal = CollectiveProposal.objects.get()
    api = api_as(clerk)
    body = api.get(f"/api/v1/cases/collective/{proposal.pk}/").json()
    chosen = [c["id"] for c in body["candidates"][:4]]

    response = api.post(
        f"/api/v1/cases/collective/{proposal.pk}/confirm/",
        {"representatives": chosen, "note": "职工推举"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == ProposalState.CONFIRMED
    assert sorted(response.json()["representatives"]) == sorted(chosen)


def test_the_api_links_and_dismisses(duplicate, api_as, clerk):
    link = duplicate[2]

    linked = api_as(clerk).post(f"/api/v1/cases/links/{link.pk}/link/", {}, format="json")
    dismissed = api_as(clerk).post(f"/api/v1/cases/links/{link.pk}/dismiss/", {}, format="json")

    assert linked.json()["state"] == LinkState.CONFIRMED
    assert dismissed.status_code == 409


def test_a_dismissed_proposal_is_not_raised_again_within_30_days(clerk):
    from jiefen.cases.services import collective_dismiss

    employer = _employer()
    for seq in range(10):
        _intake(clerk, name=f"工人{seq}", number=id_number(seq), employer=employer)
    proposal = CollectiveProposal.objects.get()
    collective_dismiss(proposal=proposal, actor=clerk, note="各自诉求不同")

    _intake(clerk, name="工人10", number=id_number(10), employer=employer)

    assert list(CollectiveProposal.objects.values_list("state", flat=True)) == [
        ProposalState.DISMISSED
    ]


def test_a_merged_case_stops_its_own_clocks_and_a_split_gives_them_back(duplicate, clerk):
    first, second, link = duplicate
    open_clocks = second.clocks.filter(cancelled=False, met_at__isnull=True)
    running = set(open_clocks.values_list("pk", flat=True))
    assert running

    case_merge(link=link, actor=clerk)
    stopped = set(second.clocks.filter(cancelled=True).values_list("pk", flat=True))
    case_split(link=link, actor=clerk, note="核实为两次不同的争议")

    assert stopped == running
    assert set(open_clocks.values_list("pk", flat=True)) == running
    assert first.clocks.filter(cancelled=True).count() == 0
