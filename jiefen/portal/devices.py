"""A remembered device: after a citizen confirms a tracking code, a signed, expiring cookie lets
this browser open the same cases again without a new SMS code.

The cookie names each case with a fingerprint of the phone the code went to; if the case's phone
on file changes, the fingerprint no longer matches and the case needs a code again. It proves
only that this browser once received a code for the case, which is all a session proves too."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from jiefen.cases.models import Case
from jiefen.core import crypto
from jiefen.portal.services.tracking import phone_on_file

COOKIE = "jiefen_device"
SALT = "jiefen.portal.device"
# A browser remembers at most this many cases (a cookie stays small).
MAX_CASES = 10


def _max_age() -> int:
    return settings.JIEFEN_PORTAL_DEVICE_DAYS * 24 * 3600


def _fingerprint(case: Case) -> str:
    phone = phone_on_file(case)
    return hashlib.sha256(crypto.lookup_hash(phone).encode()).hexdigest()[:16] if phone else ""


def _read(request: HttpRequest) -> dict[str, str]:
    if not _max_age():
        return {}
    # A bad signature or an expired cookie reads as no cookie.
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=_max_age())
    try:
        cases = json.loads(value) if value else {}
    except ValueError:
        return {}
    return cases if isinstance(cases, dict) else {}


def device_remembers(request: HttpRequest, case: Case) -> bool:
    fingerprint = _read(request).get(str(case.pk))
    return bool(fingerprint) and fingerprint == _fingerprint(case)


def device_remembered_cases(request: HttpRequest) -> list[Case]:
    remembered = _read(request)
    cases = Case.objects.filter(pk__in=[int(k) for k in remembered if k.isdigit()]).order_by("-pk")
    return [c for c in cases if remembered[str(c.pk)] == _fingerprint(c)]


def device_remember(request: HttpRequest, response: HttpResponse, case: Case) -> None:
    if not _max_age():
        return
    remembered = _read(request)
    remembered.pop(str(case.pk), None)
    remembered[str(case.pk)] = _fingerprint(case)
    kept = dict(list(remembered.items())[-MAX_CASES:])
    response.set_signed_cookie(
        COOKIE,
        json.dumps(kept),
        salt=SALT,
        max_age=_max_age(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def device_forget(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")
