import pytest
from django.test import Client

from jiefen.audit.models import AuditEntry
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.models import Case
from jiefen.cases.tests.factories import make_case, make_case_without_employer

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


def test_the_employer_found_out_after_a_110_call_is_added_and_the_case_can_be_accepted(
    client, clerk
):
    from jiefen.cases.services import case_act
    from jiefen.cases.tests.factories import credit_code

    case = make_case_without_employer(actor=clerk)
    client.force_login(clerk)
    response = client.post(
        f"/cases/{case.pk}/edit/",
        form(case, employer_name="杭州之江劳务有限公司", employer_code=credit_code(777)),
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.employer.name == "杭州之江劳务有限公司"
    assert case_act(case=case, action="accept", actor=clerk).status == S.ACCEPTED


def test_an_employer_added_by_an_edit_is_found_by_the_keyword_search_and_audited(client, clerk):
    case = make_case_without_employer(actor=clerk)
    client.force_login(clerk)
    client.post(f"/cases/{case.pk}/edit/", form(case, employer_name="杭州之江劳务有限公司"))

    listed = client.get("/cases/", {"q": "之江劳务"})
    assert [c.pk for c in listed.context["page"]] == [case.pk]
    entry = AuditEntry.objects.get(action="change", object_id=str(case.pk))
    assert (entry.before, entry.after) == (
        {"employer": None},
        {"employer": "杭州之江劳务有限公司"},
    )


def test_an_edited_summary_is_what_the_keyword_search_finds(client, clerk):
    case = make_case(actor=clerk, status=S.REGISTERED)
    client.force_login(clerk)
    client.post(f"/cases/{case.pk}/edit/", form(case, summary="被拖欠年终奖金八千元"))

    assert [c.pk for c in client.get("/cases/", {"q": "年终奖金"}).context["page"]] == [case.pk]


def test_a_wrong_credit_code_is_refused_on_its_box_and_nothing_changes(client, clerk):
    case = make_case_without_employer(actor=clerk)
    client.force_login(clerk)
    response = client.post(
        f"/cases/{case.pk}/edit/",
        form(case, summary="新的概要", employer_name="某公司", employer_code="91330106MA2000001X"),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["employer_code"]
    case.refresh_from_db()
    assert (case.employer, case.summary) == (None, "工地欠薪，工人聚集讨薪")


def test_saving_the_form_as_shown_keeps_the_employer(client, clerk):
    from jiefen.cases.forms import CaseEditForm
    from jiefen.parties.models import Employer

    case = make_case(actor=clerk, status=S.REGISTERED)
    # An employer known by name only, registered in another village than the case's.
    elsewhere = Employer.objects.create(name="杭州某餐馆", village=None)
    Case.objects.filter(pk=case.pk).update(employer=elsewhere)
    case.refresh_from_db()
    client.force_login(clerk)
    shown = CaseEditForm.initial_for(case)

    client.post(
        f"/cases/{case.pk}/edit/",
        form(case, employer_name=shown["employer_name"], employer_code=shown["employer_code"]),
    )

    case.refresh_from_db()
    assert case.employer == elsewhere
    assert Employer.objects.filter(name="杭州某餐馆").count() == 1


def test_the_api_adds_an_employer_to_a_case(api_as, clerk):
    case = make_case_without_employer(actor=clerk)
    response = api_as(clerk).patch(
        f"/api/v1/cases/{case.pk}/",
        {"version": case.version, "employer": {"name": "杭州之江劳务有限公司"}},
        format="json",
    )

    assert response.status_code == 200
    case.refresh_from_db()
    assert case.employer.name == "杭州之江劳务有限公司"


def test_the_case_page_of_a_case_without_employer_links_to_adding_one(client, clerk):
    case = make_case_without_employer(actor=clerk)
    client.force_login(clerk)

    html = client.get(f"/cases/{case.pk}/").content.decode()

    assert 'data-testid="add-employer"' in html
    assert f'href="/cases/{case.pk}/edit/"' in html
