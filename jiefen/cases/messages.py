"""The case timeline's messages, stored as a code and parameters (jiefen.core.messages) and shown in
the reader's language. Codes are stored: never rename one; add a new code for new words."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from jiefen.accounts.choices import DepartmentKind
from jiefen.cases.choices import Channel, Duty, Level, Track
from jiefen.cases.clockrules import ClockKind, Counting, PauseReason, RestartReason
from jiefen.core.messages import message_template


class CaseField(models.TextChoices):
    """The facts of a case that an edit names on the timeline."""

    SUMMARY = "summary", _("概要")
    CATEGORY = "category", _("类别")
    CHANNEL = "channel", _("渠道")
    PEOPLE_GATHERED = "people_gathered", _("聚集人数")
    EXTREME_BEHAVIOUR = "extreme_behaviour", _("过激行为")
    SUSPECTED_EXTORTION = "suspected_extortion", _("涉嫌恶意讨薪")
    EMPLOYER = "employer", _("用人单位")


def _clock_title(value: Any, params: Any) -> str:
    """A clock's own name where it was given one, else its kind's label."""
    from jiefen.core.messages import catalogue

    label = params.get("label")
    if label:
        return catalogue(label, html=False)
    try:
        return str(ClockKind(value).label)
    except ValueError:
        return str(value)


def _period(value: Any, params: Any) -> str:
    """A clock's length with its unit, in the reader's language and plural forms."""
    from django.utils.translation import npgettext

    n = int(value)
    unit = params.get("unit", "")
    phrases = PERIOD_PHRASES.get(str(unit), PERIOD_PHRASES[""])
    return npgettext("count", phrases[0], phrases[1], n).format(n=n)


def _due(value: Any, params: Any) -> str:
    """A due date, marked provisional when the year's holidays are not published yet."""
    from django.utils.translation import gettext

    from jiefen.core.messages import local_date

    day = local_date(value)
    return gettext("{date}（暂定）").format(date=day) if params.get("provisional") else day


PERIOD_PHRASES: dict[str, tuple[str, str]] = {
    Counting.WORKDAYS: (gettext_noop("{n}个工作日"), gettext_noop("{n}个工作日")),
    Counting.MONTHS: (gettext_noop("{n}个月"), gettext_noop("{n}个月")),
    Counting.MINUTES: (gettext_noop("{n}分钟"), gettext_noop("{n}分钟")),
    "": (gettext_noop("{n}日"), gettext_noop("{n}日")),
}

CLAIMANTS = (gettext_noop("{n}名申请人"), gettext_noop("{n}名申请人"))

RECEIVED = message_template(
    "case.received",
    _("接待：{channel}，{claimants}"),
    choices={"channel": Channel},
    counts={"claimants": CLAIMANTS},
)
RECEIVED_COLLECTIVE = message_template(
    "case.received_collective",
    _("接待：{channel}，{claimants}（集体争议）"),
    choices={"channel": Channel},
    counts={"claimants": CLAIMANTS},
)
RECEIVED_ANONYMOUS = message_template(
    "case.received_anonymous", _("接待：{channel}，匿名举报"), choices={"channel": Channel}
)
ROUTED = message_template(
    "case.routed",
    _("分流：{lead}牵头；途径：{tracks}"),
    choices={"lead": DepartmentKind, "tracks": Track},
)
ROUTED_BY_HAND = message_template(
    "case.routed_by_hand",
    _("人工调整分流：{lead}牵头；途径：{tracks}"),
    choices={"lead": DepartmentKind, "tracks": Track},
)
NOBODY_TO_ASSIGN = message_template(
    "case.nobody_to_assign", _("未找到可指派的{duty}"), choices={"duty": Duty}
)
ASSIGNED = message_template("case.assigned", _("指派{duty}：{user}"), choices={"duty": Duty})
ESCALATED = message_template(
    "case.escalated", _("升级：{old} → {new}"), choices={"old": Level, "new": Level}
)
ESCALATED_WHY = message_template(
    "case.escalated_to", _("升级至{level}办理"), choices={"level": Level}
)
TRACK_ADDED = message_template(
    "case.track_added", _("增加办理途径：{track}"), choices={"track": Track}
)
EDITED = message_template("case.edited", _("修改：{fields}"), choices={"fields": CaseField})
CLAIMS_UPDATED = message_template(
    "case.claims_updated", _("请求事项更新：{count}项，合计{total}"), money={"total"}
)
CLAIMS_UPDATED_FROM = message_template(
    "case.claims_updated_from",
    _("请求事项更新（{source}）：{count}项，合计{total}"),
    money={"total"},
    catalogue={"source"},
)
# Clocks: the clock's kind (and the name it was given, `label`, when it has one of its own).
_CLOCK = {"clock": _clock_title, "due": _due}
CLOCK_STARTED = message_template(
    "clock.started",
    _("开始计时：{clock}，{period}，{due}前"),
    labels={**_CLOCK, "period": _period, "due": _due},
)
CLOCK_CANCELLED = message_template("clock.cancelled", _("时限撤销：{clock}"), labels=_CLOCK)
CLOCK_RESTORED = message_template("clock.restored", _("时限恢复：{clock}"), labels=_CLOCK)
CLOCK_PAUSED = message_template(
    "clock.paused",
    _("时限中止：{clock}（{reason}），自{at}起不计入期限"),
    labels=_CLOCK,
    choices={"reason": PauseReason},
    dates={"at"},
)
CLOCK_RESUMED = message_template(
    "clock.resumed",
    _("时限恢复：{clock}，{stood}不计入，到期日由{old_due}顺延至{due}"),
    labels={**_CLOCK, "stood": _period},
    dates={"old_due"},
)
CLOCK_EXTENDED = message_template(
    "clock.extended",
    _("时限延长：{clock}延长{period}，到期日由{old_due}改为{due}"),
    labels={**_CLOCK, "period": _period},
    dates={"old_due"},
)
CLOCK_RESTARTED = message_template(
    "clock.restarted",
    _("时限重新计算：{clock}自{at}起算（{reason}），到期日由{old_due}改为{due}"),
    labels=_CLOCK,
    choices={"reason": RestartReason},
    dates={"at", "old_due"},
)
CLOCK_START_CORRECTED = message_template(
    "clock.start_corrected",
    _("时限起算日更正：{clock}自{at}起算，到期日由{old_due}改为{due}"),
    labels=_CLOCK,
    dates={"at", "old_due"},
)
CLOCK_RECOMPUTED = message_template(
    "clock.recomputed",
    _("时限重新计算：{clock}，到期日由{old_due}改为{due}"),
    labels=_CLOCK,
    dates={"old_due"},
)
CLOCK_CONFIRMED = message_template(
    "clock.confirmed", _("时限重新计算：{clock}，到期日{due}已确定"), labels=_CLOCK
)
CLOCK_DUE_NOW = message_template(
    "clock.due_now", _("时限重新计算：{clock}，到期日{due}"), labels=_CLOCK
)
CLOCK_OVERDUE = message_template(
    "clock.overdue", _("已超期：{clock}（{due}到期）"), labels=_CLOCK, datetimes={"due"}
)
