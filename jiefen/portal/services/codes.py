"""One-time codes by SMS, within the limits, and the pruning of spent codes and counters."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import Case
from jiefen.core import crypto
from jiefen.core.policy import guarded, system
from jiefen.core.senders import send_message
from jiefen.parties.validators import validate_phone
from jiefen.portal import policies as P
from jiefen.portal.models import PhoneCode, RateBucket
from jiefen.portal.services.limits import RateLimited, limit_of, rate_take

CODE_TTL = dt.timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
CODE_DIGITS = 6


def _code_hash(code: str, salt: str) -> str:
    return (
        salt
        + "$"
        + hmac.new(crypto.lookup_key(), f"otp:{salt}:{code}".encode(), hashlib.sha256).hexdigest()
    )


@guarded(P.PUBLIC)
@transaction.atomic
def code_send(
    *,
    phone: str,
    purpose: str,
    client_ip: str | None,
    case: Case | None = None,
    now: dt.datetime | None = None,
) -> PhoneCode:
    """Send a one-time code to `phone` by SMS, within the limits per phone and per address."""
    phone = validate_phone(phone)
    now = now or timezone.now()
    phone_hash = crypto.lookup_hash(phone)
    if client_ip and not rate_take(
        key=f"code:ip:{client_ip}", limit=limit_of("codes_per_ip_hour"), per="hour", now=now
    ):
        raise RateLimited(_("本网络发送验证码过于频繁，请一小时后再试。"))
    if not rate_take(
        key=f"code:phone:{phone_hash}", limit=limit_of("codes_per_phone_hour"), per="hour", now=now
    ):
        raise RateLimited(_("该手机号获取验证码次数过多，请一小时后再试。"))
    code = "".join(secrets.choice("0123456789") for _i in range(CODE_DIGITS))
    row = PhoneCode.objects.create(
        purpose=purpose,
        phone_hash=phone_hash,
        case=case,
        code_hash=_code_hash(code, secrets.token_hex(8)),
        client_ip=client_ip,
        created_at=now,
        expires_at=now + CODE_TTL,
    )
    body = _("您的验证码为%(code)s，%(min)d分钟内有效。如非本人操作请忽略。") % {
        "code": code,
        "min": int(CODE_TTL.total_seconds() // 60),
    }
    transaction.on_commit(
        lambda: send_message(channel="sms", to=phone, subject=_("解纷验证码"), body=body)
    )
    return row


@guarded(P.PUBLIC)
def code_verify(
    *, phone_hash: str, purpose: str, code: str, case: Case | None = None, now=None
) -> None:
    """Accept the latest live code for this phone (and case); raise ValidationError otherwise.

    Each code can be tried five times and used once; the counters move by compare-and-swap."""
    now = now or timezone.now()
    qs = PhoneCode.objects.filter(
        phone_hash=phone_hash, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    )
    if case is not None:
        qs = qs.filter(case=case)
    row = qs.order_by("-created_at", "-id").first()
    wrong = ValidationError({"code": [_("验证码不正确或已过期，请重新获取。")]})
    if row is None or row.attempts >= CODE_MAX_ATTEMPTS:
        raise wrong
    tried = PhoneCode.objects.filter(pk=row.pk, attempts=row.attempts).update(
        attempts=F("attempts") + 1
    )
    salt, _sep, _digest = row.code_hash.partition("$")
    if tried != 1 or not hmac.compare_digest(_code_hash(code.strip(), salt), row.code_hash):
        raise wrong
    if PhoneCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now) != 1:
        raise wrong


@system
def portal_prune(*, now: dt.datetime | None = None) -> int:
    """Delete spent counters and codes (kept a day and a month); the number of rows removed."""
    now = now or timezone.now()
    buckets, _ = RateBucket.objects.filter(window_start__lt=now - dt.timedelta(days=2)).delete()
    codes, _ = PhoneCode.objects.filter(created_at__lt=now - dt.timedelta(days=30)).delete()
    return buckets + codes
