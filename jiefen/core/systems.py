"""The names people read for the other systems jiefen talks to.

Peers of the exchange and senders of signed calls are configured by code (`zj-province`,
`police110`: settings JIEFEN_EXCHANGE_PEERS, JIEFEN_WEBHOOK_SENDERS); a page shows the system's
name instead. A deployment that adds a system names it in JIEFEN_SYSTEM_NAMES (code=name pairs)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SYSTEM_NAMES = {
    "zj-province": _("浙江省矛盾纠纷调处平台"),
    "police110": _("110接处警平台"),
}


def system_label(code: str) -> str:
    """The system's name for a person; a code nobody named is shown as "外部系统（code）"."""
    if not code:
        return ""
    configured = getattr(settings, "JIEFEN_SYSTEM_NAMES", None) or {}
    if code in configured:
        return str(configured[code])
    if code in SYSTEM_NAMES:
        return str(SYSTEM_NAMES[code])
    return str(_("外部系统（%(code)s）") % {"code": code})


def system_options(codes: list[str], selected: object = None) -> list[tuple[str, str, bool]]:
    """A <select>'s options over system codes: (code, name, selected)."""
    chosen = "" if selected is None else str(selected)
    return [(code, system_label(code), code == chosen) for code in codes]
