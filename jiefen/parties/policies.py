"""Who may see a party's personal data. Revealing a full identity number or phone is granted,
not assumed: a person who handles cases, for a party on a case within their scope. The police
liaison, whose work is 110 dispatch, is not granted it. Code that needs a phone to send a text
uses `party_contact` (a system use, audited) instead of revealing it to a person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import FRONT_DESK, HANDLERS
from jiefen.core.policy import policy
from jiefen.parties.scope import party_visible

REVEAL = policy("parties.reveal", _("查看当事人完整身份证号或电话"), HANDLERS, test=party_visible)
# The intake form's suggestions as the clerk types (within scope; intake itself matches a
# number against everyone on file).
LOOKUP = policy("parties.lookup", _("查找当事人"), FRONT_DESK)
