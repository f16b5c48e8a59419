"""Which of the case page's panels have rows for the case, asked once, with the case.

Each panel reads its own tables: a track's through `TrackSpec.panel`, another app's through
`case_panel` on its AppConfig. A case has rows in few of them, so each panel also names an
EXISTS over each table it reads (`TrackSpec.rows`, or `case_panel_rows` on the AppConfig: a path
to a function returning them). The case page fetches the case with all of them in its one query
(`selectors.case_page_get_for_user`), and a panel reads a table only when the case has rows in
it: one query for every panel, none for a panel with nothing to show."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import BooleanField, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils.module_loading import import_string

from jiefen.core.db import expression_sql

# Where a case's probe results are kept, for the request (the case object lives no longer).
_FOUND = "_panel_rows_found"


def _own_rows() -> dict[str, Exists]:
    """The case page's own lists that most cases leave empty."""
    from jiefen.cases.models import Case, CaseLink, CollectiveProposal

    case = OuterRef("pk")
    return {
        "cases_merged": Exists(Case.objects.filter(merged_into=case)),
        "cases_links": Exists(CaseLink.objects.filter(Q(case=case) | Q(other=case))),
        "cases_proposals": Exists(CollectiveProposal.objects.filter(cases=case)),
    }


def _sources() -> tuple[Callable[[], dict[str, Exists]], ...]:
    from jiefen.cases.tracks import track_specs

    sources = [_own_rows]
    sources += [spec.rows for spec in track_specs() if spec.rows is not None]
    for config in apps.get_app_configs():
        path = getattr(config, "case_panel_rows", None)
        if path:
            sources.append(import_string(path))
    return tuple(sources)


def panel_row_probes() -> dict[str, Exists]:
    """Every registered probe, by name (each name a Python identifier, unique)."""
    return _probes(_sources())


def _probes(sources: Iterable[Callable[[], dict[str, Exists]]]) -> dict[str, Exists]:
    probes: dict[str, Exists] = {}
    for source in sources:
        for name, exists in source().items():
            if name in probes or not name.isidentifier():
                raise ImproperlyConfigured(f"case panel rows: {name!r} taken or not an identifier")
            probes[name] = exists
    return probes


# (database vendor, the probes' sources) → each probe's SQL and parameters.
_COMPILED: dict[tuple, dict[str, tuple[str, tuple]]] = {}


def panel_row_columns(connection) -> dict[str, RawSQL]:
    """The probes as columns of a query on the cases table, in `connection`'s SQL: compiled the
    first time a process asks for this set of sources (a track or an app registered later, as a
    test does, makes a new set), as text after that."""
    from jiefen.cases.models import Case

    sources = _sources()
    key = (connection.vendor, sources)
    compiled = _COMPILED.get(key)
    if compiled is None:
        # Each probe's outer reference becomes a column of the cases table.
        compiled = {
            name: expression_sql(Case, exists, connection)
            for name, exists in _probes(sources).items()
        }
        _COMPILED[key] = compiled
    return {
        name: RawSQL(sql, params, output_field=BooleanField())
        for name, (sql, params) in compiled.items()
    }


def case_rows_note(case: Any, found: Iterable[str]) -> None:
    """Keep on the case the names whose tables have rows for it (the page's probe)."""
    setattr(case, _FOUND, frozenset(found))


def case_has_rows(case: Any, name: str) -> bool:
    """Whether the case has rows under the probe `name`. True when the case was fetched without
    the probes: a panel rendered elsewhere reads its tables as before."""
    found = getattr(case, _FOUND, None)
    return found is None or name in found
