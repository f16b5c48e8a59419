"""API tokens that expire: idle for `JIEFEN_TOKEN_IDLE_HOURS` (12) or older than
`JIEFEN_TOKEN_MAX_AGE_DAYS` (30), and dead once their owner's password changes. An expired or
revoked token is deleted on sight and answered 401 with the reason."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from jiefen.accounts.models import TokenState

# Writing the last use on every request would make each API call a write; once per few
# minutes is exact enough for a twelve-hour idle limit.
TOUCH_EVERY = dt.timedelta(minutes=5)


def token_refusal(*, token, now: dt.datetime) -> str | None:
    """Why `token` no longer authenticates, or None (recording its use)."""
    state = TokenState.objects.filter(token=token).first()
    mark = token.user.get_session_auth_hash()
    if state is None:
        # A token issued outside `token_issue` (a test, the shell): watched from its first use.
        TokenState.objects.create(token=token, last_used_at=now, password_mark=mark)
        state = None
    if now - token.created > dt.timedelta(days=settings.JIEFEN_TOKEN_MAX_AGE_DAYS):
        return "令牌已过期，请重新获取。"
    if state is not None:
        if not constant_time_compare(state.password_mark, mark):
            return "密码已更改，令牌已失效，请重新获取。"
        if now - state.last_used_at > dt.timedelta(hours=settings.JIEFEN_TOKEN_IDLE_HOURS):
            return "令牌长时间未使用，已失效，请重新获取。"
        if now - state.last_used_at > TOUCH_EVERY:
            TokenState.objects.filter(pk=state.pk).update(last_used_at=now)
    return None


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused once the token has expired or been revoked."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        reason = token_refusal(token=token, now=timezone.now())
        if reason is not None:
            token.delete()
            raise exceptions.AuthenticationFailed(reason)
        return user, token
