"""The phone to text about a case: the one given on that case, never the person's record, so that
a claim (a link by identity number alone, see Claimant.claimed) texts the applicant who made it
and not the person on file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases.models import Claimant
from jiefen.core import crypto
from jiefen.core.policy import system


@system
def claimant_contact(*, claimant: Claimant, reason: str, actor=None) -> str:
    """The phone given on the claimant's case, for code that texts them (never shown to a
    person); "" when none was given. Audited like `party_contact`, on the case."""
    if not reason.strip():
        raise ValidationError({"reason": _("请说明使用电话的理由")})
    if not claimant.phone_cipher:
        return ""
    value = crypto.decrypt(claimant.phone_cipher)
    audit_record(
        action=AuditAction.REVEAL,
        actor=actor,
        obj=claimant.case,
        summary=f"{claimant.shown_name} 本案联系电话 (短信): {reason.strip()}"[:300],
    )
    return value
