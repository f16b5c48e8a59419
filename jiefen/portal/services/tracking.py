"""Tracking by case number and a code to the phone on file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiefen.cases.models import Case
from jiefen.core import crypto
from jiefen.core.policy import guarded, internal
from jiefen.portal import policies as P
from jiefen.portal.choices import CodePurpose
from jiefen.portal.models import Application
from jiefen.portal.services.codes import code_send, code_verify
from jiefen.portal.services.limits import RateLimited, limit_of, rate_take


@internal
def phone_on_file(case: Case) -> str:
    """The phone recorded on this case: the online applicant's, else the one the representative
    claimant gave for it. Never the person's current phone on file, which another case (or
    another's claim) may not share: a phone reaches only the cases it was given for."""
    application = Application.objects.filter(case=case).first()
    if application is not None:
        return crypto.decrypt(application.phone_cipher)
    for claimant in case.claimants.all():
        if claimant.phone_cipher:
            return crypto.decrypt(claimant.phone_cipher)
    return ""


@guarded(P.PUBLIC)
def track_code_send(*, number: str, client_ip: str | None) -> Case | None:
    """Send a code to the phone on file of case `number`. The answer to the person is the same
    whether or not the number exists, so numbers cannot be probed; the limits count either way."""
    case = Case.objects.filter(number=number.strip().upper()).first()
    phone = phone_on_file(case) if case else ""
    if not phone:
        if client_ip and not rate_take(
            key=f"code:ip:{client_ip}", limit=limit_of("codes_per_ip_hour"), per="hour"
        ):
            raise RateLimited(_("本网络发送验证码过于频繁，请一小时后再试。"))
        return None
    code_send(phone=phone, purpose=CodePurpose.TRACK, client_ip=client_ip, case=case)
    return case


@guarded(P.PUBLIC)
def track_verify(*, number: str, code: str) -> Case:
    case = Case.objects.filter(number=number.strip().upper()).first()
    phone = phone_on_file(case) if case else ""
    if not phone:
        raise ValidationError({"code": [_("验证码不正确或已过期，请重新获取。")]})
    code_verify(
        phone_hash=crypto.lookup_hash(phone), purpose=CodePurpose.TRACK, code=code, case=case
    )
    return case
