"""The case list's rows as HTML, written in Python.

Fifty rows of ten cells through the template engine were most of the list's own time (issue 20:
each variable lookup, filter and `blocktranslate` resolved per cell); here each label is looked up
once per page and each row is one `str.format` of escaped text."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from html import escape as esc
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext

from jiefen.cases.clocks import ClockView

DASH = "—"
PLACEHOLDER_PK = 987654321
ROW = (
    '<tr><td><a href="{}">{}</a>{}</td><td>{}</td><td>{}</td><td>{} · {}</td><td>{}</td>'
    '<td class="text-end">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>'
)


def case_rows_html(
    rows: Iterable[tuple[Any, list[ClockView], str, str, str, list[str]]],
) -> SafeString:
    """One <tr> per (case, open clocks, state label, category label, lead label, assignees'
    names); each case as `selectors.case_list_page_rows` gives it, its place and employer named."""
    collective = format_html(' <span class="badge text-bg-warning">{}</span>', gettext("集体"))
    separator = pgettext("list separator", "、")
    clock_words = gettext("%(clock)s：%(state)s")
    provisional = gettext("暂定")
    # One `reverse` a page: the number is the only part of the address that changes.
    address = reverse("cases:detail", args=[PLACEHOLDER_PK]).replace(str(PLACEHOLDER_PK), "{}")
    clocks_html = _ClocksHtml(clock_words, provisional)
    html = []
    for case, clocks, status, category, lead, names in rows:
        assignees = separator.join(names)
        employer = case.employer_name or DASH
        # The standard library's escape, as Django's does it (Django's adds a check for lazy
        # text per call: a thousand calls a page); the badge and clocks are our markup.
        html.append(
            ROW.format(
                address.format(case.pk),
                esc(case.number),
                collective if case.collective else "",
                esc(status),
                esc(category),
                esc(case.street_name),
                esc(case.village_name),
                esc(employer),
                f"{case.claim_total:.2f}",  # two decimal places, as stored
                esc(lead or DASH),
                esc(assignees or DASH),
                timezone.localtime(case.received_at).strftime("%Y-%m-%d %H:%M"),
                clocks_html(clocks) if clocks else DASH,
            )
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every text escaped, the rest our markup


def options_html(choices: Iterable[tuple[str, Any]], selected: str | None) -> SafeString:
    """A filter's <option>s, the chosen one marked: written here, as the rows are, since a
    select through Django's widget templates cost a millisecond or two a page."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in choices),
    )


def fixed_options_html(
    choices: Callable[[], Iterable[tuple[str, Any]]], selected: str | None
) -> SafeString:
    """`options_html` of a list fixed in the code (the states, the categories): written once a
    process per language, the chosen one marked in the copy (a twentieth of the list's work)."""
    html = _fixed_options(choices, get_language())
    if selected:
        value = escape(selected)
        html = html.replace(f'<option value="{value}">', f'<option value="{value}" selected>', 1)
    return mark_safe(html)  # noqa: S308 - built by options_html; the value escaped


@functools.lru_cache(maxsize=64)
def _fixed_options(choices: Callable[[], Iterable[tuple[str, Any]]], _language: str | None) -> str:
    return str(options_html(choices(), None))


class _ClocksHtml:
    """A row's open clocks; a clock's name and its state's label are looked up once a page
    (most rows share the same few kinds)."""

    def __init__(self, words: str, provisional: str) -> None:
        self.words, self.provisional = words, provisional
        self.lines: dict[tuple, SafeString] = {}
        self.notes: dict[int, str] = {}

    def __call__(self, clocks: list[ClockView]) -> SafeString:
        return mark_safe("".join(self.line(c) for c in clocks))  # noqa: S308 - lines are html

    def line(self, view: ClockView) -> SafeString:
        clock = view.clock
        note_year = timezone.localtime(clock.due_at).year if clock.provisional else 0
        key = (clock.kind, clock.label, view.state, note_year)
        if key not in self.lines:
            self.lines[key] = format_html(
                '<div class="small clock-{}">{}{}</div>',
                view.state,
                mark_safe(  # noqa: S308 - the translated frame is ours, its values escaped
                    self.words
                    % {"clock": escape(clock.title), "state": escape(view.get_state_display())}
                ),
                format_html(
                    '<span class="badge text-bg-warning ms-1" data-testid="provisional" '
                    'title="{}">{}</span>',
                    clock.provisional_note,
                    self.provisional,
                )
                if clock.provisional
                else "",
            )
        return self.lines[key]
