"""Editable outreach records carry a version: of two people editing the same enterprise or
acting on the same warning, the second is refused and told who changed what (issue 16), instead
of silently undoing the first."""

import pytest
from django.test import Client

from jiefen.accounts.choices import Role
from jiefen.core.exceptions import ConflictError
from jiefen.outreach.choices import Severity
from jiefen.outreach.models import EarlyWarning, Enterprise
from jiefen.outreach.services import (
    EnterpriseInput,
    enterprise_update,
    warning_act,
)
from jiefen.outreach.tests.factories import make_enterprise, make_visit

pytestmark = pytest.mark.django_db


def _input(enterprise, **changes) -> EnterpriseInput:
    values = {
        "kind": enterprise.kind,
        "village": enterprise.village,
        "address": enterprise.address,
        "headcount": enterprise.headcount,
        "contact_name": enterprise.contact_name,
    }
    return EnterpriseInput(name="", credit_code="", **{**values, **changes})


def _form(enterprise, **changes) -> dict:
    data = {
        "kind": enterprise.kind,
        "village": enterprise.village_id,
        "address": enterprise.address,
        "headcount": enterprise.headcount,
        "contact_name": enterprise.contact_name,
        "contact_phone": "",
        "wage_guarantee": "none",
        "version": enterprise.version,
    }
    return {**data, **changes}


@pytest.fixture
def enterprise(leader):
    return make_enterprise(actor=leader, headcount=100)


def test_the_second_of_two_edits_from_the_same_page_is_refused_naming_the_first(
    enterprise, grid_inspector, make_staff
):
    """The lost-update attack: both open the edit page at version 1; A saves a new headcount,
    B then saves a new contact. Before, B's save silently put the old headcount back."""
    other = make_staff(Role.LABOR_INSPECTOR, full_name="赵监察")
    a, b = Client(), Client()
    a.force_login(other)
    b.force_login(grid_inspector)
    url = f"/outreach/enterprises/{enterprise.pk}/edit/"

    first = a.post(url, _form(enterprise, headcount=40))
    second = b.post(url, _form(enterprise, contact_name="李会计"))

    assert first.status_code == 302
    assert second.status_code == 400
    text = second.content.decode()
    assert "赵监察" in text and "职工人数" in text
    enterprise.refresh_from_db()
    assert (enterprise.headcount, enterprise.contact_name) == (40, "王经理")


def test_a_save_against_the_current_version_goes_through_and_bumps_it(enterprise, leader):
    before = enterprise.version

    enterprise_update(
        enterprise=enterprise, actor=leader, data=_input(enterprise, headcount=80), version=before
    )

    enterprise.refresh_from_db()
    assert (enterprise.headcount, enterprise.version) == (80, before + 1)


def test_a_stale_copy_in_memory_is_refused_by_the_compare_and_swap(enterprise, leader):
    stale = Enterprise.objects.get(pk=enterprise.pk)
    enterprise_update(
        enterprise=enterprise,
        actor=leader,
        data=_input(enterprise, headcount=80),
        version=enterprise.version,
    )

    with pytest.raises(ConflictError) as e:
        enterprise_update(
            enterprise=stale,
            actor=leader,
            data=_input(stale, contact_name="李会计"),
            version=stale.version,
        )

    assert e.value.code == "stale"
    assert Enterprise.objects.get(pk=enterprise.pk).contact_name == "王经理"


def test_the_api_refuses_a_stale_patch_with_409(api_as, enterprise, leader):
    client = api_as(leader)
    url = f"/api/v1/outreach/enterprises/{enterprise.pk}/"
    version = client.get(url).json()["version"]

    first = client.patch(url, {"headcount": 40, "version": version}, format="json")
    second = client.patch(url, {"contact_name": "李会计", "version": version}, format="json")

    assert first.status_code == 200
    assert second.status_code == 409
    assert "职工人数" in second.json()["detail"]
    assert Enterprise.objects.get(pk=enterprise.pk).contact_name == "王经理"


def test_a_warning_acted_on_from_a_stale_page_is_refused_naming_who_moved_it(
    leader, grid_inspector
):
    ent = make_enterprise(actor=leader)
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="老板失联")
    warning = EarlyWarning.objects.get()
    seen = warning.version
    warning_act(warning=warning, action="acknowledge", actor=grid_inspector, version=seen)

    warning.refresh_from_db()
    with pytest.raises(ConflictError) as e:
        warning_act(warning=warning, action="close", actor=leader, note="已处理", version=seen)

    assert grid_inspector.display_name in e.value.message
    assert EarlyWarning.objects.get(pk=warning.pk).status == "acknowledged"


def test_new_evidence_on_an_open_warning_bumps_its_version(leader, grid_inspector):
    ent = make_enterprise(actor=leader)
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="老板失联")
    before = EarlyWarning.objects.get().version

    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="工人聚集")

    assert EarlyWarning.objects.get().version == before + 1


def test_a_visit_corrected_by_two_people_from_the_same_version_keeps_the_first(
    api_as, leader, grid_inspector
):

    visit = make_visit(actor=leader, enterprise=make_enterprise(actor=leader))
    url = f"/api/v1/outreach/visits/{visit.pk}/"
    version = api_as(grid_inspector).get(url).json()["version"]

    first = api_as(grid_inspector).patch(
        url, {"headcount_seen": 12, "version": version}, format="json"
    )
    second = api_as(leader).patch(url, {"companions": "村干部", "version": version}, format="json")

    assert first.status_code == 200
    assert second.status_code == 409
    assert grid_inspector.display_name in second.json()["detail"]
    assert "现场在岗人数" in second.json()["detail"]
    visit.refresh_from_db()
    assert (visit.headcount_seen, visit.companions) == (12, "")
