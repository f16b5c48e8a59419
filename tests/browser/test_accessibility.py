"""WCAG 2.1 AA with axe-core over every page of every role and the portal, at desktop (1440 px)
and phone (390 px) width: no critical or serious violation anywhere.

axe-core is vendored (tests/browser/vendor/axe-core, injected into each page; no CDN). The pages
are the routes the kernel's role walk discovers (tests/scope/walker.discover_routes, APIs and
non-HTML answers aside) over the demo district: a route without parameters is visited as is; a
route with parameters at the first link to it found on the pages already visited, so detail
pages show real objects. Each role walks in one browser context, signed in once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from jiefen.accounts.choices import Role
from jiefen.accounts.demo import NAMED
from jiefen.accounts.models import User
from tests.browser.navigation import answers_html
from tests.browser.picker import pick_village
from tests.browser.test_portal import latest_code
from tests.kernel.role_walk import NOT_WALKED
from tests.scope.walker import PARAM, _routes, discover_routes

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"critical", "serious"}
WIDTHS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
# Pages that are not pages: downloads, images, health and the live board's polled fragment.
NOT_PAGES = re.compile(
    r"(\.(docx|xlsx|pdf|png|ico|worker)$|/healthz|/board/rows/|/lookup/|/qr\.png|/photos/\d+/$"
    r"|/evidence/\d+/$|/documents/|/print/$|/template\.xlsx$)"
)
STAFF_SKIP = ("/api/", "/portal/apply/", "/portal/track/", "/portal/m/", "/portal/receipt/")


def _route_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each routed page with parameters, as a regex matching its concrete URLs."""
    patterns = []
    for route in _routes(__import__("django.urls").urls.get_resolver()):
        if "(?P<" in route or "(?:" in route:
            continue
        route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
        if not PARAM.search(route) or route.startswith(("api/", "admin/")):
            continue
        regex = PARAM.sub(
            lambda m: r"\d+" if m.group("conv") == "int" else r"[^/]+", re.escape(route)
        )
        regex = regex.replace(r"\<", "<").replace(r"\>", ">")
        patterns.append((route, re.compile("^/" + regex + "$")))
    return patterns


@dataclass
class Walk:
    violations: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


# Every call into a page here carries a timeout: `page.evaluate` has none, and on this machine the
# walk has hung for good inside one (a page that reloads itself, the wall screen, is one way to get
# there). axe is injected into every page of the walk's contexts (`add_init_script`), started by a
# `wait_for_function` that returns at once, and its findings are waited for on `window`.
AXE_START = """(tags) => {
    if (window.__jfAxeStarted) return true;
    window.__jfAxeStarted = true;
    axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}).then(
        r => { window.__jfAxe = r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' +
                (n.failureSummary || '').split('\\n').slice(1, 2).join(''))})); },
        e => { window.__jfAxe = [{id: 'axe-error', impact: 'critical', help: String(e),
            nodes: []}]; });
    return true;
}"""
AXE_SECONDS = 60


def _in_page(page, expression: str, arg=None, seconds: int = 20):
    """`expression`'s value in the page (truthy), within `seconds`."""
    handle = page.wait_for_function(expression, arg=arg, polling=250, timeout=seconds * 1000)
    return handle.json_value()


def _axe(page) -> list[dict]:
    """axe's violations on the page as it stands. A run that does not finish within a minute is
    run once more on the page loaded afresh; a second such run fails the walk with the URL."""
    for attempt in range(2):
        try:
            page.wait_for_load_state("load")
            _in_page(page, "() => typeof window.axe !== 'undefined'")
            _in_page(page, AXE_START, TAGS)
            return _in_page(page, "() => window.__jfAxe", seconds=AXE_SECONDS)
        except PlaywrightError as e:  # a timeout, or the page reloaded under the run
            if attempt:
                raise AssertionError(f"axe did not finish on {page.url}: {e}") from None
            print(f"axe: again on {page.url} ({str(e).splitlines()[0]})", flush=True)
            page.reload()
    raise AssertionError("unreachable")


def _check(page, url: str, walk: Walk, who: str) -> bool:
    """Visit `url`, run axe; False when it is not an HTML page this person may see."""
    if not answers_html(page.context, url):
        return False
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response)
    walk.checked.append(f"{who} {url}")
    print(f"axe: {who} {url}", flush=True)
    for v in _axe(page):
        if v["impact"] in FAILING:
            found = f"{who} {url}: {v['impact']} {v['id']} ({v['help']}) {v['nodes']}"
            print(f"axe violation: {found}", flush=True)
            walk.violations.append(found)
    return True


def _links(page, base: str) -> list[str]:
    hrefs = _in_page(page, "() => Array.from(document.querySelectorAll('a[href]'), e => e.href)")
    return [h[len(base) :].split("#")[0].split("?")[0] for h in hrefs if h.startswith(base)]


