"""Who may provision staff and read their own notifications."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import ADMINS
from jiefen.core.policy import policy

# Provisioning people gives them a role and a scope: administrators only.
STAFF = policy("accounts.staff", _("开设工作人员账号"), ADMINS)
