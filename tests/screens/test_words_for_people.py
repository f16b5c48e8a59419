"""No page shows a person a code instead of a word (issue 17 item 2): as every demo role, over
every page of the role walk and one real object's page of every model, the visible text holds no
raw choice value (a TextChoices value whose label differs, as a whole word) and no identifier
of the code (snake_case words, dotted module paths). Input values and URLs are not read: they
are for the machine."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import Client

from jiefen.accounts.models import User
from jiefen.cases.models import Case
from jiefen.core.systems import SYSTEM_NAMES
from tests.screens.pages import demo_logins, pages_for

pytestmark = pytest.mark.django_db

WORD = r"(?<![A-Za-z0-9_.\-/]){}(?![A-Za-z0-9_\-/])"
SNAKE_CASE = re.compile(WORD.format(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+"))
DOTTED_PATH = re.compile(WORD.format(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*){2,}"))
# Text no person reads: scripts, styles, templates for scripts.
SKIPPED_ELEMENTS = {"script", "style", "template", "noscript"}
# Attributes a person does read (a field's hint, a tooltip); never value, href or data-*.
READ_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label"}


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self._skipping += 1
        self.parts += [v for k, v in attrs if k in READ_ATTRIBUTES and v]

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def _all_text_choices() -> list[type[models.TextChoices]]:
    found, todo = [], list(models.TextChoices.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("jiefen."):
            found.append(cls)
    return found


def raw_values() -> dict[str, str]:
    """Each choice value that is not its own label (and reads as a word), and the codes of the
    systems jiefen talks to (peers, senders), with where each is from."""
    values = dict.fromkeys(system_codes(), "a system's code (jiefen/core/systems.py)")
    for cls in _all_text_choices():
        for member in cls:
            value, label = str(member.value), str(member.label)
            if value != label and re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]{2,}", value):
                values.setdefault(value, f"{cls.__module__}.{cls.__name__}.{member.name}")
    return values


def system_codes() -> set[str]:
    codes = set(SYSTEM_NAMES) | set(settings.JIEFEN_EXCHANGE_PEERS or {})
    for senders in settings.JIEFEN_WEBHOOK_SENDERS.values():
        codes |= set(senders)
    return codes


def codes_in(text: str, values: dict[str, str], value_pattern: re.Pattern) -> set[str]:
    found = set(SNAKE_CASE.findall(text)) | set(DOTTED_PATH.findall(text))
    found |= {f"{v} ({values[v]})" for v in value_pattern.findall(text)}
    return found


def test_the_scan_finds_a_raw_value_a_snake_case_word_and_a_module_path():
    values = raw_values()
    pattern = re.compile(WORD.format("(" + "|".join(map(re.escape, values)) + ")"))
    html = (
        '<p>状态：wage_arrears</p><p title="jiefen.cases.tasks">x</p><p>来源 police</p>'
        "<p>推送系统：police110</p>"
        '<input value="wage_arrears"><a href="/cases/?status=handling">处置中</a>'
        "<script>const on_time = 1;</script>"
    )

    found = codes_in(visible_text(html), values, pattern)

    assert {f.split(" ")[0] for f in found} == {
        "wage_arrears",
        "jiefen.cases.tasks",
        "police",
        "police110",
    }


def test_no_page_of_any_demo_role_or_of_the_party_shows_a_code():
    started = time.monotonic()
    call_command("seed_demo")  # every app's data in every state
    values = raw_values()
    pattern = re.compile(WORD.format("(" + "|".join(map(re.escape, values)) + ")"))
    shown: dict[str, set[str]] = {}
    walked = 0
    for username in demo_logins():
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for url in pages_for(user):
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            walked += 1
            found = codes_in(visible_text(response.content.decode()), values, pattern)
            for code in found:
                shown.setdefault(code, set()).add(f"{username} {url}")

    # The party: the portal's pages, and the tracking page and receipt of an online case.
    party = Client()
    case = Case.objects.filter(portal_application__isnull=False).order_by("pk").first()
    session = party.session
    session["portal_cases"] = {str(case.pk): time.time() + 600}
    session.save()
    for url in [
        "/portal/",
        f"/portal/track/{case.number}/",
        f"/portal/receipt/{case.number}/",
    ]:
        response = party.get(url)
        assert response.status_code == 200, url
        walked += 1
        for code in codes_in(visible_text(response.content.decode()), values, pattern):
            shown.setdefault(code, set()).add(f"party {url}")

    assert walked > 100, f"walked only {walked} pages in {time.monotonic() - started:.0f}s"
    assert {code: sorted(where)[:3] for code, where in shown.items()} == {}
