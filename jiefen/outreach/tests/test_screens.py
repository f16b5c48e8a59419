"""Writes through the screens: registering a site, revealing a phone, the case panel."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from jiefen.audit.models import AuditEntry
from jiefen.cases.tests.factories import credit_code, make_case
from jiefen.geo.models import Village
from jiefen.outreach.choices import Severity, WarningStatus
from jiefen.outreach.models import Enterprise
from jiefen.outreach.panels import case_panel
from jiefen.outreach.tests.factories import make_enterprise, make_visit

pytestmark = pytest.mark.django_db


def test_a_grid_inspector_registers_a_construction_site_through_the_form(client, grid_inspector):
    client.force_login(grid_inspector)
    village = Village.objects.get(code="330106010002")

    response = client.post(
        reverse("outreach:enterprise_create"),
        {
            "name": "浙江之江建设有限公司",
            "credit_code": credit_code(3131),
            "kind": "construction_site",
            "village": village.pk,
            "headcount": 150,
            "contact_phone": "13905719999",
            "general_contractor": "浙江之江建设有限公司",
            "project_name": "之江单元安置房二期",
            "wage_guarantee": "deposit",
            "wage_guarantee_amount": "500000",
            "wage_account": "on",
            "planned_completion": "2027-03-31",
        },
    )

    site = Enterprise.objects.get()
    assert response.status_code == 302
    assert (site.project_name, site.wage_account, site.real_name_registration) == (
        "之江单元安置房二期",
        True,
        False,
    )
    assert site.created_by == grid_inspector


def test_a_village_outside_the_scope_cannot_be_chosen(client, grid_inspector):
    client.force_login(grid_inspector)
    elsewhere = Village.objects.get(code="330106109001")

    response = client.post(
        reverse("outreach:enterprise_create"),
        {
            "name": "某公司",
            "credit_code": credit_code(3132),
            "kind": "other",
            "village": elsewhere.pk,
            "headcount": 5,
        },
    )

    assert response.status_code == 400
    assert not Enterprise.objects.exists()


def test_revealing_the_contact_phone_on_screen_needs_a_reason_and_is_audited(client, leader):
    ent = make_enterprise(actor=leader)
    client.force_login(leader)
    url = reverse("outreach:enterprise_reveal", args=[ent.pk])

    refused = client.post(url, {"reason": ""})
    shown = client.post(url, {"reason": "联系企业核实欠薪"})

    assert "13905712345" not in refused.content.decode()
    assert "13905712345" in shown.content.decode()
    assert AuditEntry.objects.filter(action="reveal").count() == 1


def test_a_warning_is_turned_into_a_case_from_its_page(client, leader, grid_inspector):
    ent = make_enterprise(actor=leader)
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="负责人失联")
    warning = ent.warnings.get()
    client.force_login(grid_inspector)

    response = client.post(
        reverse("outreach:warning_convert", args=[warning.pk]),
        {"category": "wage_arrears", "claimant_name": "张建国", "summary": "40余名工人讨薪"},
    )

    warning.refresh_from_db()
    assert response.status_code == 302
    assert warning.status == WarningStatus.CONVERTED
    assert warning.case.summary == "40余名工人讨薪"


def test_the_case_panel_shows_the_registry_entry_and_its_warnings(leader):
    ent = make_enterprise(actor=leader, name="杭州面板测试有限公司")
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="停产")
    case = make_case(actor=leader)
    case.employer = ent.employer
    case.save(update_fields=["employer"])
    request = RequestFactory().get("/")
    request.user = leader

    html = case_panel(request=request, case=case)

    assert "杭州面板测试有限公司" in html
    assert "走访发现严重问题" in html


def test_the_case_panel_is_empty_for_an_employer_off_the_registry(leader):
    case = make_case(actor=leader, received_at=timezone.now())
    request = RequestFactory().get("/")
    request.user = leader

    assert case_panel(request=request, case=case) == ""


def test_the_case_page_shows_the_employers_registry_panel(leader, client):
    ent = make_enterprise(actor=leader, name="杭州面板测试有限公司")
    make_visit(actor=leader, enterprise=ent, severity=Severity.SERIOUS, findings="停产")
    case = make_case(actor=leader)
    case.employer = ent.employer
    case.save(update_fields=["employer"])
    client.force_login(leader)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    assert 'data-testid="panel-outreach"' in page
    assert "走访发现严重问题" in page
