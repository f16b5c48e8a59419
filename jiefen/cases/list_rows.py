"""The case list's rows as HTML, written in Python.

Fifty rows of ten cells through the template engine were most of the list's own time (issue 20:
each variable lookup, filter and `blocktranslate` resolved per cell); here each label is looked up
once per page and each row is one `format_html`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils import dateformat, timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from jiefen.cases.clocks import ClockView

DASH = "—"
ROW = (
    '<tr><td><a href="{}">{}</a>{}</td><td>{}</td><td>{}</td><td>{} · {}</td><td>{}</td>'
    '<td class="text-end">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>'
)


def case_rows_html(rows: Iterable[tuple[Any, list[ClockView], str, str, str]]) -> SafeString:
    """One <tr> per (case, open clocks, state label, category label, lead label); each case as
    `selectors.case_list` gives it, with its place, employer and `active_assignments`."""
    collective = format_html(' <span class="badge text-bg-warning">{}</span>', gettext("集体"))
    separator = pgettext("list separator", "、")
    clock_words = gettext("%(clock)s：%(state)s")
    provisional = gettext("暂定")
    html = []
    for case, clocks, status, category, lead in rows:
        assignees = separator.join(a.user.display_name for a in case.active_assignments)
        html.append(
            format_html(
                ROW,
                case.get_absolute_url(),
                case.number,
                collective if case.collective else "",
                status,
                category,
                case.village.street.name,
                case.village.name,
                case.employer.name if case.employer_id and case.employer.name else DASH,
                floatformat(case.claim_total, 2),
                lead or DASH,
                assignees or DASH,
                dateformat.format(timezone.localtime(case.received_at), "Y-m-d H:i"),
                _clocks_html(clocks, clock_words, provisional) if clocks else DASH,
            )
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every part went through format_html


def _clocks_html(clocks: list[ClockView], words: str, provisional: str) -> SafeString:
    return format_html_join(
        "",
        '<div class="small clock-{}">{}{}</div>',
        (
            (
                c.state,
                mark_safe(  # noqa: S308 - the translated frame is ours, its values escaped
                    words % {"clock": escape(c.clock.title), "state": escape(c.get_state_display())}
                ),
                format_html(
                    '<span class="badge text-bg-warning ms-1" data-testid="provisional" '
                    'title="{}">{}</span>',
                    c.clock.provisional_note,
                    provisional,
                )
                if c.clock.provisional
                else "",
            )
            for c in clocks
        ),
    )
