import pytest
from django.test import Client

from jiefen.audit.models import AuditEntry
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.models import Case
from jiefen.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db


def form(case, **changes):
    data = {
        "summary": case.summary,
        "category": case.category,
        "channel": case.channel,
        "people_gathered": case.people_gathered,
        "version": case.version,
    }
    return {**data, **changes}


def test_the_second_of_two_concurrent_edits_is_refused_and_the_first_kept(clerk, leader):
    case = make_case(actor=clerk, status=S.REGISTERED)
    first, second = Client(), Client()
    first.force_login(clerk)
    second.force_login(leader)
    both_saw = form(case)  # both sessions opened the edit page at this version

    first.post(f"/cases/{case.pk}/edit/", {**both_saw, "summary": "拖欠工资四个月，共计两万元"})
    response = second.post(f"/cases/{case.pk}/edit/", {**both_saw, "category": "severance"})

    assert response.status_code == 409
    html = response.content.decode()
    assert clerk.full_name in html and "修改：概要" in html
    case.refresh_from_db()
    assert case.summary == "拖欠工资四个月，共计两万元"
    assert case.category == "labor_contract"


def test_an_edit_records_before_and_after_in_the_audit_trail(client, clerk):
    case = make_case(actor=clerk, status=S.REGISTERED)
    client.force_login(clerk)
    client.post(f"/cases/{case.pk}/edit/", form(case, people_gathered=12))
    entry = AuditEntry.objects.get(action="change", object_id=str(case.pk))
    assert entry.before == {"people_gathered": 0}
    assert entry.after == {"people_gathered": 12}
    assert case.events.filter(kind="edit").count() == 1


def test_the_api_refuses_a_patch_from_a_stale_version(api_as, clerk):
    case = make_case(actor=clerk, status=S.REGISTERED)
    api = api_as(clerk)
    assert (
        api.patch(
            f"/api/v1/cases/{case.pk}/",
            {"version": case.version, "summary": "新概要"},
            format="json",
        ).status_code
        == 200
    )
    response = api.patch(
        f"/api/v1/cases/{case.pk}/",
        {"version": case.version, "summary": "旧页面上的概要"},
        format="json",
    )
    assert response.status_code == 409
    assert Case.objects.get(pk=case.pk).summary == "新概要"


def test_viewing_a_case_is_recorded(client, clerk):
    case = make_case(actor=clerk)
    client.force_login(clerk)
    client.get(f"/cases/{case.pk}/")
    assert AuditEntry.objects.filter(action="view", object_id=str(case.pk), actor=clerk).exists()
