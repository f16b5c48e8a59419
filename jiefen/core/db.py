"""Database expressions the apps share: computed natively by SQLite and PostgreSQL alike; and
expressions kept as SQL text, compiled once a process."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import FloatField, Func, Model
from django.db.models.expressions import BaseExpression, RawSQL

# (database vendor, key) → the SQL and parameters `expression_sql` compiled.
_KEPT: dict[tuple[str, Hashable], tuple[str, tuple]] = {}


def expression_sql(model: type[Model], expression: Any, connection) -> tuple[str, tuple]:
    """`expression` as a column of a query on `model`, in `connection`'s SQL: resolved against
    that query as `annotate` would (an outer reference becomes a column of the model's table)."""
    query = model._default_manager.all().query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(expression.resolve_expression(query))
    return sql, tuple(params)


def kept_column(
    key: Hashable,
    model: type[Model],
    build: Callable[..., BaseExpression],
    *args: Any,
    output_field,
) -> RawSQL:
    """`build(*args)` as a column of a query on `model`, compiled the first time a process asks
    for `key` and as text after that: a subquery resolved and compiled on every view of a page
    cost more than its statement took to run. `build`'s parameters must come out as the query's,
    in order and unchanged (a value the ORM folds into the text, or reorders, would be kept with
    the first caller's): checked when compiled."""
    connection = connections[router.db_for_read(model)]
    found = _KEPT.get((connection.vendor, key))
    if found is None:
        found = expression_sql(model, build(*args), connection)
        if found[1] != tuple(args):
            raise ImproperlyConfigured(f"{key!r}: parameters {found[1]!r}, not {args!r}")
        _KEPT[(connection.vendor, key)] = found
    return RawSQL(found[0], args, output_field=output_field)


class SecondsBetween(Func):
    """Seconds from the second datetime to the first, computed natively by the database (on
    SQLite, Django's own datetime subtraction calls back into Python for every row).

    SQLite keeps julianday() to the millisecond but as a day fraction, so the difference comes
    out a hair off (exactly 15 minutes reads 899.99998 seconds); rounding to the millisecond
    gives back the exact figure that limits and bucket boundaries compare against."""

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="ROUND((julianday(%(expressions)s)) * 86400.0, 3)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra,
        )
