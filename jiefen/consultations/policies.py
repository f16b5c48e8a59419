"""Who may use the answer library. Answering a consultation is the case lifecycle's "answer"
action, so its policy is the front desk's, within the case's scope; reading the library is
open to everyone who handles cases (and to the public through the portal's 政策问答)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import FRONT_DESK, HANDLERS, LEADERS
from jiefen.cases.policies import in_scope
from jiefen.core.policy import policy

LIBRARY = policy("consultations.library", _("查阅咨询答复库"), HANDLERS)
ANSWER = policy("consultations.answer", _("用答复库答复咨询"), FRONT_DESK, test=in_scope)
REVIEW = policy("consultations.review", _("复核咨询答复"), LEADERS)
