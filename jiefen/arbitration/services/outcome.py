"""What the arbitration's outcome implies for the case, recorded and acted on."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from jiefen.accounts.models import User
from jiefen.arbitration import policies as P
from jiefen.arbitration.models import (
    Application,
)
from jiefen.arbitration.rules import (
    arbitration_outcome_implies,
)
from jiefen.arbitration.services._common import _event
from jiefen.cases.models import Case
from jiefen.cases.services import case_act
from jiefen.cases.tracks import case_put_in_hand
from jiefen.cases.transitions import Implication
from jiefen.core.exceptions import ConflictError
from jiefen.core.policy import guarded, internal


@internal
def outcome_record(*, application: Application, actor) -> Implication:
    implication = arbitration_outcome_implies(application)
    _event(application, actor=actor, **implication.event_fields())
    return implication


@guarded(P.CONCLUDE, on="application")
@transaction.atomic
def application_conclude_case(*, application: Application, actor: User, note: str = "") -> Case:
    """Take the case action the outcome offers (resolve, or mark unresolved)."""
    implication = arbitration_outcome_implies(application)
    if not implication.offer_action:
        raise ConflictError(_("仲裁尚未结束，不能据此办结案件。"))
    case = Case.objects.get(pk=application.case_id)
    # An application declined before acceptance leaves a case that was never in hand.
    case = case_put_in_hand(case=case, actor=actor, why=_("据仲裁结果办结"))
    return case_act(
        case=case,
        action=implication.offer_action,
        actor=actor,
        note=note.strip() or implication.summary,
    )
