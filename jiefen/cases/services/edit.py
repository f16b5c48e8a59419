"""Editing a case's facts: against the version the editor saw, with before and after audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases import messages as M
from jiefen.cases import policies as P
from jiefen.cases.choices import Category, Channel, EventKind
from jiefen.cases.models import Case
from jiefen.cases.services.intake import search_text_for
from jiefen.cases.services.lifecycle import CaseChangedMeanwhile, _bump, case_event_add
from jiefen.cases.transitions import OPEN_STATUSES
from jiefen.core.exceptions import ConflictError
from jiefen.core.policy import guarded

EDITABLE = (
    "summary",
    "category",
    "channel",
    "people_gathered",
    "extreme_behaviour",
    "suspected_extortion",
    # A 110 call or a letter often names no employer; it is found out before acceptance.
    "employer",
)
LABELS = {
    "summary": "概要",
    "category": "类别",
    "channel": "渠道",
    "people_gathered": "聚集人数",
    "extreme_behaviour": "过激行为",
    "suspected_extortion": "涉嫌恶意讨薪",
    "employer": "用人单位",
}
# What the keyword search reads (Case.search_text) is built from these.
SEARCHED = {"summary", "employer"}


@guarded(P.EDIT, on="case")
@transaction.atomic
def case_update(*, case: Case, actor, version: int, **changes) -> Case:
    """Change a case's facts; refused if someone changed the case since `version` was read."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({f: [_("该字段不能修改")] for f in unknown})
    if case.status not in OPEN_STATUSES:
        raise ConflictError(_("案件已办结，不能修改；如需更正请由领导重新办理。"))
    if version != case.version:
        raise CaseChangedMeanwhile(case.pk)
    if "category" in changes and changes["category"] not in Category.values:
        raise ValidationError({"category": [_("未知纠纷类别")]})
    if "channel" in changes and changes["channel"] not in Channel.values:
        raise ValidationError({"channel": [_("未知来源渠道")]})
    if "summary" in changes and not str(changes["summary"]).strip():
        raise ValidationError({"summary": [_("请填写纠纷概要")]})
    if "employer" in changes and changes["employer"] is None:
        raise ValidationError({"employer": [_("请填写用人单位")]})
    changed = {f: v for f, v in changes.items() if getattr(case, f) != v}
    if not changed:
        return case
    before = {f: _shown(getattr(case, f)) for f in changed}
    fields = dict(changed)
    if SEARCHED & set(changed):
        fields["search_text"] = search_text_for(
            Case(number=case.number, summary=changed.get("summary", case.summary)),
            # The names given on this case (a claim never brings the record's name in).
            claimant_names=[
                c.name or c.worker.name for c in case.claimants.select_related("worker")
            ],
            employer=changed.get("employer", case.employer),
        )
    _bump(case, **fields)
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.EDIT,
        summary=M.EDITED(fields=[f for f in LABELS if f in changed]),
        data={"fields": sorted(changed)},
    )
    audit_record(
        action=AuditAction.CHANGE,
        actor=actor,
        obj=case,
        summary=f"修改案件 {case.number}",
        before=before,
        after={f: _shown(v) for f, v in changed.items()},
    )
    return case


def _shown(value):
    """A value as the audit trail keeps it: a related row by its name."""
    return getattr(value, "name", value)
