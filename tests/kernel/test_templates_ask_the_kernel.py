"""Screens ask the lifecycle kernel what may be done; no template compares a status to decide,
and no view compares an object's status to decide which action to offer."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "jiefen"
# `x.status == "..."`, `status != '...'`, `status in ...` inside a template tag.
STATUS_TEST = re.compile(r"{%[^%]*\bstatus\s*(==|!=|\bin\b|\bnot in\b)[^%]*%}")
# `obj.status == ...`, `obj.status != ...`, `obj.status in (...)` in a view: a query parameter
# named `status` (a filter) or an HTTP status is not an object's state and is not matched.
VIEW_STATUS_TEST = re.compile(r"\.status\s*(==|!=|\bin\b|\bnot in\b)")


def status_tests(text: str, pattern: re.Pattern[str] = STATUS_TEST) -> list[int]:
    """The numbers of the lines of `text` that compare a status."""
    return [n for n, line in enumerate(text.splitlines(), 1) if pattern.search(line)]


def found_in(paths, pattern: re.Pattern[str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {text.splitlines()[number - 1].strip()[:120]}"
        for path in sorted(paths)
        for text in [path.read_text(encoding="utf-8")]
        for number in status_tests(text, pattern)
    ]


def test_no_template_compares_a_status():
    assert found_in(ROOT.glob("**/templates/**/*.html"), STATUS_TEST) == []


def test_no_view_compares_a_status():
    views = {*ROOT.glob("*/views.py"), *ROOT.glob("*/*_views.py"), *ROOT.glob("*/views/*.py")}
    views |= set(ROOT.glob("*/apis.py"))
    assert found_in(views, VIEW_STATUS_TEST) == []


def test_the_template_scan_finds_a_planted_comparison():
    page = "\n".join(
        [
            '{% load i18n lifecycle %}<span class="badge {{ a|state_tone }}">',
            '{% if "hold" in actions %}<form>{% endif %}',
            '{% if can_convene and meeting.status == "draft" %}<form>{% endif %}',
            "{% if a.status != 'new' %}x{% endif %}",
            "{% if item.status in open_states %}x{% endif %}",
        ]
    )
    assert status_tests(page) == [3, 4, 5]


def test_the_view_scan_finds_a_planted_comparison():
    view = "\n".join(
        [
            'if status == "waiting":',
            "    qs = qs.filter(status=status)",
            'agreement = mediation.agreement if mediation.status == "agreed" else None',
            "if response.status_code == 200:",
        ]
    )
    assert status_tests(view, VIEW_STATUS_TEST) == [3]
