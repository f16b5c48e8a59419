"""Helpers for the tests every lifecycle has: its whole table, legal and illegal pairs."""

from __future__ import annotations

from typing import Any

from jiefen.core.lifecycle import Lifecycle


def lifecycle_pairs(
    lifecycle: Lifecycle[Any],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Every (state, action) of the table: those the table allows, and all the others."""
    pairs = [
        (state, action) for state in lifecycle.states.values for action in lifecycle.transitions
    ]
    legal = [(s, a) for s, a in pairs if lifecycle.allows_from(a, s)]
    return legal, [p for p in pairs if p not in legal]
