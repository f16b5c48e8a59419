"""Who may do what on the portal. The public acts with no staff login (`PUBLIC`, which no role
holds: a staff member does not apply for a worker through the worker's page); staff review the
applications of cases in their scope, read their evidence, and answer the letters to the
mailboxes of employers in their villages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import FRONT_DESK, HANDLERS, MEDIATORS
from jiefen.cases.policies import in_scope
from jiefen.core.policy import policy


def _application_in_scope(user: Any, application: Any) -> bool:
    return in_scope(user, application.case)


def _evidence_in_scope(user: Any, evidence: Any) -> bool:
    return in_scope(user, evidence.application.case)


def _booking_in_scope(user: Any, booking: Any) -> bool:
    return in_scope(user, booking.case)


def _employer_in_villages(user: Any, obj: Any) -> bool:
    """A letter or mailbox of an employer in the person's villages."""
    from jiefen.geo.selectors import village_scope_q
    from jiefen.portal.models import Letter, Mailbox

    if isinstance(obj, Letter):
        return Letter.objects.filter(
            village_scope_q(user, prefix="mailbox__employer__village"), pk=obj.pk
        ).exists()
    return Mailbox.objects.filter(
        village_scope_q(user, prefix="employer__village"), pk=obj.pk
    ).exists()


# The public: applying, tracking, booking, writing to a mailbox (no person signed in).
PUBLIC = policy("portal.public", _("使用网上服务"), (), without_actor=True)
REVIEW = policy("portal.review", _("审核网上申请"), FRONT_DESK, test=_application_in_scope)
EVIDENCE = policy("portal.evidence", _("查看申请人证据材料"), HANDLERS, test=_evidence_in_scope)
LETTERS = policy("portal.letters", _("处理维权信箱来信"), FRONT_DESK, test=_employer_in_villages)
MAILBOXES = policy("portal.mailboxes", _("管理维权信箱"), FRONT_DESK, test=_employer_in_villages)
# The mediator's side of an online mediation: start it, enter its room as the moderator.
VIDEO = policy("portal.video", _("主持线上调解"), MEDIATORS, test=_booking_in_scope)
