"""Timeline entries written as sentences, before messages were stored as data: recognised by shape
and turned into a message code and parameters (migration 0015), so that they too are shown in the
reader's language. Labels are recognised in Chinese and in English, since an entry took the
language of whoever wrote it ("接待：Online，1名申请人"). What is not recognised stays free text."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.utils import translation

from jiefen.accounts.choices import DepartmentKind
from jiefen.cases.choices import CaseStatus, Channel, Duty, Level, Track
from jiefen.cases.clockrules import ClockKind, Counting
from jiefen.core.messages import PHRASE, source_text

LANGUAGES = ("zh-hans", "en")
UNITS = {"个工作日": Counting.WORKDAYS, "个月": Counting.MONTHS, "分钟": Counting.MINUTES, "日": ""}


def _labels(choices: type[models.Choices]) -> dict[str, str]:
    """Each label of `choices`, in every language, mapped to its value."""
    found: dict[str, str] = {}
    for language in LANGUAGES:
        with translation.override(language):
            for value, label in choices.choices:
                found[str(label)] = value
    return found


def _actions() -> dict[str, str]:
    from jiefen.cases.transitions import CASE_LIFECYCLE

    found: dict[str, str] = {}
    for language in LANGUAGES:
        with translation.override(language):
            for action, transition in CASE_LIFECYCLE.transitions.items():
                found[str(transition.label)] = action
    return found


def _alternatives(labels: dict[str, str]) -> str:
    return "|".join(re.escape(k) for k in sorted(labels, key=len, reverse=True))


def _split_tracks(text: str, tracks: dict[str, str]) -> list[str] | None:
    parts = re.split(r"、|, ", text)
    values = [tracks.get(p.strip()) for p in parts]
    return None if any(v is None for v in values) else [v for v in values if v]


def recognise(summary: str, data: dict[str, Any] | None = None) -> tuple[str, dict] | None:
    """(code, params) for a sentence of a known shape; None for free text."""
    data = data or {}
    channels, tracks, kinds = _labels(Channel), _labels(Track), _labels(DepartmentKind)
    duties, levels, states = _labels(Duty), _labels(Level), _labels(CaseStatus)
    m = re.fullmatch(
        rf"接待：({_alternatives(channels)})，(?:(\d+)名申请人|(匿名举报))(（集体争议）)?", summary
    )
    if m:
        channel = channels[m.group(1)]
        if m.group(3):
            return "case.received_anonymous", {"channel": channel}
        code = "case.received_collective" if m.group(4) else "case.received"
        return code, {"channel": channel, "claimants": int(m.group(2))}
    m = re.fullmatch(rf"(人工调整)?分流：({_alternatives(kinds)})牵头；途径：(.*)", summary)
    if m and (chosen := _split_tracks(m.group(3), tracks)) is not None:
        code = "case.routed_by_hand" if m.group(1) else "case.routed"
        return code, {"lead": kinds[m.group(2)], "tracks": chosen}
    m = re.fullmatch(rf"指派({_alternatives(duties)})：(.+)", summary)
    if m:
        return "case.assigned", {"duty": duties[m.group(1)], "user": m.group(2)}
    m = re.fullmatch(rf"未找到可指派的({_alternatives(duties)})", summary)
    if m:
        return "case.nobody_to_assign", {"duty": duties[m.group(1)]}
    m = re.fullmatch(rf"升级：({_alternatives(levels)}) → ({_alternatives(levels)})", summary)
    if m:
        return "case.escalated", {"old": levels[m.group(1)], "new": levels[m.group(2)]}
    m = re.fullmatch(rf"增加办理途径：({_alternatives(tracks)})", summary)
    if m:
        return "case.track_added", {"track": tracks[m.group(1)]}
    actions = _actions()
    m = re.fullmatch(
        rf"({_alternatives(actions)})：({_alternatives(states)}) → ({_alternatives(states)})",
        summary,
    )
    if m:
        return "lifecycle.moved", {
            "lifecycle": "case",
            "action": actions[m.group(1)],
            "old": states[m.group(2)],
            "new": states[m.group(3)],
        }
    clock = data.get("clock")
    if clock in ClockKind.values:
        own: dict | None = {} if _is_kind_label(summary, clock) else None
        m = re.fullmatch(
            r"开始计时：(.+)，(\d+)(个工作日|个月|分钟|日)，(\d{4}-\d{2}-\d{2})(（暂定）)?前",
            summary,
        )
        if m:
            params = _clock(clock, m.group(1), own)
            params.update(period=int(m.group(2)), unit=UNITS[m.group(3)], due=m.group(4))
            if m.group(5):
                params["provisional"] = True
            return "clock.started", params
        m = re.fullmatch(r"已超期：(.+)（(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})到期）", summary)
        if m:
            params = _clock(clock, m.group(1), own)
            params["due"] = f"{m.group(2)}T{m.group(3)}:00+08:00"
            return "clock.overdue", params
        m = re.fullmatch(r"时限撤销：(.+)", summary)
        if m:
            return "clock.cancelled", _clock(clock, m.group(1), own)
    m = re.fullmatch(r"110联动：(.+)", summary)
    if m:
        inner = recognise(m.group(1))
        what: Any = {"code": inner[0], "params": inner[1]} if inner else {"msgid": m.group(1)}
        return PHRASE, {"text": "110联动：%(what)s", "what": what}
    return None


def _is_kind_label(summary: str, clock: str) -> bool:
    kind = ClockKind(clock).label
    return source_text(kind) in summary or str(kind) in summary


def _clock(clock: str, label: str, own: dict | None) -> dict[str, Any]:
    params: dict[str, Any] = {"clock": clock}
    if own is None and source_text(label) != source_text(ClockKind(clock).label):
        params["label"] = label
    return params


def event_migrate(summary: str, data: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The columns to write for an old entry: its message, or its summary put back in the source
    language when it was a catalogue phrase written in English; None to leave it as it is."""
    found = recognise(summary, data)
    if found is not None:
        return {"message": found[0], "params": found[1]}
    source = source_text(summary)
    if source != summary:
        return {"summary": source[:300]}
    return None
