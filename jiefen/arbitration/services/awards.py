"""The award and the arbitral mediation statement that end the arbitration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.arbitration import policies as P
from jiefen.arbitration.choices import (
    TRACK,
    AwardItemKind,
    HearingStatus,
)
from jiefen.arbitration.models import (
    Application,
    AwardItem,
)
from jiefen.arbitration.rules import (
    final_award_rule,
    local_date,
)
from jiefen.arbitration.services._common import _move, _require_unheld
from jiefen.arbitration.services.outcome import outcome_record
from jiefen.cases.clocks import (
    clock_meet,
)
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded


@dataclass(frozen=True)
class AwardItemInput:
    kind: str
    description: str
    amount: Decimal | None = None


@guarded(P.PROCEED, on="application")
@transaction.atomic
def award_issue(
    *,
    application: Application,
    actor: User,
    items: list[AwardItemInput],
    text: str,
    awarded_at: dt.datetime | None = None,
) -> Application:
    """The tribunal's award; each item is marked final or not."""
    _require_unheld(application)
    errors = {}
    if not items:
        errors["items"] = [_("请至少填写一项裁决事项")]
    elif any(i.kind not in AwardItemKind.values or not i.description.strip() for i in items):
        errors["items"] = [_("每项须有类别和内容")]
    if not text.strip():
        errors["text"] = [_("请填写裁决理由与结果")]
    if errors:
        raise ValidationError(errors)
    if not application.hearings.filter(status=HearingStatus.HELD).exists():
        raise ConflictError(_("尚未开庭审理，不能作出裁决。"))
    awarded_at = awarded_at or timezone.now()
    day = local_date(awarded_at)
    rows = []
    for i in items:
        final, basis = final_award_rule(kind=i.kind, amount=i.amount, on=day)
        rows.append(
            AwardItem(
                application=application,
                kind=i.kind,
                description=i.description.strip(),
                amount=i.amount,
                final=final,
                final_basis=basis[:200],
            )
        )
    finals = sum(r.final for r in rows)
    _move(
        application,
        action="award",
        actor=actor,
        summary=phrase(
            N_("作出裁决：%(n)s项，其中终局裁决%(finals)s项"), n=len(rows), finals=finals
        ),
        note=text.strip()[:500],
        at=awarded_at,
        concluded_at=awarded_at,
        award_text=text.strip(),
    )
    AwardItem.objects.bulk_create(rows)
    clock_meet(case=application.case, track=TRACK, at=awarded_at)
    outcome_record(application=application, actor=actor)
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def application_mediate(*, application: Application, actor: User, terms: str) -> Application:
    """Mediation before the award succeeded: the tribunal issues a mediation statement
    (《劳动争议调解仲裁法》第四十二条)."""
    _require_unheld(application)
    if not terms.strip():
        raise ValidationError({"terms": [_("请填写调解协议内容")]})
    now = timezone.now()
    _move(
        application,
        action="mediate",
        actor=actor,
        summary=_("仲裁调解达成协议，制作仲裁调解书"),
        note=terms,
        concluded_at=now,
        award_text=terms.strip(),
    )
    clock_meet(case=application.case, track=TRACK, at=now)
    outcome_record(application=application, actor=actor)
    return application
