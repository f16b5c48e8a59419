"""Rights-mailbox letters as signals for the outreach early-warning rules (three or more
complaints, letters or cases against one employer within 30 days). A letter turned into a case is
counted once, as that case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from jiefen.cases.choices import Category
from jiefen.portal.choices import LetterStatus
from jiefen.portal.models import Letter


def letter_signals(*, since: dt.datetime, employer_ids: Iterable[int] | None = None) -> list:
    from jiefen.outreach.rules import Evidence, Signal

    qs = Letter.objects.filter(received_at__gte=since).exclude(status=LetterStatus.CONVERTED)
    if employer_ids is not None:
        qs = qs.filter(mailbox__employer_id__in=list(employer_ids))
    return [
        Signal(
            employer_id=letter.mailbox.employer_id,
            at=letter.received_at,
            evidence=Evidence(
                kind="letter",
                id=letter.pk,
                label=f"维权信箱来信 {letter.body[:20]}",
                url=reverse("portal:staff_letter", args=[letter.pk]),
                at=timezone.localtime(letter.received_at).strftime("%Y-%m-%d %H:%M"),
            ),
            wage_related=letter.category == Category.WAGE_ARREARS,
        )
        for letter in qs.select_related("mailbox")
    ]


def register() -> None:
    """Add the letters to outreach's signal sources (once), when the outreach app is present."""
    try:
        from jiefen.outreach import rules
    except ImportError:
        return
    if letter_signals not in rules.SIGNAL_SOURCES:
        rules.SIGNAL_SOURCES.append(letter_signals)
