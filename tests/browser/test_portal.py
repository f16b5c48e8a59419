import re

import pytest

from jiefen.core.senders import ConsoleSender
from tests.browser.conftest import screenshot
from tests.browser.picker import pick_village

PHONE = "13905718888"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def latest_code(phone: str) -> str:
    for message in reversed(ConsoleSender.sent):
        match = re.search(r"验证码为(\d{6})", message.body)
        if message.to == phone and match:
            return match.group(1)
    raise AssertionError("no code sent")


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()


def test_a_worker_applies_on_a_phone_uploads_a_pdf_and_tracks_the_accepted_case(
    phone_page, page, live_server, login, clerk, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    ConsoleSender.sent.clear()
    evidence = tmp_path / "劳动合同.pdf"
    evidence.write_bytes(PDF)
    p = phone_page

    p.goto(f"{live_server.url}/portal/")
    screenshot(p, "portal-home")
    p.click("[data-testid=apply-mediation]")
    p.fill("#id_phone", PHONE)
    p.click("[data-testid=send-code]")
    p.wait_for_selector("#id_code")
    screenshot(p, "portal-phone")
    p.fill("#id_code", latest_code(PHONE))
    p.click("[data-testid=verify-code]")
    p.wait_for_selector("[data-testid=apply-form]")
    p.fill("#id_name", "李明")
    p.fill("#id_id_number", "330106199003071017")
    p.fill("#id_employer_name", "杭州之江建设有限公司")
    pick_village(p, "shssq", "转塘街道 · 珊瑚沙社区")  # pinyin initials, by keyboard
    p.select_option("#id_category", "wage_arrears")
    p.fill("#id_summary", "2026年8月起拖欠工资三个月，共一万五千元")
    p.fill("#id_claim_1", "支付拖欠工资")
    p.fill("#id_amount_1", "15000")
    p.set_input_files("#id_evidence", str(evidence))
    screenshot(p, "portal-form")
    p.click("[data-testid=submit-application]")
    p.wait_for_selector("[data-testid=receipt]")
    number = p.inner_text("[data-testid=case-number]").strip()
    assert re.fullmatch(r"XH\d{4}-\d{5}", number)
    assert "劳动合同.pdf" in p.inner_text("main")
    screenshot(p, "portal-receipt")

    login(clerk.username)
    page.goto(f"{live_server.url}/portal/staff/")
    page.click(f"text={number}")
    page.wait_for_selector("[data-testid=accept]")
    assert "劳动合同.pdf" in page.inner_text("main")
    screenshot(page, "portal-staff-application")
    page.click("[data-testid=accept]")
    page.wait_for_selector("[data-testid=application-status]:has-text('已受理')")

    p.context.clear_cookies()  # a fresh visit: the phone code is asked again
    p.goto(f"{live_server.url}/portal/track/")
    p.fill("#id_number", number)
    p.click("[data-testid=track-send]")
    p.wait_for_selector("#id_code")
    p.fill("#id_code", latest_code(PHONE))
    p.click("[data-testid=track-verify]")
    p.wait_for_selector("[data-testid=track-summary]")
    assert p.inner_text("[data-testid=case-status]") == "已受理"
    assert "可预约线上调解" in p.inner_text("[data-testid=track-summary]")
    p.click("[data-testid=book]")
    p.wait_for_selector("[data-testid=session]")
    # The room's link shows only from 30 minutes before the booked slot (portal/tests/
    # test_video_rooms.py); a slot days ahead is listed with its time and kind.
    assert "线上调解" in p.inner_text("[data-testid=session]")
    assert "进入视频调解室" not in p.inner_text("[data-testid=session]")
    screenshot(p, "portal-track")
    assert p.console_errors == []
    assert page.console_errors == []
    # The layout fits the phone: nothing wider than the viewport.
    assert p.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_letter_to_the_rights_mailbox_reaches_the_staff_queue(
    phone_page, page, live_server, login, clerk
):
    from jiefen.geo.models import Village
    from jiefen.parties.services import employer_find_or_create
    from jiefen.portal.services import mailbox_ensure

    employer = employer_find_or_create(
        name="杭州转塘制衣有限公司", village=Village.objects.get(code="330106010002")
    )
    mailbox = mailbox_ensure(employer=employer)
    p = phone_page

    p.goto(f"{live_server.url}/portal/m/{mailbox.token}/")
    assert p.is_hidden("#id_name")
    p.select_option("#id_category", "wage_arrears")
    p.fill("#id_body", "本月工资推迟发放，车间约30人")
    screenshot(p, "portal-mailbox")
    p.click("[data-testid=send-letter]")
    p.wait_for_selector("[data-testid=letter-thanks]")

    login(clerk.username)
    page.goto(f"{live_server.url}/portal/staff/mailbox/")
    assert "本月工资推迟发放" in page.inner_text("[data-testid=letter-queue]")
    screenshot(page, "portal-letters")
    page.goto(f"{live_server.url}/portal/staff/mailboxes/{mailbox.pk}/poster/")
    page.wait_for_selector("img.qr")
    assert page.evaluate("document.querySelector('img.qr').naturalWidth") > 100
    screenshot(page, "portal-poster")
