"""Who may use the Open311 door. A client system acts with its API key, never as a person
(`CLIENT`, which no role holds; the key is checked by the door, `views.Open311View`, and what
the key may see and do by the services and selectors). Keys are issued and revoked by
administrators, in the admin or with `jiefen open311_key` on the server."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import ADMINS
from jiefen.core.policy import policy

CLIENT = policy("open311.client", _("经Open311提交和查询诉求"), (), without_actor=True)
# The management command issues a key from the server's shell, with no person signed in.
KEYS = policy("open311.keys", _("管理Open311客户端密钥"), ADMINS, without_actor=True)
