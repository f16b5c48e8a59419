"""Wall-screen passes: a signed token in the URL names a `KioskToken` row; the row says which
scope the screen shows and whether the pass still holds. Nobody signs in: the page is read-only
and no session is made, so there is no login timeout on the wall and nothing to reuse elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from jiefen.accounts.choices import ScopeLevel
from jiefen.reports.models import KioskToken

SALT = "jiefen.reports.kiosk"


def kiosk_token_sign(token: KioskToken) -> str:
    """The token's URL part: its id and nonce, signed with the site's secret key. No timestamp:
    the same pass always has the same address, and it holds until revoked."""
    return signing.Signer(salt=SALT).sign_object({"id": token.pk, "n": token.nonce}, compress=True)


def kiosk_token_resolve(signed: str) -> KioskToken | None:
    """The active pass `signed` names, or None (bad signature, unknown, revoked)."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(signed)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    return KioskToken.objects.filter(
        pk=payload.get("id"), nonce=payload.get("n", ""), revoked_at__isnull=True
    ).first()


@dataclass(frozen=True)
class KioskReader:
    """Who the wall screen reads as: nobody signed in, with the pass's scope. The selectors take
    a person for their scope; this one has no roles and no id, so it can only read figures."""

    scope_level: str
    scope_code: str
    is_superuser: bool = False
    is_authenticated: bool = False
    pk: None = None
    id: None = None
    role: str = ""

    @classmethod
    def of(cls, token: KioskToken) -> KioskReader:
        if token.street:
            return cls(scope_level=ScopeLevel.STREET, scope_code=token.street)
        return cls(scope_level=ScopeLevel.DISTRICT, scope_code="")
