"""Who leads a dispute and on which tracks it runs, decided on acceptance.

Each rule is one function that reads the case and either fires (with its reason) or not; all
that fire are combined. The order of RULES is the order their reasons appear on the timeline.
From the district's practice: "纠纷主要涉及劳动用工的，以劳动人事争议调解处理为主，综治调解、人民调解
协助…；争议上升到维稳层面或群体性事件层面的，以综治调解为主，劳动人事争议调解协助，同时借助110联动平台，
对其中涉嫌恶意讨薪、敲诈勒索的立即采取措施。"
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jiefen.accounts.choices import DepartmentKind as K
from jiefen.cases.choices import Category, Track

# A crowd this large at the scene is a mass incident (群体性事件) for triage.
MASS_GATHERING = 10
VIOLATION_CATEGORIES = frozenset(
    {Category.WAGE_ARREARS, Category.SOCIAL_INSURANCE, Category.WORKING_HOURS}
)


@dataclass(frozen=True)
class RuleResult:
    rule: str
    reason: str
    lead: str | None = None
    tracks: frozenset[str] = frozenset()
    assisting: frozenset[str] = frozenset()


@dataclass
class TriageDecision:
    lead: str
    tracks: list[str]
    assisting: list[str]
    fired: list[RuleResult] = field(default_factory=list)

    @property
    def rule_names(self) -> str:
        return ",".join(r.rule for r in self.fired)

    @property
    def reasons(self) -> str:
        return "；".join(r.reason for r in self.fired)


def rule_stability(case) -> RuleResult | None:
    signs = []
    if case.collective:
        signs.append(f"集体争议（{case.claimant_count}人）")
    if case.people_gathered >= MASS_GATHERING:
        signs.append(f"现场聚集{case.people_gathered}人")
    if case.extreme_behaviour:
        signs.append("有过激行为")
    if not signs:
        return None
    return RuleResult(
        rule="stability",
        reason="争议上升到维稳或群体性事件层面（"
        + "、".join(signs)
        + "）：综治科牵头，劳动争议调解协助",
        lead=K.GOVERNANCE_SECTION,
        tracks=frozenset({Track.GOVERNANCE, Track.MEDIATION}),
        assisting=frozenset({K.MEDIATION_COMMITTEE}),
    )


def rule_extortion(case) -> RuleResult | None:
    if not case.suspected_extortion:
        return None
    return RuleResult(
        rule="police",
        reason="涉嫌恶意讨薪或敲诈勒索：公安介入",
        tracks=frozenset({Track.POLICE}),
        assisting=frozenset({K.POLICE_OFFICE}),
    )


def rule_violation(case) -> RuleResult | None:
    if case.category not in VIOLATION_CATEGORIES:
        return None
    return RuleResult(
        rule="inspection",
        reason=f"{Category(case.category).label}属劳动保障违法情形：启动劳动监察",
        tracks=frozenset({Track.INSPECTION}),
        assisting=frozenset({K.LABOR_INSPECTION_SQUAD}),
    )


def rule_employment(case) -> RuleResult | None:
    return RuleResult(
        rule="employment",
        reason="纠纷主要涉及劳动用工：调解委员会牵头调解",
        lead=K.MEDIATION_COMMITTEE,
        tracks=frozenset({Track.MEDIATION}),
        assisting=frozenset({K.JUDICIAL_OFFICE}),
    )


RULES: list[Callable] = [rule_stability, rule_extortion, rule_violation, rule_employment]


def triage(case) -> TriageDecision:
    """Apply every rule; the first rule that names a lead decides the lead."""
    fired = [r for rule in RULES if (r := rule(case)) is not None]
    # The employment rule always fires; it leads only when no stability rule has taken the lead.
    lead = next(r.lead for r in fired if r.lead)
    if lead != K.MEDIATION_COMMITTEE:
        fired = [r for r in fired if r.rule != "employment"]
    tracks: list[str] = []
    assisting: list[str] = []
    for r in fired:
        tracks += [t for t in sorted(r.tracks) if t not in tracks]
        assisting += [a for a in sorted(r.assisting) if a not in assisting and a != lead]
    return TriageDecision(lead=lead, tracks=tracks, assisting=assisting, fired=fired)
