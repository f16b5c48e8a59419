"""What a citizen is told about their case: plain public states and timeline sentences.

Staff work in the case lifecycle's states (接待, 登记, 处置中 ...) and its transition summaries
("登记：接待 → 登记"). A party sees one of a few public states instead, defined here once for
every state of CASE_LIFECYCLE (a state added there without a public word fails at import), and
used by the portal's tracking page, receipt and text messages."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import CaseStatus, Track
from jiefen.cases.transitions import CASE_LIFECYCLE

StrOrPromise = str | Promise


class PublicState(models.TextChoices):
    RECEIVED = "received", _("已收到")
    REVIEWING = "reviewing", _("审核中")
    MORE_INFO = "more_info", _("待补充材料")
    ACCEPTED = "accepted", _("已受理")
    HANDLING = "handling", _("办理中")
    MEDIATING = "mediating", _("调解中")
    ARBITRATING = "arbitrating", _("仲裁中")
    INSPECTING = "inspecting", _("劳动监察处理中")
    RESOLVED = "resolved", _("已化解")
    UNRESOLVED = "unresolved", _("调解未成")
    CONCLUDED = "concluded", _("已办结")
    DECLINED = "declined", _("不予受理")
    ANSWERED = "answered", _("已答复")
    WITHDRAWN = "withdrawn", _("已撤回")


# Each case state as the party sees it; 处置中 is refined by the track handling it.
PUBLIC_STATE: dict[str, PublicState] = {
    CaseStatus.RECEIVED: PublicState.RECEIVED,
    CaseStatus.REGISTERED: PublicState.REVIEWING,
    CaseStatus.ANSWERED: PublicState.ANSWERED,
    CaseStatus.DECLINED: PublicState.DECLINED,
    CaseStatus.ACCEPTED: PublicState.ACCEPTED,
    CaseStatus.HANDLING: PublicState.HANDLING,
    CaseStatus.RESOLVED: PublicState.RESOLVED,
    CaseStatus.UNRESOLVED: PublicState.UNRESOLVED,
    CaseStatus.CLOSED: PublicState.CONCLUDED,
}

# What the timeline says when the case reaches a state: a sentence, never "登记：接待 → 登记".
PUBLIC_SENTENCE: dict[str, StrOrPromise] = {
    CaseStatus.RECEIVED: _("您的申请已收到。"),
    CaseStatus.REGISTERED: _("申请已登记，正在审核是否受理。"),
    CaseStatus.ANSWERED: _("已对您的咨询作出答复。"),
    CaseStatus.DECLINED: _("经审核，决定不予受理。"),
    CaseStatus.ACCEPTED: _("申请已受理。"),
    CaseStatus.HANDLING: _("承办人员开始办理。"),
    CaseStatus.RESOLVED: _("纠纷已化解。"),
    CaseStatus.UNRESOLVED: _("调解未能达成一致。"),
    CaseStatus.CLOSED: _("案件已办结。"),
}

# 处置中 by track, the later track first (a failed mediation goes on to arbitration).
HANDLING_BY_TRACK = (
    (Track.ARBITRATION, PublicState.ARBITRATING),
    (Track.MEDIATION, PublicState.MEDIATING),
    (Track.INSPECTION, PublicState.INSPECTING),
)

_missing = set(CASE_LIFECYCLE.states.values) - set(PUBLIC_STATE) | (
    set(CASE_LIFECYCLE.states.values) - set(PUBLIC_SENTENCE)
)
if _missing:
    raise ImportError(f"case states without a public word: {sorted(_missing)}")


def public_state(case_status: str, tracks: list[str] | None = None) -> PublicState:
    """The public state of a case in `case_status`, handled along `tracks`."""
    state = PUBLIC_STATE[case_status]
    if state == PublicState.HANDLING:
        for track, handling in HANDLING_BY_TRACK:
            if track in (tracks or []):
                return handling
    return state


def public_sentence(new_status: str) -> str:
    """The timeline's sentence for a move into `new_status` ("" for a state it does not know)."""
    sentence = PUBLIC_SENTENCE.get(new_status)
    return str(sentence) if sentence else ""