def _walk_staff(context, base: str, walk: Walk, who: str, seen_routes: set[str]) -> None:
    """The pages this person reaches that no one before checked at this width (`seen_routes`,
    shared across the roles of one width): their home page with their own menu, each page
    without parameters, and each parametrized route at the first link to it. A page is one
    template whoever opens it; walking all of them again for every role would take the stage
    past its time (about 17 minutes more on two cores)."""
    page = context.new_page()
    page.set_default_timeout(20_000)
    fixed = [
        u
        for u in discover_routes()
        if not u.startswith(STAFF_SKIP + NOT_WALKED)
        and not NOT_PAGES.search(u)
        and not PARAM.search(u)
        and "/1/" not in u
        and not re.search(r"/(worker|1)(/|$)", u)
    ]
    patterns = _route_patterns()
    found: list[str] = []
    for url in ["/", *fixed]:
        # Each person's home page (their own menu); any other page once per width.
        if url != "/" and url in seen_routes:
            continue
        if _check(page, base + url, walk, who):
            seen_routes.add(url)
            found += _links(page, base)
    # Detail pages: the first link found to each parametrized route.
    queue = list(dict.fromkeys(found))
    while queue:
        url = queue.pop(0)
        if NOT_PAGES.search(url) or url.startswith(STAFF_SKIP):
            continue
        route = next((r for r, rx in patterns if rx.match(url)), None)
        if route is None or route in seen_routes:
            continue
        seen_routes.add(route)
        if _check(page, base + url, walk, who):
            queue += [u for u in _links(page, base) if u not in queue]
    page.close()


def _signed_in_context(browser, base: str, user: User, viewport: dict):
    client = Client()
    client.force_login(user)
    # bypass_csp: axe is injected as a script the pages' policy would refuse.
    context = browser.new_context(locale="zh-CN", viewport=viewport, bypass_csp=True)
    context.add_init_script(script=AXE.read_text())
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    return context


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_no_page_of_any_role_or_the_portal_has_a_critical_or_serious_axe_violation(
    browser, live_server, demo
):
    """One walk over the demo district (seeded once: it takes minutes), at both widths."""
    walk = Walk()
    # The demo's named logins (accounts/demo.py): every role, at district and street scope.
    # One person per role, those who act on cases first, so each detail page is checked with
    # the forms its doers see.
    order = [
        Role.RECEPTION_CLERK,
        Role.MEDIATOR,
        Role.LABOR_INSPECTOR,
        Role.POLICE_LIAISON,
        Role.ARBITRATOR,
        Role.TRIBUNAL_CLERK,
        Role.LEADER,
        Role.ADMINISTRATOR,
    ]
    named = User.objects.filter(username__in=[n[0] for n in NAMED])
    people = [named.filter(role=role).order_by("scope_level", "pk").first() for role in order]
    assert None not in people and {p.role for p in people} == set(Role.values)
    for width, viewport in WIDTHS.items():
        seen_routes: set[str] = set()
        for user in people:
            context = _signed_in_context(browser, live_server.url, user, viewport)
            try:
                _walk_staff(context, live_server.url, walk, f"{width} {user.username}", seen_routes)
            finally:
                context.close()
        _walk_portal(browser, live_server.url, walk, width)
    assert len(walk.checked) > 100, walk.checked
    assert walk.violations == []


def _walk_portal(browser, base: str, walk: Walk, width: str) -> None:
    """The citizen's pages: the entry, the tools, an application's phone step (with a wrong
    phone and a wrong code, so the error states are checked too), tracking and a mailbox."""
    who = f"{width} citizen"
    context = browser.new_context(locale="zh-CN", viewport=WIDTHS[width], bypass_csp=True)
    context.add_init_script(script=AXE.read_text())
    page = context.new_page()
    page.set_default_timeout(20_000)
    for url in ["/portal/", "/portal/track/", "/portal/calculator/", "/portal/policy/"]:
        assert _check(page, base + url, walk, who), url
    links = [
        u for u in _links(page, base) if u.startswith("/portal/policy/") and u != "/portal/policy/"
    ]
    if links:
        _check(page, base + links[0], walk, who)
    _check(page, base + "/portal/apply/mediation/", walk, who)
    page.fill("#id_phone", "1390571")
    page.click("[data-testid=send-code]")
    walk.violations += [f"{who} phone error: {v}" for v in _failing(page)]
    page.fill("#id_phone", "13905712345")
    page.click("[data-testid=send-code]")
    page.fill("#id_code", "000000")
    page.click("[data-testid=verify-code]")
    walk.violations += [f"{who} code error: {v}" for v in _failing(page)]
    # The right code: the form, sent back with its errors, then the receipt and the case page.
    phone = "13905719999" if width == "desktop" else "13905719998"
    page.fill("#id_phone", phone)
    page.click("[data-testid=send-code]")
    page.fill("#id_code", latest_code(phone))
    page.click("[data-testid=verify-code]")
    page.wait_for_selector("[data-testid=apply-form]")
    walk.checked.append(f"{who} application form")
    page.click("[data-testid=submit-application]")
    page.wait_for_selector("[data-jf-error-summary]")
    walk.violations += [f"{who} form errors: {v}" for v in _failing(page)]
    page.fill("#id_name", "李明")
    page.fill("#id_id_number", "330106199003071017")
    page.fill("#id_employer_name", "杭州之江建设有限公司")
    pick_village(page, "shssq", "转塘街道 · 珊瑚沙社区")
    page.select_option("#id_category", "wage_arrears")
    page.fill("#id_summary", "2026年8月起拖欠工资三个月")
    page.fill("#id_claim_1", "支付拖欠工资")
    page.fill("#id_amount_1", "15000")
    page.click("[data-testid=submit-application]")
    page.wait_for_selector("[data-testid=receipt]")
    walk.checked.append(f"{who} receipt")
    walk.violations += [f"{who} receipt: {v}" for v in _failing(page)]
    number = page.inner_text("[data-testid=case-number]").strip()
    _check(page, f"{base}/portal/track/{number}/", walk, who)
    from jiefen.portal.models import Mailbox

    mailbox = Mailbox.objects.first()
    if mailbox is not None:
        _check(page, f"{base}/portal/m/{mailbox.token}/", walk, who)
    context.close()


def _failing(page) -> list[str]:
    return [f"{v['id']} {v['nodes']}" for v in _axe(page) if v["impact"] in FAILING]
