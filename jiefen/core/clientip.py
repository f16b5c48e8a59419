"""The address a request came from, for lockouts, rate limits and the audit trail.

Behind a reverse proxy REMOTE_ADDR is the proxy: every citizen would share one portal limit
and one failed login would lock everyone out. The proxy puts the client in X-Forwarded-For,
but anyone can send that header, so it is read only when the request comes from an address in
`settings.TRUSTED_PROXIES`; the client is then the nearest address in the header that is not
itself a trusted proxy (proxies append, so the far left is whatever the client claimed).
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(v, strict=False) for v in values)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", []) or []))
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote  # a malformed hop: believe nothing further left
        if not _trusted(hop, networks):
            return hop
    return remote
