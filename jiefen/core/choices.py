"""Choice helpers every app's pages share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def choice_options(
    choices: Iterable[tuple[Any, Any]], selected: object
) -> list[tuple[str, Any, bool]]:
    """A filter's <option>s as (value, label, selected) triples, so the template tests a
    prepared flag rather than comparing the chosen value itself. No choice ("" or None) selects
    the option whose value is ""."""
    chosen = "" if selected is None else str(selected)
    return [(str(value), label, str(value) == chosen) for value, label in choices]
