"""A calculation's words in the reader's language: a result as stored (`Result.as_json()`, a
saved calculation's `result`) with its formulas, articles, notes, caveats and warnings rendered
from their messages, its items and parameters named from their codes (issue 22).

A calculation saved before its words were kept as messages holds Chinese sentences: they are
shown as written, marked `lang="zh"` on a page in another language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models

from jiefen.calculators.choices import Item, ParameterKind
from jiefen.core.messages import foreign, message_text


def _text(value: Any, *, html: bool) -> str:
    if isinstance(value, Mapping) and "code" in value:
        return message_text(value["code"], value.get("params"), html=html)
    return foreign(value or "", html=html)


def _named(choices: type[models.Choices], code: str, stored: str, *, html: bool) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return foreign(stored, html=html)


def result_words(result: Mapping[str, Any], *, html: bool = True) -> dict[str, Any]:
    """`result` with every text in the active language: safe HTML for pages (`html`), plain
    text for the API and documents."""

    def text(value: Any) -> str:
        return _text(value, html=html)

    return {
        **result,
        "warnings": [text(w) for w in result.get("warnings", [])],
        "lines": [
            {
                **line,
                "label": _named(Item, line.get("key", ""), line.get("label", ""), html=html),
                "formula": text(line.get("formula")),
                "basis": text(line.get("basis")),
                "plain": text(line.get("plain")),
                "notes": [text(n) for n in line.get("notes", [])],
                "unconfirmed": [text(u) for u in line.get("unconfirmed", [])],
            }
            for line in result.get("lines", [])
        ],
        "figures": [
            {**f, "label": _named(ParameterKind, f.get("kind", ""), f.get("label", ""), html=html)}
            for f in result.get("figures", [])
        ],
    }
