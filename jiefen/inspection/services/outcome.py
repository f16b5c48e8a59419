"""The inspection's conclusion, what it implies for the case, and the case's conclusion from it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.cases.clocks import (
    clock_meet,
)
from jiefen.cases.models import Case
from jiefen.cases.services import case_act
from jiefen.cases.transitions import Implication
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import Amount, phrase
from jiefen.core.policy import guarded, internal, system
from jiefen.inspection import policies as P
from jiefen.inspection.choices import (
    INVESTIGATE_60,
    OrderStatus,
)
from jiefen.inspection.models import (
    Inspection,
)
from jiefen.inspection.selectors import inspection_track_state
from jiefen.inspection.services.common import _event, _may, _move, _not_future
from jiefen.inspection.transitions import (
    INSPECTION_LIFECYCLE,
)


@guarded(P.INVESTIGATE, on="inspection")
@transaction.atomic
def inspection_conclude(
    *,
    inspection: Inspection,
    actor: User,
    conclusion: str,
    at: dt.datetime | None = None,
    version: int | None = None,
) -> Inspection:
    """Close the investigation (结案) with its result; open orders must be followed up first."""
    _may(INSPECTION_LIFECYCLE, inspection, "conclude", version)
    at = _not_future(at, "at")
    if not conclusion.strip():
        raise ValidationError({"conclusion": [_("请填写处理结果")]})
    if inspection.rectification_orders.filter(status=OrderStatus.OPEN).exists():
        raise ConflictError(_("尚有责令改正未复查，不能结案。"))
    if inspection.notices.filter(sent_at__isnull=True).exists():
        raise ConflictError(_("尚有应书面告知投诉人的事项未告知，不能结案。"))
    total = sum((r.amount for r in inspection.wage_recoveries.all()), Decimal(0))
    _move(
        inspection,
        action="conclude",
        actor=actor,
        note=conclusion,
        summary=phrase(N_("监察结案，追发工资合计%(total)s"), total=Amount(total)),
        fields={"concluded_at": at, "conclusion": conclusion.strip()},
    )
    clock_meet(case=inspection.case, kinds=[INVESTIGATE_60], at=at)
    outcome_record(inspection=inspection, actor=actor)
    return inspection


@system
def inspection_outcome_implies(inspection: Inspection) -> Implication:
    """Wages recovered or the order complied with: the dispute can be resolved. Not opened, or
    an order ignored with nothing recovered: unresolved here (the worker may go to arbitration).
    Still under investigation: nothing follows yet."""
    return _implication(inspection_track_state(case=inspection.case))


def _implication(state) -> Implication:
    if state is None or not state.concluded:
        return Implication("", _("监察进行中。"))
    if state.resolved:
        return Implication("resolve", _("%(why)s：案件可以按“已化解”办结。") % {"why": state.why})
    return Implication(
        "mark_unresolved",
        _("%(why)s：案件在本中心未化解，申请人可申请劳动仲裁。") % {"why": state.why},
    )


@internal
def outcome_record(*, inspection: Inspection, actor) -> Implication:
    implication = inspection_outcome_implies(inspection)
    fields = implication.event_fields()
    _event(inspection, actor, fields["summary"], **fields["data"])
    return implication


@system
def inspection_case_action(*, inspection: Inspection, user) -> str:
    """The case action the inspection's result offers this person now, or "" (the case
    lifecycle's table and policies decide, asked through the kernel)."""
    from jiefen.cases.transitions import CASE_LIFECYCLE

    if not P.CONCLUDE_CASE.allows(user, inspection):
        return ""
    action = inspection_outcome_implies(inspection).offer_action
    if action and action in CASE_LIFECYCLE.available_actions(inspection.case, user):
        return action
    return ""


@guarded(P.CONCLUDE_CASE, on="inspection")
@transaction.atomic
def inspection_conclude_case(*, inspection: Inspection, actor: User, note: str = "") -> Case:
    """Take the case action the inspection's result offers (resolve, or mark unresolved), with
    the wages it recovered."""
    case = Case.objects.get(pk=inspection.case_id)
    state = inspection_track_state(case=case)
    implication = _implication(state)
    if not implication.offer_action:
        raise ConflictError(_("监察尚未结案，不能据此办结案件。"))
    return case_act(
        case=case,
        action=implication.offer_action,
        actor=actor,
        note=note.strip() or implication.summary,
        amount_recovered=state.recovered if implication.offer_action == "resolve" else None,
    )
