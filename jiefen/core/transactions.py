"""One transaction for a service and the services it calls.

`transaction.atomic` nested in another atomic block opens a savepoint: two statements (SAVEPOINT
and RELEASE), each a round trip on PostgreSQL. A service called by another service rarely needs
one: an error in it leaves the caller too, and the caller's own block rolls both back. Registering
a case went through eleven such blocks (issue 20)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

_depth: ContextVar[int] = ContextVar("jiefen_service_atomic_depth", default=0)
_scratch: ContextVar[dict | None] = ContextVar("jiefen_service_atomic_scratch", default=None)


@contextmanager
def service_atomic() -> Iterator[None]:
    """`transaction.atomic` for a service (a decorator or a `with` block): the outermost keeps
    its savepoint or transaction; one opened inside another service's block joins it.

    So a service may not catch an error raised inside a service it calls and go on writing:
    Django refuses the next statement (TransactionManagementError). Where an error is expected
    and survived (an IntegrityError of a concurrent insert), open a plain `transaction.atomic()`
    around the statement: that one keeps its savepoint."""
    depth = _depth.get()
    token = _depth.set(depth + 1)
    scratch = _scratch.set({}) if depth == 0 else None
    try:
        with transaction.atomic(savepoint=depth == 0):
            yield
    finally:
        if scratch is not None:
            _scratch.reset(scratch)
        _depth.reset(token)


def service_scratch() -> dict | None:
    """A dict that lives as long as the outermost service block (None outside any): what one
    transaction's services tell each other. Trust nothing in it that a savepoint rolled back
    inside the block could have undone without checking it against the database."""
    return _scratch.get()
