"""One dispute, one case, in the browser: the 可能相关 panel, a merge, a collective case."""

from decimal import Decimal

from jiefen.cases.choices import Channel
from jiefen.cases.models import CollectiveProposal
from jiefen.cases.services import ClaimantInput, case_intake
from jiefen.cases.tests.factories import id_number
from jiefen.geo.models import Village
from jiefen.parties.services import employer_find_or_create
from tests.browser.conftest import screenshot


def _intake(clerk, *, name, number, employer=None):
    return case_intake(
        actor=clerk,
        channel=Channel.WALK_IN,
        category="wage_arrears",
        summary=f"{name}被拖欠工资",
        village=Village.objects.get(code="330106010002"),
        claimants=[ClaimantInput(name=name, id_number=number, representative=True)],
        claims=[("工资", Decimal("9000"))],
        employer=employer,
    )


def test_a_clerk_merges_a_duplicate_from_the_case_page(page, live_server, login, clerk):
    first = _intake(clerk, name="张三", number=id_number(1))
    second = _intake(clerk, name="张三", number=id_number(1))
    login(clerk.username)

    page.goto(f"{live_server.url}/cases/{second.pk}/")
    panel = page.locator("[data-testid=related-panel]")
    assert first.number in panel.inner_text()
    screenshot(page, "related-panel")
    panel.locator("button:has-text('合并')").click()

    page.wait_for_selector("text=已合并")
    assert page.inner_text("h1") == first.number
    assert second.number in page.inner_text("[data-testid=timeline]")
    screenshot(page, "merged-case")
    assert page.console_errors == []


def test_a_clerk_confirms_a_collective_case_with_three_representatives(
    page, live_server, login, clerk
):
    employer = employer_find_or_create(
        name="杭州之江恒远建设工程有限公司", credit_code="91110000802100433B"
    )
    for seq in range(10):
        _intake(clerk, name=f"工人{seq}", number=id_number(seq), employer=employer)
    proposal = CollectiveProposal.objects.get()
    login(clerk.username)

    page.goto(f"{live_server.url}/cases/collective/{proposal.pk}/")
    boxes = page.locator("[data-testid=confirm-collective] input[type=checkbox]")
    for i in range(3):
        boxes.nth(i).check()
    screenshot(page, "collective-proposal")
    page.click("button:has-text('确认为集体争议')")

    page.wait_for_selector("text=已确认为集体争议")
    assert "集体争议" in page.inner_text("body")
    assert page.locator("text=代表人").count() >= 3
    screenshot(page, "collective-case")
    assert page.console_errors == []
