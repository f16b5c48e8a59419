"""Which parties a person may see: those on the cases within their scope.

Parties sit below cases, so they cannot ask the cases themselves; `cases` registers the two
queries at start-up (`party_scope_register` in its AppConfig). Until something registers, a
person sees no party by name (identifiers still find anyone on file, to avoid a second entry)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

# person → a filter on Worker (resp. Employer) primary keys
ScopeQuery = Callable[[Any], Q]
_SCOPE: dict[str, ScopeQuery] = {}
NOTHING = Q(pk__in=[])


def party_scope_register(*, workers: ScopeQuery, employers: ScopeQuery) -> None:
    """Declare how to find the workers and employers a person may see (called once by cases)."""
    _SCOPE["worker"] = workers
    _SCOPE["employer"] = employers


def workers_scope_q(user: Any) -> Q:
    query = _SCOPE.get("worker")
    return query(user) if query is not None else NOTHING


def employers_scope_q(user: Any) -> Q:
    query = _SCOPE.get("employer")
    return query(user) if query is not None else NOTHING


def party_visible(user: Any, party: Any) -> bool:
    """Whether the party is on a case this person may see."""
    from jiefen.parties.models import Worker

    scope = workers_scope_q(user) if isinstance(party, Worker) else employers_scope_q(user)
    return type(party).objects.filter(scope, pk=party.pk).exists()
