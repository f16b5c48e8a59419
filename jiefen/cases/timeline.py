"""Timeline entries written together. A service that writes several entries in one request
(registering a case: the reception, the clocks started, the related cases found, the move to
registered) opens `case_events_together()`; the entries written inside go to the database in one
INSERT when the block ends, in the order they were written, and not at all if it raises.

Inside the block, the entries are not in the database yet: code that reads the timeline (or
needs an entry's id) must run after it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from jiefen.cases.models import CaseEvent
from jiefen.core.policy import internal

_pending: ContextVar[list[CaseEvent] | None] = ContextVar("jiefen_case_events", default=None)


@internal
@contextmanager
def case_events_together() -> Iterator[None]:
    """Collect the entries written inside; one INSERT at the end (an inner block joins)."""
    if _pending.get() is not None:
        yield
        return
    events: list[CaseEvent] = []
    token = _pending.set(events)
    try:
        yield
    finally:
        _pending.reset(token)
    if events:
        CaseEvent.objects.bulk_create(events)


@internal
def case_events_write(*events: CaseEvent) -> None:
    """Write these entries now, or at the end of the enclosing `case_events_together()`."""
    pending = _pending.get()
    if pending is not None:
        pending.extend(events)
    elif events:
        CaseEvent.objects.bulk_create(events)
