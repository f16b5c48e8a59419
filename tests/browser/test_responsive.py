"""Every page of every demo role at a phone's width (390 px) and a desktop's (1440 px): no table
wider than the screen, no visible cell narrower than two characters, and a screenshot of each
page under var/screenshots/responsive/ for the CI artefacts (issue 17 item 1).

The pages are the role walk's lists, boards and forms and one real object's page of every model
(tests/screens/pages.py), over the demo district. Each page is rendered once per width, by the
first role that may see it (a page every role sees would otherwise be rendered seven times); one
browser context per role."""

from __future__ import annotations

import re
import time

from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from jiefen.accounts.demo import DEMO_PASSWORD
from jiefen.accounts.models import User
from tests.browser.conftest import SCREENSHOTS
from tests.browser.navigation import answers_html
from tests.screens.pages import demo_logins, pages_for

WIDTHS = {"phone": (390, 844), "desktop": (1440, 900)}

# What a person would trip over at this width: a table wider than the screen (it spills out of
# its card or cuts off columns), a cell too narrow for two characters (one-character columns of
# vertical text), a page that scrolls sideways.
LAYOUT_PROBLEMS = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  document.querySelectorAll("main table").forEach((table, i) => {
    if (!visible(table)) return;
    const name = table.dataset.testid || `table ${i + 1}`;
    const r = table.getBoundingClientRect();
    if (r.right > width + 1 || r.width > width + 1) {
      problems.push(`${name} is ${Math.round(r.width)} px wide, ends at ${Math.round(r.right)} px`);
    }
    table.querySelectorAll("td, th").forEach((cell) => {
      const text = cell.innerText.trim();
      if (!text || !visible(cell)) return;
      const em = parseFloat(getComputedStyle(cell).fontSize);
      const w = cell.getBoundingClientRect().width;
      if (w < 2 * em) problems.push(`${name}: cell "${text.slice(0, 12)}" is ${Math.round(w)} px`);
    });
  });
  const scroll = document.documentElement.scrollWidth;
  if (scroll > width + 1) problems.push(`the page scrolls sideways: ${scroll} px`);
  return problems.slice(0, 5);
}"""


def _slug(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", url).strip("-") or "home"


def test_every_page_of_every_role_fits_a_phone_and_a_desktop(browser, live_server):
    started = time.monotonic()
    call_command("seed_demo")
    problems: dict[str, list[str]] = {}
    rendered: set[str] = set()
    missed_shots: list[str] = []
    for username in demo_logins():
        user = User.objects.get(username=username)
        pages = [url for url in pages_for(user) if url not in rendered]
        context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.set_default_timeout(60_000)  # a shared CI machine renders a long list slowly
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-testid=current-user]")
        for url in pages:
            rendered.add(url)
            if not answers_html(context, f"{live_server.url}{url}"):
                continue
            for device, (width, height) in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                response = page.goto(f"{live_server.url}{url}", wait_until="load")
                assert response is not None and response.status == 200, (url, response)
                found = page.evaluate(LAYOUT_PROBLEMS)
                if found:
                    problems[f"{device} {username} {url}"] = found
                shot = SCREENSHOTS / "responsive" / device / f"{_slug(url)}.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                # The first screen is enough to see the layout (a 100-card page in full is
                # taller than Chromium captures in one piece); animations stopped, since a
                # ticking board never settles. A screenshot is the artefact, not the check: one
                # that times out is named, not failed.
                try:
                    page.screenshot(
                        path=str(shot), animations="disabled", caret="hide", timeout=20_000
                    )
                except PlaywrightError as e:
                    missed_shots.append(f"{device} {url}: {str(e).splitlines()[0]}")
        context.close()

    assert len(rendered) > 50, f"rendered only {len(rendered)} pages"
    if missed_shots:
        print("screenshots not taken:", *missed_shots, sep="\n  ")
    assert problems == {}, f"{len(problems)} pages in {time.monotonic() - started:.0f}s"
