import io

from docx import Document

from jiefen.mediation.services import mediation_start


def test_api_start_then_a_second_start_is_a_409(api_as, clerk, mediator, handling_case):
    api = api_as(clerk)
    first = api.post(
        "/api/v1/mediation/start/", {"case": handling_case.pk, "mediator": mediator.pk}
    )
    second = api.post(
        "/api/v1/mediation/start/", {"case": handling_case.pk, "mediator": mediator.pk}
    )

    assert first.status_code == 201
    assert second.status_code == 409
    assert "已有进行中的调解" in second.json()["detail"]


def test_api_session_without_minutes_is_a_400_naming_the_field(
    api_as, clerk, mediator, handling_case
):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)

    response = api_as(mediator).post(
        f"/api/v1/mediation/{mediation.pk}/sessions/",
        {"held_at": "2026-09-16T09:00:00+08:00", "attendees": "张三", "place": "村调解室"},
    )

    assert response.status_code == 400
    assert "minutes" in response.json()


def test_api_agreement_then_transfer_is_a_409(api_as, clerk, mediator, handling_case):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    api = api_as(mediator)
    agreed = api.post(
        f"/api/v1/mediation/{mediation.pk}/agreement/",
        {
            "signed_on": "2026-09-16",
            "terms": "支付工资",
            "items": [{"item": "工资", "amount": "8000.00", "due_on": "2026-09-30"}],
        },
        format="json",
    )

    transfer = api.post(f"/api/v1/mediation/{mediation.pk}/transfer/", {"reason": "不成"})

    assert agreed.status_code == 201
    assert agreed.json()["status"] == "agreed"
    assert transfer.status_code == 409


def test_the_agreement_document_names_the_case_and_the_parties(
    client, clerk, mediator, handling_case
):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    api_payload = {
        "signed_on": "2026-09-16",
        "terms": "被申请人支付拖欠工资",
        "item": "拖欠工资",
        "amount": "8000.00",
        "due_on": "2026-09-30",
    }
    client.force_login(mediator)
    client.post(f"/mediation/{mediation.pk}/agree/", api_payload)

    response = client.get(f"/mediation/{mediation.pk}/agreement.docx")

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "调解协议书" in text
    assert handling_case.number in text
    assert "工人0" in text
    assert "杭州转塘建设有限公司" in text
    printable = client.get(f"/mediation/{mediation.pk}/agreement.html")
    assert handling_case.number in printable.content.decode()


def test_the_case_page_shows_the_mediation_panel(client, clerk, mediator, handling_case):
    mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    client.force_login(clerk)

    page = client.get(f"/cases/{handling_case.pk}/").content.decode()

    assert 'data-testid="panel-mediation"' in page
    assert mediator.display_name in page


def test_the_list_filters_by_status(client, clerk, mediator, handling_case):
    mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    client.force_login(clerk)

    open_page = client.get("/mediation/?status=open").content.decode()
    agreed_page = client.get("/mediation/?status=agreed").content.decode()

    assert handling_case.number in open_page
    assert handling_case.number not in agreed_page


def test_a_reception_clerk_cannot_record_the_agreement(api_as, clerk, mediator, handling_case):
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)

    response = api_as(clerk).post(f"/api/v1/mediation/{mediation.pk}/refuse/", {"note": "公司拒绝"})

    assert response.status_code == 403
    mediation.refresh_from_db()
    assert mediation.status == "open"


def test_the_list_takes_a_fixed_number_of_queries(
    client, clerk, mediator, django_assert_max_num_queries
):
    from jiefen.cases.choices import CaseStatus
    from jiefen.cases.tests.factories import make_case

    for _ in range(4):
        mediation_start(
            case=make_case(actor=clerk, status=CaseStatus.HANDLING), mediator=mediator, actor=clerk
        )
    client.force_login(clerk)

    with django_assert_max_num_queries(8):
        page = client.get("/mediation/?sort=case").content.decode()

    assert page.count(mediator.display_name) == 4
