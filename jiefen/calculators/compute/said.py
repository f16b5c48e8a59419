"""What a calculation says, kept as messages (jiefen.core.messages): each formula, article,
note and caveat is a catalogue phrase with typed parameters, stored with the calculation and read
in the reader's language when shown (issue 22). `str()` of one gives its words in the active
language, as the sentences it replaced did."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_noop as N_

from jiefen.core.messages import Message, message_template, message_text, phrase

CENT = Decimal("0.01")


class Said(Message):
    """A stored message that reads as text: `str()` renders it in the active language, and `in`
    looks for words in that text."""

    def __str__(self) -> str:
        return message_text(self.code, self.params)

    def __contains__(self, part: str) -> bool:
        return part in str(self)


def said(text: str, **params: Any) -> Said:
    """A phrase (marked with gettext_noop) and its parameters: amounts as `yuan()`, counts as
    strings, dates as dates, items as `Item` members, nested phrases as `said()`."""
    message = phrase(text, **params)
    return Said(message.code, message.params)


def _grouped(value: Any, _params: Any) -> str:
    return f"{Decimal(str(value)):,.2f}"


# An amount inside a formula: 48,700.00元 / CNY 48,700.00.
YUAN = message_template("calculators.yuan", N_("{amount}元"), labels={"amount": _grouped})


def yuan(value: Decimal) -> Message:
    return YUAN(amount=str(value.quantize(CENT, ROUND_HALF_UP)))
