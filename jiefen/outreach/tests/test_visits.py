"""Registry, visits, photos, follow-ups, and the per-area list of enterprises not visited."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from jiefen.audit.models import AuditEntry
from jiefen.outreach.choices import CheckItem, CheckResult, EnterpriseKind, PlanStatus, Severity
from jiefen.outreach.selectors import unvisited_list
from jiefen.outreach.services import (
    EnterpriseInput,
    enterprise_contact_reveal,
    enterprise_create,
    follow_up_create,
    follow_up_done,
    visit_photo_add,
    visit_plan_create,
    visit_record,
)
from jiefen.outreach.tests.factories import all_ok, make_enterprise, make_visit
from jiefen.parties.services import employer_find_or_create

pytestmark = pytest.mark.django_db


def png(size=(4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format="PNG")
    return out.getvalue()


def test_the_registry_and_a_dispute_share_one_employer_row(leader):
    ent = make_enterprise(actor=leader)

    same = employer_find_or_create(name="别名", credit_code=ent.employer.credit_code)

    assert same.pk == ent.employer_id


def test_the_contact_phone_is_stored_encrypted_and_shown_masked(leader):
    ent = make_enterprise(actor=leader)

    assert ent.contact_phone_masked == "139****2345"
    assert "13905712345" not in ent.contact_phone_cipher
    assert enterprise_contact_reveal(enterprise=ent, actor=leader, reason="约谈") == "13905712345"
    assert AuditEntry.objects.filter(action="reveal", object_id=str(ent.pk)).exists()


def test_a_construction_site_needs_project_contractor_and_completion(leader, xihu):
    from jiefen.cases.tests.factories import credit_code
    from jiefen.geo.models import Village

    data = EnterpriseInput(
        name="杭州某建设有限公司",
        credit_code=credit_code(4242),
        kind=EnterpriseKind.CONSTRUCTION_SITE,
        village=Village.objects.get(code="330106010002"),
        wage_guarantee="deposit",
    )
    with pytest.raises(ValidationError) as e:
        enterprise_create(actor=leader, data=data)

    assert set(e.value.message_dict) == {
        "project_name",
        "general_contractor",
        "planned_completion",
        "wage_guarantee_amount",
    }


def test_the_checklist_must_fit_the_enterprise_kind(leader):
    ent = make_enterprise(actor=leader)  # above-scale: no notice board item
    checklist = all_ok(ent, **{CheckItem.NOTICE_BOARD: CheckResult.OK})

    with pytest.raises(ValidationError) as e:
        make_visit(actor=leader, enterprise=ent, checklist=checklist)
    assert e.value.message_dict["checklist"] == ["检查项与企业类型不符"]


def test_a_problem_on_the_checklist_needs_a_severity_and_findings(leader):
    ent = make_enterprise(actor=leader)
    checklist = all_ok(ent, **{CheckItem.WAGES_ON_TIME: CheckResult.PROBLEM})

    with pytest.raises(ValidationError) as e:
        make_visit(actor=leader, enterprise=ent, checklist=checklist)
    assert e.value.message_dict["severity"] == ["检查项有问题时，请选择严重程度"]


def test_recording_a_planned_visit_marks_the_plan_done(leader):
    ent = make_enterprise(actor=leader)
    plan = visit_plan_create(
        actor=leader, enterprise=ent, planned_for=timezone.localdate(), assignee=leader
    )

    visit = visit_record(
        actor=leader,
        enterprise=ent,
        visited_at=timezone.now(),
        visitor=leader,
        checklist=all_ok(ent),
        plan=plan,
    )

    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE
    assert visit.plan == plan


def test_a_photo_is_stored_under_media_root_with_its_type_read_from_content(leader, media_root):
    visit = make_visit(actor=leader, enterprise=make_enterprise(actor=leader))

    photo = visit_photo_add(visit=visit, actor=leader, data=png(), caption="工资公示牌")

    assert photo.content_type == "image/png"
    assert photo.file.path.startswith(str(media_root))
    assert photo.file.name.endswith(".png")


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(leader):
    visit = make_visit(actor=leader, enterprise=make_enterprise(actor=leader))

    with pytest.raises(ValidationError) as e:
        visit_photo_add(visit=visit, actor=leader, data=b"<script>alert(1)</script>")
    assert e.value.message_dict["file"] == ["文件不是有效的图片"]


def test_a_gif_is_refused(leader):
    visit = make_visit(actor=leader, enterprise=make_enterprise(actor=leader))
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, format="GIF")

    with pytest.raises(ValidationError) as e:
        visit_photo_add(visit=visit, actor=leader, data=out.getvalue())
    assert e.value.message_dict["file"] == ["只能上传JPEG、PNG或WebP格式的照片"]


def test_a_photo_over_the_size_limit_is_refused(leader, monkeypatch):
    from jiefen.outreach.services import visits

    monkeypatch.setattr(visits, "PHOTO_MAX_BYTES", 10)
    visit = make_visit(actor=leader, enterprise=make_enterprise(actor=leader))

    with pytest.raises(ValidationError) as e:
        visit_photo_add(visit=visit, actor=leader, data=png())
    assert e.value.message_dict["file"] == ["照片不能超过10MB"]


def test_the_photo_is_served_only_to_those_who_may_see_the_visit(
    client, leader, grid_inspector, other_inspector
):
    visit = make_visit(actor=leader, enterprise=make_enterprise(actor=leader))
    photo = visit_photo_add(visit=visit, actor=leader, data=png())
    url = reverse("outreach:photo", args=[photo.pk])

    client.force_login(grid_inspector)
    ok = client.get(url)
    client.force_login(other_inspector)
    refused = client.get(url)

    assert (ok.status_code, ok["Content-Type"]) == (200, "image/png")
    assert b"".join(ok.streaming_content) == png()
    assert refused.status_code == 404


def test_a_follow_up_is_done_once(leader):
    visit = make_visit(actor=leader, enterprise=make_enterprise(actor=leader))
    follow_up = follow_up_create(
        visit=visit, actor=leader, task="督促补签合同", owner=leader, due_on=timezone.localdate()
    )

    follow_up_done(follow_up=follow_up, actor=leader, note="已补签")

    from jiefen.core.exceptions import ConflictError

    with pytest.raises(ConflictError):
        follow_up_done(follow_up=follow_up, actor=leader)
    follow_up.refresh_from_db()
    assert follow_up.done_note == "已补签"


@pytest.mark.parametrize(("days", "expected"), [(30, {"old", "never"}), (90, {"never"})])
def test_the_unvisited_page_lists_enterprises_not_visited_in_the_period(
    leader, grid_inspector, days, expected
):
    names = {
        "recent": make_enterprise(actor=leader, name="近期走访公司"),
        "old": make_enterprise(actor=leader, name="两月前走访公司"),
        "never": make_enterprise(actor=leader, name="从未走访公司"),
    }
    make_visit(
        actor=leader, enterprise=names["recent"], visited_at=timezone.now() - dt.timedelta(days=5)
    )
    make_visit(
        actor=leader, enterprise=names["old"], visited_at=timezone.now() - dt.timedelta(days=60)
    )

    found = set(unvisited_list(user=grid_inspector, grid_code="330106010G01", days=days))

    assert found == {names[k] for k in expected}


def test_a_grid_inspector_sees_only_the_enterprises_of_their_area(
    client, leader, grid_inspector, other_inspector
):
    mine = make_enterprise(actor=leader, name="转塘甲公司")
    theirs = make_enterprise(actor=leader, name="三墩乙公司", village_code="330106109001")

    client.force_login(grid_inspector)
    listing = client.get(reverse("outreach:enterprises")).content.decode()
    other = client.get(reverse("outreach:enterprise", args=[theirs.pk]))

    assert mine.name in listing
    assert theirs.name not in listing
    assert other.status_code == 404


def test_the_warnings_api_is_scoped_to_the_area(api_as, leader, grid_inspector, other_inspector):
    ent = make_enterprise(actor=leader)
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="拖欠三个月工资")

    mine = api_as(grid_inspector).get("/api/v1/outreach/warnings/").json()
    theirs = api_as(other_inspector).get("/api/v1/outreach/warnings/").json()

    assert [w["rule"] for w in mine["results"]] == ["serious_finding"]
    assert theirs["results"] == []


def test_the_board_counts_open_warnings_per_area(api_as, leader, grid_inspector):
    ent = make_enterprise(actor=leader)
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="工人讨薪")

    board = api_as(leader).get("/api/v1/outreach/warnings/board/").json()

    row = next(r for r in board["areas"] if r["grid_area"] == "330106010G01")
    assert (row["levels"]["red"], row["open"], board["totals"]["open"]) == (1, 1, 1)


def test_recording_a_visit_through_the_api(api_as, grid_inspector, leader):
    ent = make_enterprise(actor=leader)

    response = api_as(grid_inspector).post(
        "/api/v1/outreach/visits/",
        {
            "enterprise": ent.pk,
            "visited_at": timezone.now().isoformat(),
            "checklist": all_ok(ent),
            "headcount_seen": 80,
        },
        format="json",
    )

    assert response.status_code == 201
    assert ent.visits.get().visitor == grid_inspector


def test_an_illegal_warning_move_through_the_api_is_409(api_as, leader, grid_inspector):
    ent = make_enterprise(actor=leader)
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="老板失联")
    warning = ent.warnings.get()

    response = api_as(grid_inspector).post(
        f"/api/v1/outreach/warnings/{warning.pk}/act/", {"action": "handle"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"


@pytest.mark.parametrize(
    "name",
    [
        "board",
        "enterprises",
        "visits",
        "plans",
        "unvisited",
        "enterprise_create",
        "enterprise_import",
    ],
)
def test_each_list_screen_renders(client, leader, name):
    ent = make_enterprise(actor=leader)
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="欠薪")
    client.force_login(leader)

    response = client.get(reverse(f"outreach:{name}"))

    assert response.status_code == 200


def test_the_detail_screens_render(client, leader):
    ent = make_enterprise(actor=leader, kind=EnterpriseKind.CONSTRUCTION_SITE)
    visit = make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="欠薪")
    client.force_login(leader)

    pages = [
        client.get(reverse("outreach:enterprise", args=[ent.pk])),
        client.get(reverse("outreach:visit", args=[visit.pk])),
        client.get(reverse("outreach:warning", args=[ent.warnings.get().pk])),
        client.get(reverse("outreach:visit_record", args=[ent.pk])),
        client.get(reverse("outreach:enterprise_edit", args=[ent.pk])),
    ]

    assert [p.status_code for p in pages] == [200] * 5
    assert "维权信息告示牌" in pages[3].content.decode()


def test_the_board_lists_stay_within_a_fixed_number_of_queries(
    client, leader, django_assert_max_num_queries
):
    for _ in range(5):
        ent = make_enterprise(actor=leader)
        make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="欠薪")
    client.force_login(leader)

    with django_assert_max_num_queries(15):
        client.get(reverse("outreach:board"))
    with django_assert_max_num_queries(15):
        client.get(reverse("outreach:enterprises"))
    with django_assert_max_num_queries(15):
        client.get(reverse("outreach:visits"))
