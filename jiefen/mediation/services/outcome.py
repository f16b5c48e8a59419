"""How a mediation ends without agreement (failure with the hand-over to arbitration, refusal),
and what its outcome implies for the case."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import User
from jiefen.cases.choices import Track
from jiefen.cases.models import Case
from jiefen.cases.selectors import party_language
from jiefen.cases.services import case_act
from jiefen.cases.tracks import case_track_hand_over
from jiefen.cases.transitions import Implication
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded, internal
from jiefen.core.senders import send_message
from jiefen.mediation import policies as P
from jiefen.mediation.choices import (
    TRACK,
)
from jiefen.mediation.models import Mediation
from jiefen.mediation.rules import (
    mediation_outcome_implies,
)
from jiefen.mediation.services._common import _end, _event, _require_open


@guarded(P.MEDIATE, on="mediation")
@transaction.atomic
def mediation_transfer(
    *,
    mediation: Mediation,
    actor: User,
    reason: str,
    knew_infringement_on: dt.date | None = None,
):
    """Mediation failed: end it and hand the case over to arbitration, in one step, through the
    track contract (《劳动争议调解仲裁法》第十四条: no agreement within the period, a party may
    apply); the arbitration track opens its application under its own policy."""
    _require_open(mediation, "session")
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写调解不成的原因")]})
    application = case_track_hand_over(
        case=mediation.case,
        from_track=TRACK,
        to_track=Track.ARBITRATION,
        actor=actor,
        reason=reason.strip(),
        knew_infringement_on=knew_infringement_on,
    )
    _end(
        mediation,
        action="transfer",
        actor=actor,
        note=reason.strip(),
        summary=_("调解不成，转入仲裁"),
        data={"application": application.pk},
        arbitration=application,
    )
    outcome_record(mediation=mediation, actor=actor)
    return application


@guarded(P.MEDIATE, on="mediation")
@transaction.atomic
def mediation_refuse(*, mediation: Mediation, actor: User, note: str) -> Mediation:
    """The other side refuses to mediate: mediation ends and the applicant is told by SMS."""
    from jiefen.cases.services import claimant_contact

    _require_open(mediation, "session")
    if not note.strip():
        raise ValidationError({"note": [_("请填写拒绝调解的情况")]})
    case = mediation.case
    claimant = case.claimants.select_related("worker").first()
    told = ""
    # The phone and name given on this case: a claim must not text the person on file.
    if claimant and claimant.phone_cipher:
        phone = claimant_contact(claimant=claimant, actor=actor, reason=_("短信告知对方拒绝调解"))
        # Written in the applicant's language, whoever presses the button.
        with translation.override(party_language(case)):
            subject = _("调解终止告知")
            body = _(
                "%(name)s您好：您申请调解的案件（%(number)s），%(employer)s拒绝调解，调解已终止。"
                "您可以自知道权利被侵害之日起一年内向劳动人事争议仲裁院申请仲裁。"
            ) % {
                "name": claimant.shown_name,
                "number": case.number,
                "employer": case.employer.name if case.employer else _("对方"),
            }
        transaction.on_commit(
            lambda: send_message(channel="sms", to=phone, subject=subject, body=body)
        )
        told = claimant.phone_masked
    _end(
        mediation,
        action="refuse",
        actor=actor,
        note=note.strip(),
        summary=phrase(N_("对方拒绝调解，调解终止；已短信告知申请人%(told)s"), told=told),
    )
    outcome_record(mediation=mediation, actor=actor)
    return mediation


@internal
def outcome_record(*, mediation: Mediation, actor) -> Implication:
    implication = mediation_outcome_implies(mediation)
    _event(mediation, actor=actor, **implication.event_fields())
    return implication


@guarded(P.CONCLUDE, on="mediation")
@transaction.atomic
def mediation_resolve_case(*, mediation: Mediation, actor: User, note: str = "") -> Case:
    """Resolve the case on the strength of the mediation agreement (the action offered)."""
    if mediation_outcome_implies(mediation).offer_action != "resolve":
        raise ConflictError(_("调解未达成协议，不能据此化解案件。"))
    case = Case.objects.get(pk=mediation.case_id)
    agreement = mediation.agreement
    return case_act(
        case=case,
        action="resolve",
        actor=actor,
        note=note.strip() or f"经调解达成协议：{agreement.terms[:200]}",
        amount_recovered=agreement.total,
    )
