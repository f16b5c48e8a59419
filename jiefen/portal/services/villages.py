"""The portal's village picker: anyone may search, within a per-address hourly allowance, and
learns only official names (no gazetteer detail, no mediators, no grid)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jiefen.core.policy import guarded
from jiefen.geo.gazetteer import Candidate, village_search
from jiefen.portal import policies as P
from jiefen.portal.services.limits import RateLimited, limit_of, rate_take

QUERY_MAX_CHARS = 60


@guarded(P.PUBLIC)
def village_lookup(*, query: str, client_ip: str, actor=None) -> list[Candidate]:
    """Villages for what a worker typed (name, pinyin initials, street, road or place)."""
    if not rate_take(
        key=f"villages:{client_ip}", limit=limit_of("village_lookups_per_ip_hour"), per="hour"
    ):
        raise RateLimited(_("查询过于频繁，请稍后再试。"))
    return village_search(query[:QUERY_MAX_CHARS])
