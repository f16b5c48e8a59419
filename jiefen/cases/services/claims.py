"""Replacing a case's claims (请求事项) as a whole: from a compensation calculation, or by hand."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases import messages as M
from jiefen.cases import policies as P
from jiefen.cases.choices import EventKind
from jiefen.cases.models import Case, ClaimItem
from jiefen.cases.services.lifecycle import _bump, case_event_add
from jiefen.cases.transitions import OPEN_STATUSES
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import source_text
from jiefen.core.policy import guarded

MAX_CLAIMS = 30


@guarded(P.EDIT, on="case")
@transaction.atomic
def case_claims_replace(
    *,
    case: Case,
    actor,
    claims: list[tuple[str, Decimal | None]],
    source: str = "",
    data: dict | None = None,
) -> Case:
    """Put `claims` (item, amount) in place of the case's claims; the claimed total follows."""
    if case.status not in OPEN_STATUSES:
        raise ConflictError(_("案件已办结，不能修改请求事项。"))
    cleaned = [(str(item).strip()[:100], amount) for item, amount in claims]
    if not cleaned or any(not item for item, _amount in cleaned):
        raise ValidationError({"claims": [_("请至少填写一项请求事项")]})
    if len(cleaned) > MAX_CLAIMS:
        raise ValidationError({"claims": [_("请求事项最多%(n)s项") % {"n": MAX_CLAIMS}]})
    if any(amount is not None and amount < 0 for _item, amount in cleaned):
        raise ValidationError({"claims": [_("金额不能为负数")]})
    before = [f"{c.item} {c.amount or ''}".strip() for c in case.claims.all()]
    total = sum((a for _i, a in cleaned if a), Decimal(0))
    _bump(case, claim_total=total)
    ClaimItem.objects.filter(case=case).delete()
    ClaimItem.objects.bulk_create([ClaimItem(case=case, item=i, amount=a) for i, a in cleaned])
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.EDIT,
        summary=(
            M.CLAIMS_UPDATED_FROM(source=source_text(source), count=len(cleaned), total=str(total))
            if source
            else M.CLAIMS_UPDATED(count=len(cleaned), total=str(total))
        ),
        note="；".join(
            f"{i}{'：' + format(a, ',.2f') + '元' if a is not None else ''}" for i, a in cleaned
        ),
        data={"claims": len(cleaned), "total": str(total), **(data or {})},
    )
    audit_record(
        action=AuditAction.CHANGE,
        actor=actor,
        obj=case,
        summary=f"修改案件 {case.number} 的请求事项",
        before={"claims": before},
        after={"claims": [f"{i} {a or ''}".strip() for i, a in cleaned]},
    )
    return case
